namespace Quality.Analytics.Drift;

/// <summary>
/// The two hypotheses of a Bernoulli CUSUM: in control, an answer is right with probability <see cref="P0"/>;
/// out of control, with <see cref="P1"/> &lt; P0. Each answer adds its log-likelihood ratio ln f₁(x)/f₀(x).
/// </summary>
public readonly record struct CusumDesign(double P0, double P1)
{
    /// <summary>Increment of a right answer: ln(p₁ / p₀), negative.</summary>
    public double RightStep => Math.Log(P1 / P0);

    /// <summary>Increment of a wrong answer: ln((1 − p₁) / (1 − p₀)), positive.</summary>
    public double WrongStep => Math.Log((1 - P1) / (1 - P0));

    /// <summary>
    /// The design that watches for a drop of <paramref name="delta"/> from <paramref name="p0"/>. An annotator
    /// already below 2δ (a spammer) is watched for halving instead, so p₁ stays a probability.
    /// </summary>
    public static CusumDesign ForDrop(double p0, double delta)
    {
        if (!(p0 > 0 && p0 < 1)) throw new ArgumentOutOfRangeException(nameof(p0), p0, "p0 must be in (0, 1)");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1)");
        return new CusumDesign(p0, Math.Max(p0 - delta, p0 / 2));
    }

    /// <summary>
    /// The in-control accuracy estimated from a baseline of <paramref name="correct"/> right answers out of
    /// <paramref name="answers"/>: the posterior mean under a Jeffreys Beta(½, ½) prior, (k + ½) / (n + 1).
    /// Never 0 or 1, so both increments stay finite even after a flawless baseline.
    /// </summary>
    public static double BaselineAccuracy(int correct, int answers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(correct, answers);
        return (correct + 0.5) / (answers + 1.0);
    }
}

/// <summary>
/// Page's (1954) CUSUM for Bernoulli data (Reynolds &amp; Stoumbos 1999): S₀ = 0,
/// Sₜ = max(0, Sₜ₋₁ + ln f₁(xₜ)/f₀(xₜ)); it signals when Sₜ exceeds the control limit h.
/// </summary>
public static class BernoulliCusum
{
    /// <summary>
    /// Writes Sₜ for every answer into <paramref name="path"/>: 0 before <paramref name="from"/> (the baseline),
    /// the recursion from there on.
    /// </summary>
    public static void Path(ReadOnlySpan<bool> outcomes, int from, CusumDesign design, Span<double> path)
    {
        if (path.Length != outcomes.Length) throw new ArgumentException("path needs one entry per outcome");
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        double right = design.RightStep, wrong = design.WrongStep, s = 0;
        for (var t = 0; t < outcomes.Length; t++)
        {
            if (t >= from) s = Math.Max(0, s + (outcomes[t] ? right : wrong));
            path[t] = s;
        }
    }

    /// <summary>
    /// The excursions of the path above 0 that exceed <paramref name="limit"/> (Sₜ &gt; h), one signal each: the
    /// CUSUM keeps running after a signal, and a new signal needs the path to return to 0 first.
    /// </summary>
    public static IReadOnlyList<CusumSignal> Signals(ReadOnlySpan<double> path, double limit)
    {
        var signals = new List<CusumSignal>();
        var excursionStart = 0;     // first index of the current run of positive values
        for (var t = 0; t < path.Length; t++)
        {
            if (path[t] == 0)
            {
                excursionStart = t + 1;
                continue;
            }
            if (path[t] <= limit) continue;
            var end = t + 1;
            var peak = path[t];
            while (end < path.Length && path[end] > 0)
            {
                peak = Math.Max(peak, path[end]);
                end++;
            }
            signals.Add(new CusumSignal(t, excursionStart, end, path[t], peak));
            t = end - 1;
        }
        return signals;
    }
}

/// <summary>
/// One CUSUM signal. <paramref name="Index"/>: the answer at which Sₜ first exceeded the limit;
/// <paramref name="ExcursionStart"/>: the first answer after the path last stood at 0 (the classic estimate of the
/// change); <paramref name="ExcursionEnd"/>: exclusive end of the excursion (the path's next 0, or the stream's end).
/// </summary>
public readonly record struct CusumSignal(int Index, int ExcursionStart, int ExcursionEnd, double Statistic, double Peak);
