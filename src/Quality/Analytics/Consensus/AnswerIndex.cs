using System.Runtime.CompilerServices;

namespace Quality.Analytics.Consensus;

/// <summary>
/// The answers of a <see cref="RatingSet"/> grouped by item (compressed rows): item i's answers are
/// Raters/Labels[Start[i] .. Start[i+1]), in their original order. Built once in O(n) by counting sort.
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
        var start = new int[set.ItemCount + 1];
        var items = set.Items;
        for (var a = 0; a < items.Length; a++)
        {
            var item = items[a];
            if ((uint)item >= (uint)set.ItemCount) throw new ArgumentException($"answer {a} has item code {item} outside 0..{set.ItemCount - 1}");
            start[item + 1]++;
        }
        for (var i = 0; i < set.ItemCount; i++) start[i + 1] += start[i];

        var next = (int[])start.Clone();
        var raters = new int[items.Length];
        var labels = new int[items.Length];
        for (var a = 0; a < items.Length; a++)
        {
            var rater = set.Raters[a];
            var label = set.Labels[a];
            if ((uint)rater >= (uint)set.RaterCount) throw new ArgumentException($"answer {a} has rater code {rater} outside 0..{set.RaterCount - 1}");
            if ((uint)label >= (uint)set.LabelCount) throw new ArgumentException($"answer {a} has label code {label} outside 0..{set.LabelCount - 1}");
            var slot = next[items[a]]++;
            raters[slot] = rater;
            labels[slot] = label;
        }
        return new AnswerIndex(start, raters, labels);
    }
}
