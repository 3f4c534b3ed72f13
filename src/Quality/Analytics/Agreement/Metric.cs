using System.Globalization;

namespace Quality.Analytics.Agreement;

/// <summary>
/// One statistic: a finite value, or null with the reason it is undefined. Never NaN, never a silent 1.
/// </summary>
public readonly record struct Metric(double? Value, string? Reason)
{
    public static Metric Of(double value) =>
        double.IsFinite(value) ? new Metric(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "a metric value must be finite");

    public static Metric Undefined(string reason) => new(null, reason);

    public bool IsDefined => Value.HasValue;

    /// <summary>(observed − chance) / (1 − chance), undefined when chance agreement is 1 (nothing to correct against).</summary>
    internal static Metric ChanceCorrected(double observed, double chance, string reasonWhenChanceIsOne) =>
        1 - chance <= ChanceTolerance ? Undefined(reasonWhenChanceIsOne) : Of((observed - chance) / (1 - chance));

    // 1 − pe is at least about 1/n when anything varies (n = ratings behind pe), so this only catches 0/0 blurred by rounding.
    internal const double ChanceTolerance = 1e-12;

    public override string ToString() =>
        Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : $"undefined ({Reason})";
}

/// <summary>A two-sided confidence interval.</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper);

/// <summary>A chance-corrected coefficient with the observed (pa) and chance (pe) agreement behind it.</summary>
public readonly record struct Coefficient(Metric Value, double? Observed, double? Chance)
{
    internal static Coefficient Undefined(string reason, double? observed = null, double? chance = null) =>
        new(Metric.Undefined(reason), observed, chance);
}

/// <summary>The reasons Quality gives for an undefined statistic, worded for the people who read reports.</summary>
public static class UndefinedReasons
{
    public const string NoVariation = "no variation: every rating is the same label (expected disagreement is 0)";
    public const string NoPairableItems = "no item has two or more ratings";
    public const string NoSharedItems = "the two annotators share no item";
    public const string SingleCategory = "the field has a single category, so chance agreement is 1";
    public const string NotOrdered = "the field's categories are not ordered";
    public const string NotNumeric = "the field's labels are not all numbers";
    public const string NegativeValues = "ratio level needs non-negative values";
    public const string NoPartners = "the annotator has no partner with a defined kappa";
    public const string NoKappa = "no annotator pair has a defined kappa";
    public const string NoComparisons = "the annotator shares no item with another annotator";
    public const string LabelNeverUsed = "the label was never given on an item with two or more ratings";
    public const string LabelAlwaysUsed = "every rating on items with two or more ratings is this label";
}
