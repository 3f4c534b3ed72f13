using System.Text.Json.Nodes;
using Quality.Analytics.Intervals;

namespace Quality.Analytics.Drift;

/// <summary>
/// What drifted: gold accuracy, agreement with the others' consensus, the label distribution, or accuracy read off
/// gold and consensus together.
/// </summary>
public enum DriftKind
{
    GoldAccuracy,
    Agreement,
    LabelDistribution,
    /// <summary>Accuracy on every answer: certain on gold items, weighted by the others' posterior elsewhere.</summary>
    Accuracy,
}

/// <summary>The stored names of <see cref="DriftKind"/>.</summary>
public static class DriftKinds
{
    public static string ToDb(this DriftKind kind) => kind switch
    {
        DriftKind.GoldAccuracy => "gold_accuracy",
        DriftKind.Agreement => "agreement",
        DriftKind.LabelDistribution => "label_distribution",
        DriftKind.Accuracy => "accuracy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DriftKind Parse(string value) => value switch
    {
        "gold_accuracy" => DriftKind.GoldAccuracy,
        "agreement" => DriftKind.Agreement,
        "label_distribution" => DriftKind.LabelDistribution,
        "accuracy" => DriftKind.Accuracy,
        _ => throw new QualityException($"unknown drift kind '{value}': use gold_accuracy, agreement, label_distribution or accuracy"),
    };

    /// <summary>What changed, in words for people: alert lines, report tables and legends.</summary>
    public static string Describe(this DriftKind kind) => kind switch
    {
        DriftKind.GoldAccuracy => "gold accuracy",
        DriftKind.Agreement => "agreement with the team",
        DriftKind.LabelDistribution => "label distribution",
        DriftKind.Accuracy => "accuracy (gold and consensus)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
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
    DateTime Changepoint, DriftLevel Before, DriftLevel After, double Change, JsonObject Evidence);

/// <summary>
/// A level on one side of a change, with its 95% interval: a Wilson interval over whole counts (gold accuracy,
/// agreement, a label's share), or for the accuracy detector the maximum-likelihood accuracy with its
/// likelihood-ratio interval, where <paramref name="Successes"/> is the expected number of right answers.
/// </summary>
public sealed record DriftLevel(double Estimate, double Lower, double Upper, long Trials, double Successes)
{
    /// <summary>A level from a defined Wilson interval (n &gt; 0).</summary>
    public static DriftLevel Of(WilsonInterval w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Estimate is not { } estimate) throw new ArgumentException("the interval is undefined (n = 0)", nameof(w));
        return new DriftLevel(estimate, w.Lower!.Value, w.Upper!.Value, w.Trials, w.Successes);
    }
}

/// <summary>One annotator's accuracy evidence (gold and consensus) in time order and what the accuracy CUSUM made of it.</summary>
public sealed record AccuracyStream(AccuracyEvidence Evidence, AccuracyResult Detection);

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
    MonitoredStream Agreement, LabelDistributionResult LabelDistribution, AccuracyStream? Accuracy = null)
{
    /// <summary>
    /// The accuracy verdict: drifting when the gold-accuracy or the accuracy detector signalled, else the gold
    /// detector's stable or insufficient data.
    /// </summary>
    public DriftStatus Status =>
        Accuracy?.Detection.Status == DriftStatus.Drifting ? DriftStatus.Drifting : Gold.Detection.Status;

    /// <summary>The control chart of the gold-accuracy or agreement CUSUM.</summary>
    public ControlChartSeries ControlChart(DriftKind kind)
    {
        if (kind == DriftKind.Accuracy)
        {
            var e = Accuracy?.Evidence;
            var a = Accuracy?.Detection;
            var chart = new ControlChartPoint[e?.Count ?? 0];
            for (var t = 0; t < chart.Length; t++) chart[t] = new ControlChartPoint(t, e!.At(t), e.Credit(t) >= 0.5, a!.Path[t]);
            return new ControlChartSeries(Annotator, Field, kind, a?.BaselineAnswers ?? 0, a?.Design?.P0, a?.Design?.P1, a?.Limit, chart,
                a?.Alarms.Select(x => x.Signal.Index).ToArray() ?? [], a?.Alarms.Select(x => x.Change.Index).ToArray() ?? []);
        }
        var stream = kind switch
        {
            DriftKind.GoldAccuracy => Gold,
            DriftKind.Agreement => Agreement,
            _ => throw new ArgumentException("only the gold-accuracy, agreement and accuracy detectors have a control chart", nameof(kind)),
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
