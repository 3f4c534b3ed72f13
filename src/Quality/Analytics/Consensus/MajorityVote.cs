using Quality.Analytics.Intervals;

namespace Quality.Analytics.Consensus;

/// <summary>
/// Majority vote per item: the label with the most answers. Ties are reported, not hidden: an item is tied
/// when two or more labels share the top count. Its <see cref="MajorityVoteResult.Labels"/> entry still holds a
/// deterministic pick, the smallest tied label code (crowd-kit's MajorityVote does the same).
/// </summary>
public static class MajorityVote
{
    /// <summary>
    /// Votes every item of <paramref name="set"/>. With <paramref name="gold"/> (one label code per item,
    /// <see cref="GoldLabels.None"/> where unknown) the result also carries accuracy against gold.
    /// </summary>
    public static MajorityVoteResult Compute(RatingSet set, int[]? gold = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (gold is not null) GoldLabels.Validate(set, gold);
        var index = AnswerIndex.Build(set);
        int itemCount = set.ItemCount, labelCount = set.LabelCount;

        var labels = new int[itemCount];
        var answerCounts = new int[itemCount];
        var topCounts = new int[itemCount];
        var tied = new bool[itemCount];
        var topStart = new int[itemCount + 1];
        var topLabels = new List<int>(itemCount);
        var votes = new int[labelCount];
        var ties = 0;
        var itemsWithAnswers = 0;

        for (var i = 0; i < itemCount; i++)
        {
            int from = index.Start[i], to = index.Start[i + 1];
            answerCounts[i] = to - from;
            labels[i] = -1;
            if (to > from)
            {
                itemsWithAnswers++;
                var top = 0;
                for (var a = from; a < to; a++)
                {
                    var c = ++votes[index.Labels[a]];
                    if (c > top) top = c;
                }
                topCounts[i] = top;
                // Scanning codes in order makes the first top label the smallest, i.e. the tie-break pick.
                var firstTop = topLabels.Count;
                for (var l = 0; l < labelCount; l++)
                    if (votes[l] == top) topLabels.Add(l);
                labels[i] = topLabels[firstTop];
                if (topLabels.Count - firstTop > 1)
                {
                    tied[i] = true;
                    ties++;
                }
                for (var a = from; a < to; a++) votes[index.Labels[a]] = 0;
            }
            topStart[i + 1] = topLabels.Count;
        }

        Proportion? accuracy = null, accuracyUntied = null;
        if (gold is not null)
        {
            long correct = 0, n = 0, correctUntied = 0, nUntied = 0;
            for (var i = 0; i < itemCount; i++)
            {
                if (gold[i] == GoldLabels.None || labels[i] < 0) continue;
                var right = labels[i] == gold[i];
                n++;
                if (right) correct++;
                if (tied[i]) continue;
                nUntied++;
                if (right) correctUntied++;
            }
            accuracy = new Proportion(correct, n, "no item has both a gold label and an answer");
            accuracyUntied = new Proportion(correctUntied, nUntied, "no untied item has a gold label");
        }

        return new MajorityVoteResult(labels, answerCounts, topCounts, tied, topStart, topLabels.ToArray(),
            ties, itemsWithAnswers, accuracy, accuracyUntied);
    }
}

/// <summary>Per-item majority labels, vote shares and ties, with a summary against gold.</summary>
public sealed class MajorityVoteResult
{
    private readonly int[] _topStart;
    private readonly int[] _topLabels;

    internal MajorityVoteResult(int[] labels, int[] answerCounts, int[] topCounts, bool[] tied, int[] topStart,
        int[] topLabels, int tieCount, int itemsWithAnswers, Proportion? accuracyVsGold, Proportion? accuracyVsGoldUntied)
    {
        Labels = labels;
        AnswerCounts = answerCounts;
        TopCounts = topCounts;
        Tied = tied;
        _topStart = topStart;
        _topLabels = topLabels;
        TieCount = tieCount;
        ItemsWithAnswers = itemsWithAnswers;
        AccuracyVsGold = accuracyVsGold;
        AccuracyVsGoldUntied = accuracyVsGoldUntied;
    }

    /// <summary>Winning label code per item; on a tie the smallest tied code; −1 for an item without answers.</summary>
    public int[] Labels { get; }
    /// <summary>Number of answers per item.</summary>
    public int[] AnswerCounts { get; }
    /// <summary>Votes for the winning label(s) per item.</summary>
    public int[] TopCounts { get; }
    /// <summary>Whether two or more labels share the top count.</summary>
    public bool[] Tied { get; }
    /// <summary>Number of tied items.</summary>
    public int TieCount { get; }
    public int ItemsWithAnswers { get; }

    /// <summary>
    /// Share of gold items (with answers) whose <see cref="Labels"/> equals gold: a tied item counts as right only
    /// when its tie-break pick is the gold label. Null when no gold was given.
    /// </summary>
    public Proportion? AccuracyVsGold { get; }
    /// <summary>The same over untied gold items only. Null when no gold was given.</summary>
    public Proportion? AccuracyVsGoldUntied { get; }

    public int ItemCount => Labels.Length;

    /// <summary>Every label with the top count for the item, ascending (one label when untied, none without answers).</summary>
    public ReadOnlySpan<int> TopLabels(int item) => _topLabels.AsSpan(_topStart[item], _topStart[item + 1] - _topStart[item]);

    /// <summary>Top count / answers for the item; null when it has no answers.</summary>
    public double? VoteShare(int item) => AnswerCounts[item] > 0 ? (double)TopCounts[item] / AnswerCounts[item] : null;

    /// <summary>The majority label where there is one: −1 for tied items and items without answers.</summary>
    public int[] UntiedLabels()
    {
        var result = (int[])Labels.Clone();
        for (var i = 0; i < result.Length; i++)
            if (Tied[i]) result[i] = -1;
        return result;
    }
}
