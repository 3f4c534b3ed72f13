using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// A <see cref="RatingSet"/> regrouped by item once, so every coefficient is a pass over flat arrays:
/// the answers of each item (rater, label) and each item's distinct labels with their counts.
/// </summary>
internal sealed class RatingIndex
{
    private RatingIndex(int itemCount, int raterCount, int labelCount, int[] answerStart, int[] answerRater,
        int[] answerLabel, int[] countStart, int[] countLabel, int[] countValue)
    {
        ItemCount = itemCount;
        RaterCount = raterCount;
        LabelCount = labelCount;
        AnswerStart = answerStart;
        AnswerRater = answerRater;
        AnswerLabel = answerLabel;
        CountStart = countStart;
        CountLabel = countLabel;
        CountValue = countValue;
    }

    public int ItemCount { get; }
    public int RaterCount { get; }
    public int LabelCount { get; }

    /// <summary>
    /// Answers of item i are AnswerRater/AnswerLabel[AnswerStart[i]..AnswerStart[i+1]), in input order.
    /// When the set is already ordered by item these are the set's own arrays: read-only here.
    /// </summary>
    public int[] AnswerStart { get; }
    public int[] AnswerRater { get; }
    public int[] AnswerLabel { get; }

    /// <summary>Distinct labels of item i, ascending, are CountLabel[CountStart[i]..CountStart[i+1]) with CountValue ratings each.</summary>
    public int[] CountStart { get; }
    public int[] CountLabel { get; }
    public int[] CountValue { get; }

    /// <summary>r_i, the number of ratings of item i.</summary>
    public int Ratings(int item) => AnswerStart[item + 1] - AnswerStart[item];

    // Runs once per report over millions of answers: compile optimised at once rather than after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RatingIndex Build(RatingSet set)
    {
        int n = set.Count, items = set.ItemCount, raters = set.RaterCount, q = set.LabelCount;
        var itemOf = set.Items;
        var raterOf = set.Raters;
        var labelOf = set.Labels;

        var answerStart = new int[items + 1];
        var sortedByItem = true;
        for (var a = 0; a < n; a++)
        {
            var i = itemOf[a];
            if ((uint)i >= (uint)items) throw new ArgumentException($"answer {a}: item code {i} is outside 0..{items - 1}");
            if ((uint)raterOf[a] >= (uint)raters) throw new ArgumentException($"answer {a}: rater code {raterOf[a]} is outside 0..{raters - 1}");
            if ((uint)labelOf[a] >= (uint)q) throw new ArgumentException($"answer {a}: label code {labelOf[a]} is outside 0..{q - 1}");
            answerStart[i + 1]++;
            if (a > 0 && i < itemOf[a - 1]) sortedByItem = false;
        }
        for (var i = 0; i < items; i++) answerStart[i + 1] += answerStart[i];

        int[] answerRater, answerLabel;
        if (sortedByItem)
        {
            // Exports usually list an item's answers together: the set's own arrays are already the grouping.
            answerRater = raterOf;
            answerLabel = labelOf;
        }
        else
        {
            // Counting sort by item keeps input order inside an item, so the grouping is stable.
            var next = new int[items];
            Array.Copy(answerStart, next, items);
            answerRater = new int[n];
            answerLabel = new int[n];
            for (var a = 0; a < n; a++)
            {
                var p = next[itemOf[a]]++;
                answerRater[p] = raterOf[a];
                answerLabel[p] = labelOf[a];
            }
        }

        var countStart = new int[items + 1];
        // Only the first `used` entries are ever read: no need to zero n of them.
        var countLabel = GC.AllocateUninitializedArray<int>(n);
        var countValue = GC.AllocateUninitializedArray<int>(n);
        var scratch = new int[q];
        var used = 0;
        for (var i = 0; i < items; i++)
        {
            int s = answerStart[i], e = answerStart[i + 1], first = used;
            for (var p = s; p < e; p++)
            {
                var l = answerLabel[p];
                if (scratch[l]++ > 0) continue;
                // Insert the new label keeping the item's label list ascending (lists are short).
                var j = used++;
                while (j > first && countLabel[j - 1] > l)
                {
                    countLabel[j] = countLabel[j - 1];
                    j--;
                }
                countLabel[j] = l;
            }
            for (var j = first; j < used; j++)
            {
                countValue[j] = scratch[countLabel[j]];
                scratch[countLabel[j]] = 0;
            }
            countStart[i + 1] = used;
        }

        return new RatingIndex(items, raters, q, answerStart, answerRater, answerLabel, countStart, countLabel, countValue);
    }
}
