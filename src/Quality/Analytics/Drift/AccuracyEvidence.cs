using Quality.Analytics.Consensus;

namespace Quality.Analytics.Drift;

/// <summary>
/// One annotator's answers on a field in time order, each with what is known of the item's true label: certain on a
/// gold item (the gold label), and on any other item the Dawid–Skene posterior of the OTHER annotators' answers
/// (leave-one-out, so an answer never vouches for itself). The accuracy detector reads the annotator's accuracy
/// off both at once: an answer on a gold item counts fully, one on a non-gold item as much as the others pin its
/// truth down.
/// </summary>
public sealed class AccuracyEvidence
{
    private readonly double[]? _truth;
    private readonly double[] _credit;

    public AccuracyEvidence(int labelCount, long[] ticks, int[] labels, bool[] gold, double[] truth)
    {
        if (labelCount < 2) throw new ArgumentOutOfRangeException(nameof(labelCount), "accuracy needs at least two labels");
        if (labels.Length != ticks.Length || gold.Length != ticks.Length) throw new ArgumentException("need one label and gold flag per answer");
        if (truth.Length != ticks.Length * labelCount) throw new ArgumentException("need one truth distribution per answer", nameof(truth));
        LabelCount = labelCount;
        Ticks = ticks;
        Labels = labels;
        Gold = gold;
        _truth = truth;
        _credit = new double[ticks.Length];
        for (var t = 0; t < _credit.Length; t++) _credit[t] = truth[t * labelCount + labels[t]];
    }

    private AccuracyEvidence(AccuracyEvidence full)
    {
        LabelCount = full.LabelCount;
        Ticks = full.Ticks;
        Labels = full.Labels;
        Gold = full.Gold;
        _credit = full._credit;
    }

    /// <summary>Whether the truth distributions are kept (they are needed to calibrate, not to report).</summary>
    public bool HasTruth => _truth is not null;

    /// <summary>The same evidence without the truth distributions: what a report keeps after detection (a fifth of the memory at four labels).</summary>
    public AccuracyEvidence Compact() => _truth is null ? this : new AccuracyEvidence(this);

    public int LabelCount { get; }
    public int Count => Ticks.Length;
    /// <summary>UTC ticks of each answer, ascending.</summary>
    public long[] Ticks { get; }
    /// <summary>The label code the annotator gave.</summary>
    public int[] Labels { get; }
    /// <summary>Whether the answer is on a gold item (its truth is then certain).</summary>
    public bool[] Gold { get; }

    public DateTime At(int index) => new(Ticks[index], DateTimeKind.Utc);

    /// <summary>P(true label = l) for every label l of answer <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Truth(int index) => _truth is null
        ? throw new InvalidOperationException("this evidence was compacted: its truth distributions were dropped")
        : _truth.AsSpan(index * LabelCount, LabelCount);

    /// <summary>The probability that answer <paramref name="index"/> is right: P(true label = the label she gave).</summary>
    public double Credit(int index) => _credit[index];

    /// <summary>How many answers are on gold items.</summary>
    public int GoldCount => Gold.Count(g => g);

    /// <summary>
    /// Every rater's evidence on a field. <paramref name="order"/> is the time order of the answers; a non-gold answer
    /// counts when at least <paramref name="minOthers"/> other annotators answered its item and their posterior is
    /// defined. <paramref name="fit"/> is a Dawid–Skene fit of the field (gold clamped).
    /// </summary>
    public static AccuracyEvidence[] Build(RatingSet set, int[] order, long[] ticks, int[] goldByItem, DawidSkeneResult fit, int minOthers)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(fit);
        int labels = set.LabelCount, raters = set.RaterCount;
        var (logPrior, logTheta) = AgreementStream.LogModel(fit, raters, labels);

        var (start, byItem) = AgreementStream.ByItem(set);
        var truth = new double[set.Count * labels];
        var counted = new bool[set.Count];
        var score = new double[labels];
        for (var i = 0; i < set.ItemCount; i++)
        {
            int from = start[i], to = start[i + 1];
            var g = goldByItem[i];
            if (g >= 0)
            {
                for (var x = from; x < to; x++)
                {
                    truth[byItem[x] * labels + g] = 1;
                    counted[byItem[x]] = true;
                }
                continue;
            }
            if (to - from - 1 < minOthers) continue;
            for (var x = from; x < to; x++)
            {
                var self = byItem[x];
                AgreementStream.LeaveOneOutScores(set, byItem, from, to, self, logPrior, logTheta, score);
                var max = score.Max();
                if (double.IsNegativeInfinity(max)) continue;
                double sum = 0;
                for (var t = 0; t < labels; t++) sum += score[t] = Math.Exp(score[t] - max);
                for (var t = 0; t < labels; t++) truth[self * labels + t] = score[t] / sum;
                counted[self] = true;
            }
        }

        var perRater = new List<int>[raters];
        for (var r = 0; r < raters; r++) perRater[r] = [];
        foreach (var a in order)
            if (counted[a]) perRater[set.Raters[a]].Add(a);
        var result = new AccuracyEvidence[raters];
        for (var r = 0; r < raters; r++)
        {
            var answers = perRater[r];
            var own = new double[answers.Count * labels];
            for (var j = 0; j < answers.Count; j++) Array.Copy(truth, answers[j] * labels, own, j * labels, labels);
            result[r] = new AccuracyEvidence(labels, answers.Select(a => ticks[a]).ToArray(), answers.Select(a => set.Labels[a]).ToArray(),
                answers.Select(a => goldByItem[set.Items[a]] >= 0).ToArray(), own);
        }
        return result;
    }
}
