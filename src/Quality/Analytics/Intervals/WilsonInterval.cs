namespace Quality.Analytics.Intervals;

/// <summary>
/// Wilson (1927) score interval for a binomial proportion k / n. Unlike the Wald interval it stays inside
/// [0, 1] and keeps sensible coverage at k = 0, k = n and small n, which is where QA samples usually are.
/// </summary>
public sealed record WilsonInterval
{
    /// <summary>The two-sided 95% normal quantile, Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    private WilsonInterval(long successes, long trials, double z, double? lower, double? upper, string? reason)
    {
        Successes = successes;
        Trials = trials;
        Z = z;
        Lower = lower;
        Upper = upper;
        Reason = reason;
    }

    public long Successes { get; }
    public long Trials { get; }
    /// <summary>The normal quantile used (1.96 for 95%).</summary>
    public double Z { get; }
    /// <summary>k / n, or null when n = 0.</summary>
    public double? Estimate => Trials > 0 ? (double)Successes / Trials : null;
    /// <summary>Lower bound, or null when n = 0.</summary>
    public double? Lower { get; }
    /// <summary>Upper bound, or null when n = 0.</summary>
    public double? Upper { get; }
    /// <summary>Why the interval is undefined; null when it is defined.</summary>
    public string? Reason { get; }

    /// <summary>
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), with p̂ = k/n. n = 0 gives null bounds with a reason.
    /// </summary>
    public static WilsonInterval Compute(long successes, long trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(z > 0) || !double.IsFinite(z)) throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a positive finite number");
        if (trials == 0)
            return new WilsonInterval(successes, trials, z, null, null, "no cases (n = 0): the interval is undefined");

        var (lower, upper) = Bounds((double)successes / trials, trials, z);
        return new WilsonInterval(successes, trials, z, lower, upper, null);
    }

    /// <summary>
    /// The Wilson bounds for an observed proportion <paramref name="proportion"/> over <paramref name="trials"/> &gt; 0 trials.
    /// The proportion need not be a whole count over n: an average of per-trial success probabilities (each in [0, 1])
    /// has at most the binomial variance, so these bounds are conservative for it.
    /// </summary>
    public static (double Lower, double Upper) Bounds(double proportion, double trials, double z = Z95)
    {
        if (!(proportion >= 0 && proportion <= 1)) throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "a proportion is in [0, 1]");
        if (!(trials > 0) || !double.IsFinite(trials)) throw new ArgumentOutOfRangeException(nameof(trials), trials, "trials must be positive");
        if (!(z > 0) || !double.IsFinite(z)) throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a positive finite number");
        double n = trials, p = proportion, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // At p = 0 and p = 1 the bound is exactly 0 or 1 algebraically; rounding must not put it a hair outside.
        var lower = p == 0 ? 0.0 : Math.Max(0.0, centre - half);
        var upper = p == 1 ? 1.0 : Math.Min(1.0, centre + half);
        return (lower, upper);
    }
}
