using Quality.Analytics.Consensus;

namespace Quality.Analytics.Drift;

/// <summary>
/// Drift without gold: whether each answer on a non-gold item equals the consensus of the OTHER annotators of that
/// item (leave-one-out, so an annotator is never compared with herself).
/// </summary>
public static class AgreementStream
{
    /// <summary>Marks an answer that does not count: a gold item, too few other annotators, or a tied consensus.</summary>
    public const sbyte NotCounted = -1;

    /// <summary>
    /// Per answer: 1 when it equals the others' consensus, 0 when not, <see cref="NotCounted"/> otherwise.
    /// Dawid–Skene: the model is fitted once on all answers (gold clamped); the leave-one-out consensus of an answer
    /// is argmaxₜ πₜ ∏_{others b} θ_b[t][l_b], i.e. the posterior with that answer's own factor removed.
    /// </summary>
    /// <param name="fit">A Dawid–Skene fit of the set (gold clamped) to reuse; fitted here when null.</param>
    public static sbyte[] Indicators(RatingSet set, int[] goldByItem, AgreementConsensus consensus, int minOthers, DawidSkeneResult? fit = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (goldByItem.Length != set.ItemCount) throw new ArgumentException("need one gold entry per item", nameof(goldByItem));
        int labels = set.LabelCount, raters = set.RaterCount;
        var (start, answers) = ByItem(set);

        double[]? logPrior = null, logTheta = null;
        if (consensus == AgreementConsensus.DawidSkene)
        {
            fit ??= DawidSkene.Fit(set, goldByItem);
            (logPrior, logTheta) = LogModel(fit, raters, labels);
        }

        var result = new sbyte[set.Count];
        Array.Fill(result, NotCounted);
        var score = new double[labels];
        var votes = new int[labels];
        for (var i = 0; i < set.ItemCount; i++)
        {
            if (goldByItem[i] >= 0) continue;
            int from = start[i], to = start[i + 1];
            if (to - from - 1 < minOthers) continue;
            for (var x = from; x < to; x++)
            {
                var self = answers[x];
                var pick = consensus == AgreementConsensus.DawidSkene
                    ? LeaveOneOutPosterior(set, answers, from, to, self, logPrior!, logTheta!, score)
                    : LeaveOneOutMajority(set, answers, from, to, self, votes);
                if (pick >= 0) result[self] = set.Labels[self] == pick ? (sbyte)1 : (sbyte)0;
            }
        }
        return result;
    }

    private static int LeaveOneOutPosterior(RatingSet set, int[] answers, int from, int to, int self, double[] logPrior, double[] logTheta, double[] score)
    {
        LeaveOneOutScores(set, answers, from, to, self, logPrior, logTheta, score);
        return UniqueArgMax(score);
    }

    /// <summary>
    /// The Dawid–Skene model in logs: ln πₜ per label and ln θ[rater][true][answered], dense (raters × labels² is
    /// small); −∞ for a label that is not a class of the model.
    /// </summary>
    internal static (double[] LogPrior, double[] LogTheta) LogModel(DawidSkeneResult fit, int raters, int labels)
    {
        var logPrior = fit.Priors.Select(p => Math.Log(p)).ToArray();
        var logTheta = new double[raters * labels * labels];
        for (var r = 0; r < raters; r++)
            for (var t = 0; t < labels; t++)
            {
                var row = fit.ConfusionRow(r, t);
                for (var l = 0; l < labels; l++)
                    logTheta[(r * labels + t) * labels + l] = row is null ? double.NegativeInfinity : Math.Log(row[l]);
            }
        return (logPrior, logTheta);
    }

    /// <summary>
    /// The unnormalised log posterior of the item's true label given every answer in answers[from..to) but
    /// <paramref name="self"/>: ln πₜ + Σ_{others b} ln θ_b[t][l_b], written into <paramref name="score"/>.
    /// </summary>
    internal static void LeaveOneOutScores(RatingSet set, int[] answers, int from, int to, int self, double[] logPrior, double[] logTheta, double[] score)
    {
        var labels = score.Length;
        Array.Copy(logPrior, score, labels);
        for (var x = from; x < to; x++)
        {
            var b = answers[x];
            if (b == self) continue;
            var offset = set.Raters[b] * labels * labels + set.Labels[b];
            for (var t = 0; t < labels; t++) score[t] += logTheta[offset + t * labels];
        }
    }

    private static int LeaveOneOutMajority(RatingSet set, int[] answers, int from, int to, int self, int[] votes)
    {
        Array.Clear(votes);
        for (var x = from; x < to; x++)
            if (answers[x] != self) votes[set.Labels[answers[x]]]++;
        var best = 0;
        for (var l = 1; l < votes.Length; l++) if (votes[l] > votes[best]) best = l;
        for (var l = 0; l < votes.Length; l++) if (l != best && votes[l] == votes[best]) return -1;
        return best;
    }

    // A tie (or no finite score) is no consensus: the answer is left out rather than broken arbitrarily.
    private static int UniqueArgMax(double[] score)
    {
        var best = 0;
        for (var l = 1; l < score.Length; l++) if (score[l] > score[best]) best = l;
        if (double.IsNegativeInfinity(score[best])) return -1;
        for (var l = 0; l < score.Length; l++) if (l != best && score[l] == score[best]) return -1;
        return best;
    }

    /// <summary>Answer indices grouped by item (compressed rows).</summary>
    internal static (int[] Start, int[] Answers) ByItem(RatingSet set)
    {
        var start = new int[set.ItemCount + 1];
        foreach (var i in set.Items) start[i + 1]++;
        for (var i = 0; i < set.ItemCount; i++) start[i + 1] += start[i];
        var next = (int[])start.Clone();
        var answers = new int[set.Count];
        for (var a = 0; a < set.Count; a++) answers[next[set.Items[a]]++] = a;
        return (start, answers);
    }
}
