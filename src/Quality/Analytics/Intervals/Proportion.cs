namespace Quality.Analytics.Intervals;

/// <summary>
/// A count ratio k / n (accuracy, precision, agreement share): the counts are kept so every figure can be
/// re-derived, and the value is null with a reason when n = 0 rather than NaN.
/// </summary>
public sealed record Proportion
{
    public Proportion(long successes, long trials, string? undefinedReason = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        Successes = successes;
        Trials = trials;
        Reason = trials > 0 ? null : undefinedReason ?? "no cases to count (n = 0)";
    }

    /// <summary>k: the cases that count as a success (correct answers, matched spans, …).</summary>
    public long Successes { get; }
    /// <summary>n: all cases counted.</summary>
    public long Trials { get; }

    /// <summary>k / n, or null when n = 0.</summary>
    public double? Value => Trials > 0 ? (double)Successes / Trials : null;

    /// <summary>Why <see cref="Value"/> is null; null when it is defined.</summary>
    public string? Reason { get; }

    /// <summary>The Wilson score interval of this proportion.</summary>
    public WilsonInterval Wilson(double z = WilsonInterval.Z95) => WilsonInterval.Compute(Successes, Trials, z);
}
