using Quality.Analytics;

namespace Quality.Web.Features.Shared;

/// <summary>
/// Counts of (row label, column label) pairs: Counts[r, c] is how often the row side said label r where the
/// column side said label c. Label order is the field's category order.
/// </summary>
public sealed record ConfusionMatrix(string RowTitle, string ColumnTitle, IReadOnlyList<string> Labels, long[,] Counts)
{
    public long Total
    {
        get
        {
            long n = 0;
            foreach (var c in Counts) n += c;
            return n;
        }
    }

    /// <summary>Share of pairs on the diagonal; null when there are none.</summary>
    public double? Agreement
    {
        get
        {
            long n = Total, d = 0;
            for (var k = 0; k < Labels.Count; k++) d += Counts[k, k];
            return n == 0 ? null : (double)d / n;
        }
    }

    public long RowTotal(int r)
    {
        long n = 0;
        for (var c = 0; c < Labels.Count; c++) n += Counts[r, c];
        return n;
    }
}

/// <summary>Confusion matrices from coded ratings: one annotator against another, or answers against reference labels.</summary>
public static class LabelConfusion
{
    /// <summary>
    /// Rows: the reference label (consensus or gold) of the item; columns: the answer. Every answer of
    /// <paramref name="rater"/> (or of everyone when it is −1) on an item whose reference code is ≥ 0 counts once.
    /// </summary>
    public static ConfusionMatrix AgainstReference(RatingSet set, int rater, int[] reference, string rowTitle, string columnTitle)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length != set.ItemCount) throw new ArgumentException($"need one reference label per item ({set.ItemCount}), got {reference.Length}");
        var q = set.LabelCount;
        var counts = new long[q, q];
        for (var a = 0; a < set.Count; a++)
        {
            if (rater >= 0 && set.Raters[a] != rater) continue;
            var want = reference[set.Items[a]];
            if (want < 0) continue;
            counts[want, set.Labels[a]]++;
        }
        return new ConfusionMatrix(rowTitle, columnTitle, set.LabelNames, counts);
    }

    /// <summary>
    /// Rows: annotator <paramref name="a"/>'s answer; columns: annotator <paramref name="b"/>'s answer on the same item.
    /// An item either answered more than once contributes every pair of their answers.
    /// </summary>
    public static ConfusionMatrix Between(RatingSet set, int a, int b, string rowTitle, string columnTitle)
    {
        ArgumentNullException.ThrowIfNull(set);
        var q = set.LabelCount;
        var counts = new long[q, q];
        // Each item's answers by a and by b; ratings need not be grouped by item.
        var first = new Dictionary<int, List<int>>();
        var second = new Dictionary<int, List<int>>();
        for (var r = 0; r < set.Count; r++)
        {
            var target = set.Raters[r] == a ? first : set.Raters[r] == b ? second : null;
            if (target is null) continue;
            if (!target.TryGetValue(set.Items[r], out var list)) target[set.Items[r]] = list = [];
            list.Add(set.Labels[r]);
        }
        if (a != b)
            foreach (var (item, labelsA) in first)
                if (second.TryGetValue(item, out var labelsB))
                    foreach (var la in labelsA)
                        foreach (var lb in labelsB)
                            counts[la, lb]++;
        return new ConfusionMatrix(rowTitle, columnTitle, set.LabelNames, counts);
    }

    /// <summary>How often each label was given: by <paramref name="rater"/>, and by everyone else.</summary>
    public static (long[] Rater, long[] Others) LabelCounts(RatingSet set, int rater)
    {
        ArgumentNullException.ThrowIfNull(set);
        var mine = new long[set.LabelCount];
        var others = new long[set.LabelCount];
        for (var r = 0; r < set.Count; r++)
        {
            if (set.Raters[r] == rater) mine[set.Labels[r]]++;
            else others[set.Labels[r]]++;
        }
        return (mine, others);
    }
}
