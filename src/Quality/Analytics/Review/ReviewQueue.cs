using Quality.Analytics.Consensus;

namespace Quality.Analytics.Review;

/// <summary>One field's answers, gold and Dawid–Skene fit (gold clamped), to rank for review.</summary>
public sealed record ReviewField(string Field, RatingSet Ratings, int[] Gold, DawidSkeneResult Fit);

/// <summary>One annotator's answer on a queued item.</summary>
public readonly record struct ReviewAnswer(string Annotator, string Label);

/// <summary>A queued item of one field: its consensus and how unsure it is.</summary>
/// <param name="Rank">1 for the item to review first.</param>
/// <param name="Uncertainty">1 − the largest posterior probability: the expected chance the consensus label is wrong.</param>
public sealed record ReviewItem(int Rank, string Field, string Item, string ConsensusLabel, double Confidence, double Uncertainty,
    int AnswerCount, IReadOnlyList<ReviewAnswer> Answers)
{
    /// <summary>Answers per label, most given first (ties by label order in the field).</summary>
    public IReadOnlyList<(string Label, int Count)> Votes { get; init; } = [];
}

/// <summary>The first N items of a queue and what reviewing them would catch.</summary>
/// <param name="ExpectedErrorsInTop">Σ (1 − max posterior) over the N items: the consensus errors they are expected to hold.</param>
/// <param name="ExpectedErrorsRemaining">The same sum over every queued (non-gold) item.</param>
/// <param name="ShareOfRemainingErrors">Top / remaining; null with <see cref="ShareReason"/> when nothing is expected to be wrong.</param>
public sealed record ReviewQueueTop(IReadOnlyList<ReviewItem> Items, int QueuedItems, double ExpectedErrorsInTop,
    double ExpectedErrorsRemaining, double? ShareOfRemainingErrors, string? ShareReason);

/// <summary>
/// Items whose consensus is least certain, first: ranked by 1 − the Dawid–Skene posterior's maximum, ties broken by
/// fewer answers, then field and item key (ordinal). Gold items are left out (their label is known). Under a
/// calibrated model the sum of the uncertainties of the first N items is the number of consensus errors they hold.
/// </summary>
public sealed class ReviewQueue
{
    private readonly IReadOnlyList<ReviewField> _fields;
    private readonly (int Field, int Item, double Uncertainty, int Answers)[] _order;
    private readonly double _expectedRemaining;
    private readonly AnswerIndex?[] _indexes;

    private ReviewQueue(IReadOnlyList<ReviewField> fields, (int, int, double, int)[] order, double expectedRemaining)
    {
        _fields = fields;
        _order = order;
        _expectedRemaining = expectedRemaining;
        _indexes = new AnswerIndex?[fields.Count];
    }

    /// <summary>Non-gold items with answers, across all the fields.</summary>
    public int Count => _order.Length;

    /// <summary>Σ (1 − max posterior) over every queued item.</summary>
    public double ExpectedErrors => _expectedRemaining;

    public static ReviewQueue Build(IReadOnlyList<ReviewField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var entries = new List<(int Field, int Item, double Uncertainty, int Answers)>();
        for (var f = 0; f < fields.Count; f++)
        {
            var (_, set, gold, fit) = fields[f];
            if (gold.Length != set.ItemCount || fit.ItemCount != set.ItemCount)
                throw new ArgumentException($"field {fields[f].Field}: gold and fit need one entry per item");
            var answers = new int[set.ItemCount];
            foreach (var i in set.Items) answers[i]++;
            for (var i = 0; i < set.ItemCount; i++)
            {
                if (gold[i] >= 0 || fit.Confidence(i) is not { } confidence) continue;
                // Posteriors are normalised to 1 up to rounding; a hair above 1 must not make a negative error count.
                entries.Add((f, i, Math.Max(0, 1 - confidence), answers[i]));
            }
        }
        var order = entries.ToArray();
        Array.Sort(order, (a, b) => Compare(
            (a.Uncertainty, a.Answers, fields[a.Field].Field, fields[a.Field].Ratings.ItemNames[a.Item]),
            (b.Uncertainty, b.Answers, fields[b.Field].Field, fields[b.Field].Ratings.ItemNames[b.Item])));
        // Summed in queue order, so the same data give the same total bit for bit.
        double remaining = 0;
        foreach (var e in order) remaining += e.Uncertainty;
        return new ReviewQueue(fields, order, remaining);
    }

    /// <summary>Queue order: more uncertain first, then fewer answers, then field name and item key (ordinal).</summary>
    internal static int Compare((double Uncertainty, int Answers, string Field, string Item) a,
        (double Uncertainty, int Answers, string Field, string Item) b)
    {
        var c = b.Uncertainty.CompareTo(a.Uncertainty);
        if (c == 0) c = a.Answers.CompareTo(b.Answers);
        if (c == 0) c = string.CompareOrdinal(a.Field, b.Field);
        return c != 0 ? c : string.CompareOrdinal(a.Item, b.Item);
    }

    /// <summary>The first <paramref name="n"/> items (fewer when the queue is shorter) with their expected errors.</summary>
    public ReviewQueueTop Top(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var take = Math.Min(n, _order.Length);
        var items = new List<ReviewItem>(take);
        double expected = 0;
        for (var r = 0; r < take; r++)
        {
            expected += _order[r].Uncertainty;
            items.Add(Describe(r));
        }
        double? share = _expectedRemaining > 0 ? Math.Min(1, expected / _expectedRemaining) : null;
        var reason = share is null
            ? _order.Length == 0 ? "no non-gold item has answers" : "no consensus error is expected: every posterior is certain"
            : null;
        return new ReviewQueueTop(items, _order.Length, expected, _expectedRemaining, share, reason);
    }

    /// <summary>Field, item code and uncertainty of each queued entry, in queue order (for calibration checks).</summary>
    public IEnumerable<(string Field, int Item, double Uncertainty)> Entries() =>
        _order.Select(e => (_fields[e.Field].Field, e.Item, e.Uncertainty));

    private ReviewItem Describe(int rank)
    {
        var (f, item, uncertainty, count) = _order[rank];
        var (field, set, _, fit) = _fields[f];
        var index = _indexes[f] ??= AnswerIndex.Build(set);
        var answers = new List<ReviewAnswer>(count);
        var votes = new int[set.LabelCount];
        for (var a = index.Start[item]; a < index.Start[item + 1]; a++)
        {
            answers.Add(new ReviewAnswer(set.RaterNames[index.Raters[a]], set.LabelNames[index.Labels[a]]));
            votes[index.Labels[a]]++;
        }
        var tally = Enumerable.Range(0, votes.Length).Where(l => votes[l] > 0)
            .OrderByDescending(l => votes[l]).ThenBy(l => l)
            .Select(l => (set.LabelNames[l], votes[l])).ToList();
        return new ReviewItem(rank + 1, field, set.ItemNames[item], set.LabelNames[fit.Labels[item]], fit.Confidence(item)!.Value,
            uncertainty, count, answers)
        {
            Votes = tally,
        };
    }
}
