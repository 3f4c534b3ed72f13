using Quality.Analytics.Intervals;

namespace Quality.Analytics.Consensus;

/// <summary>How far each annotator, and the consensus itself, agree with a consensus or gold labelling.</summary>
public static class ConsensusAgreement
{
    /// <summary>
    /// Per annotator: the share of their answers equal to the item's consensus label, over items that have one
    /// (consensus code ≥ 0; pass −1 to leave an item out, e.g. a tied majority). The annotator's own answer is
    /// part of the consensus it is compared with (the usual convention for majority vote, not leave-one-out).
    /// </summary>
    public static AnnotatorScore[] PerAnnotator(RatingSet set, int[] consensus, double z = WilsonInterval.Z95) =>
        Score(set, consensus, "the annotator answered no item that has a consensus label", z);

    /// <summary>
    /// Per annotator: correct answers / answers on items with a gold label, with the Wilson interval.
    /// An annotator who answered an item twice is counted twice (each answer is a trial).
    /// </summary>
    public static AnnotatorScore[] GoldAccuracy(RatingSet set, int[] gold, double z = WilsonInterval.Z95)
    {
        GoldLabels.Validate(set, gold);
        return Score(set, gold, "the annotator answered no gold item", z);
    }

    /// <summary>
    /// Share of items with a gold label and a consensus label (code ≥ 0) where the two are equal.
    /// </summary>
    public static Proportion AccuracyVsGold(int[] consensus, int[] gold)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        ArgumentNullException.ThrowIfNull(gold);
        if (consensus.Length != gold.Length) throw new ArgumentException("consensus and gold need one entry per item");
        long correct = 0, n = 0;
        for (var i = 0; i < gold.Length; i++)
        {
            if (gold[i] < 0 || consensus[i] < 0) continue;
            n++;
            if (consensus[i] == gold[i]) correct++;
        }
        return new Proportion(correct, n, "no item has both a gold label and a consensus label");
    }

    private static AnnotatorScore[] Score(RatingSet set, int[] reference, string emptyReason, double z)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length != set.ItemCount)
            throw new ArgumentException($"need one reference label per item ({set.ItemCount}), got {reference.Length}");
        var hits = new long[set.RaterCount];
        var trials = new long[set.RaterCount];
        for (var a = 0; a < set.Count; a++)
        {
            var want = reference[set.Items[a]];
            if (want < 0) continue;
            var rater = set.Raters[a];
            trials[rater]++;
            if (set.Labels[a] == want) hits[rater]++;
        }
        var result = new AnnotatorScore[set.RaterCount];
        for (var r = 0; r < result.Length; r++)
        {
            var share = new Proportion(hits[r], trials[r], emptyReason);
            result[r] = new AnnotatorScore(r, set.RaterNames[r], share, share.Wilson(z));
        }
        return result;
    }
}

/// <summary>One annotator's share of answers matching a reference labelling, with its Wilson interval.</summary>
public sealed record AnnotatorScore(int Rater, string RaterName, Proportion Share, WilsonInterval Interval);
