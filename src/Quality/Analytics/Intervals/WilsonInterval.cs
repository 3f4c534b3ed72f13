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

        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // At k = 0 and k = n the bound is exactly 0 or 1 algebraically; rounding must not put it a hair outside.
        var lower = successes == 0 ? 0.0 : Math.Max(0.0, centre - half);
        var upper = successes == trials ? 1.0 : Math.Min(1.0, centre + half);
        return new WilsonInterval(successes, trials, z, lower, upper, null);
    }
}
