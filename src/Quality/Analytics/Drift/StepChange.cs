namespace Quality.Analytics.Drift;

/// <summary>
/// Maximum-likelihood estimate of a single step change in a Bernoulli sequence: the split τ that maximises
/// ℓ(x₀..x_τ₋₁) + ℓ(x_τ..x_end₋₁), each side at its own MLE p̂ (Hinkley &amp; Hinkley 1970).
/// </summary>
public static class StepChange
{
    /// <summary>
    /// The best split of outcomes[0 .. <paramref name="end"/>) into a better "before" and a worse "after" segment,
    /// with τ (the first answer after the change) in [<paramref name="minBefore"/>, <paramref name="latest"/>]:
    /// a change cannot come after the answer that signalled it. Null when no split in range has a drop.
    /// Ties go to the earliest τ.
    /// </summary>
    public static StepChangeEstimate? EstimateDrop(ReadOnlySpan<bool> outcomes, int end, int minBefore, int latest)
    {
        if (end > outcomes.Length || end < 2) throw new ArgumentOutOfRangeException(nameof(end));
        minBefore = Math.Max(1, minBefore);
        latest = Math.Min(latest, end - 1);
        var total = 0;
        for (var t = 0; t < end; t++) if (outcomes[t]) total++;

        var before = 0;
        for (var t = 0; t < minBefore; t++) if (outcomes[t]) before++;
        StepChangeEstimate? best = null;
        var bestLog = double.NegativeInfinity;
        for (var tau = minBefore; tau <= latest; tau++)
        {
            int nb = tau, na = end - tau, ka = total - before;
            // A drop: p̂ before > p̂ after, compared without division.
            if ((long)before * na > (long)ka * nb)
            {
                var log = LogLikelihood(before, nb) + LogLikelihood(ka, na);
                if (log > bestLog)
                {
                    bestLog = log;
                    best = new StepChangeEstimate(tau, before, nb, ka, na, log - LogLikelihood(total, end));
                }
            }
            if (outcomes[tau]) before++;
        }
        return best;
    }

    /// <summary>The counts and likelihood ratio of a step placed at <paramref name="tau"/> in outcomes[0 .. <paramref name="end"/>).</summary>
    public static StepChangeEstimate At(ReadOnlySpan<bool> outcomes, int end, int tau)
    {
        if (end > outcomes.Length || tau < 0 || tau > end) throw new ArgumentOutOfRangeException(nameof(tau));
        int before = 0, after = 0;
        for (var t = 0; t < end; t++)
            if (outcomes[t]) { if (t < tau) before++; else after++; }
        var log = LogLikelihood(before, tau) + LogLikelihood(after, end - tau) - LogLikelihood(before + after, end);
        return new StepChangeEstimate(tau, before, tau, after, end - tau, log);
    }

    /// <summary>Binomial log-likelihood k ln p̂ + (n − k) ln(1 − p̂) at p̂ = k / n, with 0 ln 0 = 0.</summary>
    internal static double LogLikelihood(long k, long n)
    {
        if (n == 0) return 0;
        double p = (double)k / n, result = 0;
        if (k > 0) result += k * Math.Log(p);
        if (k < n) result += (n - k) * Math.Log(1 - p);
        return result;
    }
}

/// <summary>
/// A fitted step change: the first answer after it (<paramref name="Index"/>), the counts on each side and
/// <paramref name="LogLikelihoodRatio"/> = ln of the likelihood ratio of "one step at Index" against "no change"
/// (both at their MLEs); 2 × it is the deviance.
/// </summary>
public sealed record StepChangeEstimate(int Index, int CorrectBefore, int AnswersBefore, int CorrectAfter, int AnswersAfter, double LogLikelihoodRatio);
