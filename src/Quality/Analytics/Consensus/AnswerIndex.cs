using System.Runtime.CompilerServices;

namespace Quality.Analytics.Consensus;

/// <summary>
/// The answers of a <see cref="RatingSet"/> grouped by item (compressed rows): item i's answers are
/// Raters/Labels[Start[i] .. Start[i+1]), in their original order. Built once in O(n) by counting sort (or
/// not at all when the answers already come item by item). Read-only: the arrays may be the set's own.
/// </summary>
internal sealed class AnswerIndex
{
    private AnswerIndex(int[] start, int[] raters, int[] labels)
    {
        Start = start;
        Raters = raters;
        Labels = labels;
    }

    /// <summary>Offsets, length ItemCount + 1.</summary>
    public int[] Start { get; }
    public int[] Raters { get; }
    public int[] Labels { get; }
    public int ItemCount => Start.Length - 1;
    public int AnswerCount(int item) => Start[item + 1] - Start[item];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AnswerIndex Build(RatingSet set)
    {
        int itemCount = set.ItemCount, raterCount = set.RaterCount, labelCount = set.LabelCount;
        var items = set.Items;
        var start = new int[itemCount + 1];
        var sorted = true;
        for (var a = 0; a < items.Length; a++)
        {
            var item = items[a];
            if ((uint)item >= (uint)itemCount) throw new ArgumentException($"answer {a} has item code {item} outside 0..{itemCount - 1}");
            if ((uint)set.Raters[a] >= (uint)raterCount) throw new ArgumentException($"answer {a} has rater code {set.Raters[a]} outside 0..{raterCount - 1}");
            if ((uint)set.Labels[a] >= (uint)labelCount) throw new ArgumentException($"answer {a} has label code {set.Labels[a]} outside 0..{labelCount - 1}");
            if (a > 0 && item < items[a - 1]) sorted = false;
            start[item + 1]++;
        }
        for (var i = 0; i < itemCount; i++) start[i + 1] += start[i];
        // Importers usually write answers item by item: then the set's own arrays already are the grouping.
        if (sorted) return new AnswerIndex(start, set.Raters, set.Labels);

        var next = (int[])start.Clone();
        var raters = new int[items.Length];
        var labels = new int[items.Length];
        for (var a = 0; a < items.Length; a++)
        {
            var slot = next[items[a]]++;
            raters[slot] = set.Raters[a];
            labels[slot] = set.Labels[a];
        }
        return new AnswerIndex(start, raters, labels);
    }
}
