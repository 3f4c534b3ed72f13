using System.Text.Json.Nodes;
using Quality.Analytics.Intervals;

namespace Quality.Analytics.Drift;

/// <summary>What drifted: gold accuracy, agreement with the others' consensus, or the label distribution.</summary>
public enum DriftKind
{
    GoldAccuracy,
    Agreement,
    LabelDistribution,
}

/// <summary>The stored names of <see cref="DriftKind"/>.</summary>
public static class DriftKinds
{
    public static string ToDb(this DriftKind kind) => kind switch
    {
        DriftKind.GoldAccuracy => "gold_accuracy",
        DriftKind.Agreement => "agreement",
        DriftKind.LabelDistribution => "label_distribution",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DriftKind Parse(string value) => value switch
    {
        "gold_accuracy" => DriftKind.GoldAccuracy,
        "agreement" => DriftKind.Agreement,
        "label_distribution" => DriftKind.LabelDistribution,
        _ => throw new QualityException($"unknown drift kind '{value}': use gold_accuracy, agreement or label_distribution"),
    };

    public static string ToDb(this DriftStatus status) => status switch
    {
        DriftStatus.InsufficientData => "insufficient_data",
        DriftStatus.Stable => "stable",
        DriftStatus.Drifting => "drifting",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>
/// One detected change, ready to be stored as an alert. <paramref name="Episode"/> identifies the change across
/// re-runs (the first answer of the CUSUM excursion, or the Monday of the label-distribution change week), so a
/// later check with more data updates the alert instead of adding one. <paramref name="Before"/> and
/// <paramref name="After"/> are the level on each side of <paramref name="Changepoint"/> (accuracy, agreement, or
/// the share of the label that moved most); <paramref name="Change"/> = after − before.
/// </summary>
public sealed record DriftFinding(string Annotator, string Field, DriftKind Kind, DateTime Episode, DateTime DetectedAt,
    DateTime Changepoint, WilsonInterval Before, WilsonInterval After, double Change, JsonObject Evidence);

/// <summary>One annotator's right/wrong stream in time order and what the CUSUM made of it.</summary>
public sealed record MonitoredStream(long[] Ticks, bool[] Outcomes, SequentialResult Detection)
{
    public DateTime At(int index) => new(Ticks[index], DateTimeKind.Utc);
}

/// <summary>Gold accuracy of one annotator on one field: overall, per ISO week and rolling.</summary>
public sealed record GoldAccuracySummary(WilsonInterval Overall, IReadOnlyList<WeeklyAccuracy> Weekly, IReadOnlyList<RollingAccuracy> Rolling);

/// <summary>A point of a control chart: the CUSUM after answer <paramref name="Index"/>.</summary>
public sealed record ControlChartPoint(int Index, DateTime At, bool Correct, double Cusum);

/// <summary>
/// What the dashboard draws for one annotator, field and detector: the CUSUM path (0 over the baseline) against
/// its limit, and where it signalled. Limit, P0 and P1 are null when the stream was too short to monitor.
/// </summary>
public sealed record ControlChartSeries(string Annotator, string Field, DriftKind Kind, int BaselineAnswers, double? P0, double? P1,
    double? Limit, IReadOnlyList<ControlChartPoint> Points, IReadOnlyList<int> SignalIndices, IReadOnlyList<int> ChangeIndices);

/// <summary>Everything drift detection found for one annotator on one field.</summary>
public sealed record AnnotatorDrift(string Annotator, string Field, GoldAccuracySummary GoldAccuracy, MonitoredStream Gold,
    MonitoredStream Agreement, LabelDistributionResult LabelDistribution)
{
    /// <summary>The gold-accuracy verdict: drifting, stable or insufficient data.</summary>
    public DriftStatus Status => Gold.Detection.Status;

    /// <summary>The control chart of the gold-accuracy or agreement CUSUM.</summary>
    public ControlChartSeries ControlChart(DriftKind kind)
    {
        var stream = kind switch
        {
            DriftKind.GoldAccuracy => Gold,
            DriftKind.Agreement => Agreement,
            _ => throw new ArgumentException("only the gold-accuracy and agreement detectors have a control chart", nameof(kind)),
        };
        var d = stream.Detection;
        var points = new ControlChartPoint[stream.Outcomes.Length];
        for (var t = 0; t < points.Length; t++) points[t] = new ControlChartPoint(t, stream.At(t), stream.Outcomes[t], d.Path[t]);
        return new ControlChartSeries(Annotator, Field, kind, d.BaselineAnswers, d.Design?.P0, d.Design?.P1, d.Limit?.Limit, points,
            d.Alarms.Select(a => a.Signal.Index).ToArray(), d.Alarms.Select(a => a.Change.Index).ToArray());
    }
}

/// <summary>The drift analysis of a project: per annotator and field, and the changes found.</summary>
public sealed record DriftReport(DriftSettings Settings, IReadOnlyList<AnnotatorDrift> Annotators, IReadOnlyList<DriftFinding> Findings,
    DateTime? DataUpTo, IReadOnlyList<string> Notes)
{
    public AnnotatorDrift? Find(string annotator, string field) =>
        Annotators.FirstOrDefault(a => a.Annotator == annotator && a.Field == field);
}
