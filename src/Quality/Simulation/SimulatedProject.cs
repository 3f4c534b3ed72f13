using System.Globalization;
using Quality.Analytics;
using Quality.Simulation.Randomness;
using Quality.Simulation.Text;

namespace Quality.Simulation;

/// <summary>
/// A simulated labeling project. Only the team and the gold selection are held in memory; each task (item,
/// true answers, every annotator answer) is recomputed on demand from its own random streams, so a project
/// of millions of annotations streams through <see cref="Tasks"/> in constant memory and any single task
/// can be looked at without generating the others.
/// </summary>
public sealed class SimulatedProject
{
    private const double CrossTeamWeight = 0.25;
    private const double AverageTextLength = 90;
    private const long TicksPerMicrosecond = 10;

    private static readonly double[] SentimentPrior = [.. SimulatedFields.SentimentPrior];
    private static readonly double[] QualityPrior = [.. SimulatedFields.QualityPrior];

    private readonly ulong _seed;
    private readonly int[] _goldRank;
    private readonly int[] _goldItems;
    private readonly SimulatedAnnotator[] _annotators;

    internal SimulatedProject(SimulationOptions options)
    {
        Options = options;
        _seed = (ulong)options.Seed;
        Calendar = new WorkCalendar(options.Start, options.Weeks);
        _annotators = AnnotatorFactory.Create(options, Calendar).ToArray();

        var n = options.Items;
        var g = options.GoldItemCount;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var rng = Xoshiro256.For(_seed, StreamPurpose.GoldSelection);
        for (var k = 0; k < g; k++)
        {
            var j = k + rng.NextInt(n - k);
            (order[k], order[j]) = (order[j], order[k]);
        }
        _goldItems = order[..g];
        Array.Sort(_goldItems);
        _goldRank = new int[n];
        Array.Fill(_goldRank, -1);
        for (var r = 0; r < g; r++) _goldRank[_goldItems[r]] = r;
    }

    public SimulationOptions Options { get; }

    public WorkCalendar Calendar { get; }

    public IReadOnlyList<SimulatedAnnotator> Annotators => _annotators;

    /// <summary>The Label Studio account that enters the gold answers.</summary>
    public SimulatedAccount Reviewer => AnnotatorFactory.Reviewer;

    public int ItemCount => Options.Items;

    /// <summary>Indices of the gold items, ascending.</summary>
    public IReadOnlyList<int> GoldItems => _goldItems;

    public bool IsGold(int item) => _goldRank[item] >= 0;

    /// <summary>"item-00001" for index 0: the item key in every output file.</summary>
    public static string ItemKey(int index) => "item-" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The item's text and true answers.</summary>
    public SimulatedItem Item(int index)
    {
        var rng = Xoshiro256.For(_seed, StreamPurpose.ItemContent, index);
        var sentiment = rng.NextWeighted(SentimentPrior);
        var quality = rng.NextWeighted(QualityPrior);
        var (text, entities) = TextComposer.Compose(sentiment, ref rng);
        return new SimulatedItem(index, ItemKey(index), text, IsGold(index), sentiment, quality, entities);
    }

    /// <summary>The item and every annotator answer to it, oldest first (ties by annotator index).</summary>
    public SimulatedTask Task(int index)
    {
        var item = Item(index);
        var text = new ItemText(item.Text);
        var rng = Xoshiro256.For(_seed, StreamPurpose.Assignment, index);
        var answers = new List<(SimulatedAnnotator Annotator, DateTime At)>();
        if (item.IsGold)
        {
            // Honeypots: shown to each annotator with their coverage, somewhere in their working period.
            foreach (var a in _annotators)
            {
                var shown = rng.Chance(a.GoldCoverage);
                var day = a.FirstWorkday + rng.NextInt(a.LastWorkday - a.FirstWorkday + 1);
                var at = WorkingInstant(a, day, ref rng);
                if (shown) answers.Add((a, at));
            }
        }
        else
        {
            var day = Math.Min(Calendar.WorkdayCount - 1,
                (int)((index + rng.NextDouble()) / Options.Items * Calendar.WorkdayCount));
            foreach (var a in ChooseAnnotators(day, ref rng))
            {
                var delay = rng.NextDouble() switch { < 0.6 => 0, < 0.9 => 1, _ => 2 };
                answers.Add((a, WorkingInstant(a, Math.Min(day + delay, a.LastWorkday), ref rng)));
            }
        }

        var annotations = new List<SimulatedAnnotation>(answers.Count);
        foreach (var (a, at) in answers)
            annotations.Add(Answer(item, text, a, at, ref rng));
        annotations.Sort((x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : x.Annotator.CompareTo(y.Annotator));
        return new SimulatedTask(item, annotations);
    }

    /// <summary>Every task in item order, generated one at a time.</summary>
    public IEnumerable<SimulatedTask> Tasks()
    {
        for (var i = 0; i < Options.Items; i++) yield return Task(i);
    }

    /// <summary>When the task was imported: the first morning, in item order.</summary>
    public DateTime TaskCreatedAt(int index) =>
        Options.Start.AddTicks(TimeSpan.TicksPerHour + TimeSpan.TicksPerHour * index / Options.Items / TicksPerMicrosecond * TicksPerMicrosecond);

    /// <summary>When the reviewer entered the gold answer of a gold item (first morning, before anyone works) and how long it took.</summary>
    public (DateTime CreatedAt, int LeadTimeMs) GoldAnswer(int index)
    {
        var rank = _goldRank[index];
        if (rank < 0) throw new ArgumentException($"{ItemKey(index)} is not a gold item", nameof(index));
        var rng = Xoshiro256.For(_seed, StreamPurpose.GoldSelection, index, 1);
        var twoHours = 2 * TimeSpan.TicksPerHour;
        var offset = (long)((rank + rng.NextDouble()) / _goldItems.Length * twoHours) / TicksPerMicrosecond * TicksPerMicrosecond;
        var lead = LeadTimeMs(45, 0.3, 1, ref rng);
        return (Options.Start.AddTicks(twoHours + offset), lead);
    }

    /// <summary>
    /// The answers to a choice field as a <see cref="RatingSet"/> (items and raters coded by index, labels in
    /// category order), for statistics and benchmarks. Runs through every task.
    /// </summary>
    public RatingSet ToRatingSet(SimulatedField field)
    {
        var labels = field.Labels() ?? throw new ArgumentException($"{field.Key()} is a span field; only choice fields make a RatingSet", nameof(field));
        if (!Options.Fields.Contains(field)) throw new ArgumentException($"{field.Key()} is not simulated in this project", nameof(field));
        var items = new List<int>();
        var raters = new List<int>();
        var codes = new List<int>();
        foreach (var task in Tasks())
            foreach (var a in task.Annotations)
            {
                items.Add(a.Item);
                raters.Add(a.Annotator);
                codes.Add(field == SimulatedField.Sentiment ? a.Sentiment!.Value : a.Quality!.Value);
            }
        var ordered = field == SimulatedField.Quality;
        return new RatingSet(items.ToArray(), raters.ToArray(), codes.ToArray(),
            Enumerable.Range(0, Options.Items).Select(ItemKey).ToArray(),
            _annotators.Select(a => a.Key).ToArray(),
            labels, ordered, ordered ? labels.Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray() : null);
    }

    private SimulatedAnnotation Answer(SimulatedItem item, ItemText text, SimulatedAnnotator a, DateTime at, ref Xoshiro256 rng)
    {
        var fieldFactor = 0.4 + 0.2 * Options.Fields.Count;
        var lengthFactor = 0.6 + 0.4 * text.Length / AverageTextLength;
        var lead = LeadTimeMs(a.LeadTimeMedianSeconds * fieldFactor * lengthFactor, a.LeadTimeSigma, 0.8, ref rng);
        // Most answers are saved once (updated_at a few microseconds later); a few are reopened and fixed.
        var updated = rng.Chance(0.05)
            ? at.AddTicks((long)rng.NextDouble(30, 7200) * TimeSpan.TicksPerSecond)
            : at.AddTicks((5 + rng.NextInt(76)) * TicksPerMicrosecond);
        if (updated >= Calendar.End) updated = Calendar.End.AddTicks(-TicksPerMicrosecond);

        int? sentiment = null, quality = null;
        IReadOnlyList<EntitySpan>? entities = null;
        if (a.Confusion(SimulatedField.Sentiment, at) is { } s)
        {
            var r = LabelStream(item.Index, a.Index, SimulatedField.Sentiment);
            sentiment = s.Sample(item.Sentiment, ref r);
        }
        if (a.Confusion(SimulatedField.Quality, at) is { } q)
        {
            var r = LabelStream(item.Index, a.Index, SimulatedField.Quality);
            quality = q.Sample(item.Quality, ref r);
        }
        if (a.SpanErrors(at) is { } e)
        {
            var r = LabelStream(item.Index, a.Index, SimulatedField.Entities);
            entities = e.Annotate(text, item.Entities, ref r);
        }
        return new SimulatedAnnotation(item.Index, a.Index, at, updated, lead, item.IsGold, sentiment, quality, entities);
    }

    private Xoshiro256 LabelStream(int item, int annotator, SimulatedField field) =>
        Xoshiro256.For(_seed, StreamPurpose.Labels, item, (long)annotator * 8 + (int)field);

    /// <summary>
    /// Who labels a regular item released on <paramref name="day"/>: first a team (pool) by its workload, then
    /// 1–k annotators weighted by workload, team members four times as likely, so pairs inside a pool
    /// overlap far more than pairs across pools.
    /// </summary>
    private List<SimulatedAnnotator> ChooseAnnotators(int day, ref Xoshiro256 rng)
    {
        var weights = new double[_annotators.Length];
        Span<double> teamWeights = stackalloc double[3];
        var active = 0;
        foreach (var a in _annotators)
            if (a.FirstWorkday <= day && day <= a.LastWorkday)
            {
                teamWeights[(int)a.Pool] += a.Workload;
                active++;
            }
        var team = (AnnotatorPool)rng.NextWeighted(teamWeights);
        foreach (var a in _annotators)
            if (a.FirstWorkday <= day && day <= a.LastWorkday)
                weights[a.Index] = a.Workload * (a.Pool == team ? 1 : CrossTeamWeight);

        var mean = Options.AnnotatorsPerItem;
        var k = (int)Math.Floor(mean) + (rng.Chance(mean - Math.Floor(mean)) ? 1 : 0);
        var spread = rng.NextDouble();
        k += spread < 0.2 ? -1 : spread < 0.4 ? 1 : 0;
        k = Math.Clamp(k, 1, active);

        var chosen = new List<SimulatedAnnotator>(k);
        for (var c = 0; c < k; c++)
        {
            var i = rng.NextWeighted(weights);
            chosen.Add(_annotators[i]);
            weights[i] = 0;
        }
        return chosen;
    }

    /// <summary>A moment in the annotator's shift on working day <paramref name="day"/>, or on the weekend after it now and then.</summary>
    private DateTime WorkingInstant(SimulatedAnnotator a, int day, ref Xoshiro256 rng)
    {
        var date = Calendar.Workday(day);
        var weekend = rng.Chance(a.WeekendShare);
        var sunday = rng.Chance(0.5);
        if (weekend && Calendar.WeekendAfter(day, sunday) is { } w) date = w;
        var shiftMicros = 8.5 * 3600 * 1_000_000;
        var micros = (long)(a.ShiftStartMinute * 60L * 1_000_000 + rng.NextDouble() * shiftMicros);
        return date.AddTicks(micros * TicksPerMicrosecond);
    }

    /// <summary>Log-normal seconds with the given median, to the millisecond, never below <paramref name="floorSeconds"/>.</summary>
    private static int LeadTimeMs(double medianSeconds, double sigma, double floorSeconds, ref Xoshiro256 rng)
    {
        var seconds = medianSeconds * PortableMath.Exp(sigma * rng.NextStandardNormal());
        return (int)Math.Round(Math.Clamp(seconds, floorSeconds, 1800) * 1000, MidpointRounding.AwayFromZero);
    }
}
