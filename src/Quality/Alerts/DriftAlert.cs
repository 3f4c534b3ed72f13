using System.Text.Json.Nodes;
using Quality.Analytics.Drift;

namespace Quality.Alerts;

/// <summary>Whether someone has looked at an alert.</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
}

/// <summary>A level on one side of a change: the estimate, its Wilson 95% interval and the answers behind it.</summary>
public sealed record AlertLevel(double Level, double Lower, double Upper, long Answers);

/// <summary>A stored drift alert (table drift_alerts): the finding, and what people did with it.</summary>
public sealed record DriftAlert(
    long Id, int ProjectId, string Annotator, string Field, DriftKind Kind, DateTime Episode, DateTime DetectedAt, DateTime Changepoint,
    AlertLevel Before, AlertLevel After, double Change, JsonObject Evidence, AlertStatus Status,
    string? AcknowledgedBy, DateTime? AcknowledgedAt, string? Comment,
    DateTime FirstSeenAt, DateTime LastSeenAt, bool StillDetected, DateTime? NotifiedAt)
{
    /// <summary>
    /// The alert as JSON, as the CLI prints it and the webhook posts it: snake_case keys, ISO-8601 UTC times,
    /// levels as {"level", "ci95": [lower, upper], "n"}, the evidence object as stored.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["project_id"] = ProjectId,
        ["annotator"] = Annotator,
        ["field"] = Field,
        ["kind"] = Kind.ToDb(),
        ["detected_at"] = Iso(DetectedAt),
        ["changepoint"] = Iso(Changepoint),
        ["before"] = Level(Before),
        ["after"] = Level(After),
        ["change"] = Change,
        ["status"] = Status == AlertStatus.Open ? "open" : "acknowledged",
        ["acknowledged_by"] = AcknowledgedBy,
        ["acknowledged_at"] = AcknowledgedAt is { } at ? Iso(at) : null,
        ["comment"] = Comment,
        ["still_detected"] = StillDetected,
        ["first_seen_at"] = Iso(FirstSeenAt),
        ["evidence"] = Evidence.DeepClone(),
    };

    private static JsonObject Level(AlertLevel l) => new()
    {
        ["level"] = l.Level,
        ["ci95"] = new JsonArray(l.Lower, l.Upper),
        ["n"] = l.Answers,
    };

    private static string Iso(DateTime utc) => DriftAnalyzer.Iso(utc);
}
