using System.Data.Common;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Quality.Analytics.Drift;
using Quality.Storage;

namespace Quality.Alerts;

/// <summary>What storing a check's findings did: alerts added (new to the project) and alerts updated.</summary>
public sealed record AlertSaveResult(IReadOnlyList<long> Inserted, IReadOnlyList<long> Updated, int NoLongerDetected);

/// <summary>
/// The drift_alerts table. Saving is idempotent: a finding for the same project, annotator, field, kind and
/// episode updates its row (levels, evidence, changepoint; detected_at keeps the earliest) and leaves the
/// acknowledgement alone.
/// </summary>
public static class AlertStore
{
    private const string Columns =
        """
        alert_id, project_id, annotator, field, kind, episode, detected_at, changepoint,
        before_level, before_lower, before_upper, before_n, after_level, after_lower, after_upper, after_n, level_change,
        evidence, status, acknowledged_by, acknowledged_at, comment, first_seen_at, last_seen_at, still_detected, notified_at
        """;

    /// <summary>
    /// Stores the findings of one check of the project in one transaction. Alerts of the project that this check
    /// did not find are kept, marked still_detected = false.
    /// </summary>
    public static AlertSaveResult Save(DuckDBConnection c, int projectId, IReadOnlyList<DriftFinding> findings, DateTime checkedAt)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var inserted = new List<long>();
        var updated = new List<long>();
        using var tx = c.BeginTransaction();
        foreach (var f in findings)
        {
            var key = new (string, object?)[]
            {
                ("pid", projectId), ("annotator", f.Annotator), ("field", f.Field), ("kind", f.Kind.ToDb()), ("episode", f.Episode),
            };
            var existing = c.Scalar(
                "SELECT alert_id FROM drift_alerts WHERE project_id = $pid AND annotator = $annotator AND field = $field AND kind = $kind AND episode = $episode",
                key);
            var values = new (string, object?)[]
            {
                ("detected", f.DetectedAt), ("changepoint", f.Changepoint),
                ("bl", f.Before.Estimate), ("blo", f.Before.Lower), ("bhi", f.Before.Upper), ("bn", f.Before.Trials),
                ("al", f.After.Estimate), ("alo", f.After.Lower), ("ahi", f.After.Upper), ("an", f.After.Trials),
                ("change", f.Change), ("evidence", f.Evidence.ToJsonString()), ("now", checkedAt),
            };
            if (existing is not null)
            {
                var id = Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture);
                c.Execute(
                    """
                    UPDATE drift_alerts SET detected_at = least(detected_at, $detected), changepoint = $changepoint,
                        before_level = $bl, before_lower = $blo, before_upper = $bhi, before_n = $bn,
                        after_level = $al, after_lower = $alo, after_upper = $ahi, after_n = $an, level_change = $change,
                        evidence = $evidence::JSON, last_seen_at = $now, still_detected = true
                    WHERE alert_id = $id
                    """, [.. values, ("id", id)]);
                updated.Add(id);
            }
            else
            {
                var id = Convert.ToInt64(c.Scalar(
                    """
                    INSERT INTO drift_alerts (project_id, annotator, field, kind, episode, detected_at, changepoint,
                        before_level, before_lower, before_upper, before_n, after_level, after_lower, after_upper, after_n, level_change,
                        evidence, status, first_seen_at, last_seen_at, still_detected)
                    VALUES ($pid, $annotator, $field, $kind, $episode, $detected, $changepoint, $bl, $blo, $bhi, $bn, $al, $alo, $ahi, $an, $change,
                        $evidence::JSON, 'open', $now, $now, true)
                    RETURNING alert_id
                    """, [.. key, .. values]), System.Globalization.CultureInfo.InvariantCulture);
                inserted.Add(id);
            }
        }
        var seen = inserted.Concat(updated).ToArray();
        var gone = c.Execute(
            "UPDATE drift_alerts SET still_detected = false WHERE project_id = $pid AND still_detected AND NOT list_contains($seen, alert_id)",
            ("pid", projectId), ("seen", seen));
        tx.Commit();
        return new AlertSaveResult(inserted, updated, gone);
    }

    /// <summary>The project's alerts, newest detection first; optionally only open or only acknowledged ones.</summary>
    public static IReadOnlyList<DriftAlert> List(DuckDBConnection c, int projectId, AlertStatus? status = null) =>
        c.Query($"SELECT {Columns} FROM drift_alerts WHERE project_id = $pid AND ($status IS NULL OR status = $status) ORDER BY detected_at DESC, alert_id",
            Read, ("pid", projectId), ("status", status is null ? null : StatusName(status.Value)));

    public static DriftAlert? Get(DuckDBConnection c, long alertId) =>
        c.Query($"SELECT {Columns} FROM drift_alerts WHERE alert_id = $id", Read, ("id", alertId)).FirstOrDefault();

    /// <summary>
    /// Marks the alert acknowledged by <paramref name="by"/>, with an optional comment. Acknowledging again replaces
    /// the acknowledgement. Throws <see cref="QualityException"/> when there is no such alert.
    /// </summary>
    public static DriftAlert Acknowledge(DuckDBConnection c, long alertId, string by, string? comment, DateTime? at = null)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new QualityException("say who acknowledges the alert");
        var changed = c.Execute(
            "UPDATE drift_alerts SET status = 'acknowledged', acknowledged_by = $by, acknowledged_at = $at, comment = $comment WHERE alert_id = $id",
            ("by", by.Trim()), ("at", at ?? DateTime.UtcNow), ("comment", string.IsNullOrWhiteSpace(comment) ? null : comment), ("id", alertId));
        if (changed == 0) throw new QualityException($"there is no drift alert #{alertId}");
        return Get(c, alertId)!;
    }

    /// <summary>Records that the webhook accepted the alert; false if it was already recorded (another job got there first).</summary>
    public static bool MarkNotified(DuckDBConnection c, long alertId, DateTime at) =>
        c.Execute("UPDATE drift_alerts SET notified_at = $at WHERE alert_id = $id AND notified_at IS NULL", ("at", at), ("id", alertId)) > 0;

    private static string StatusName(AlertStatus s) => s == AlertStatus.Open ? "open" : "acknowledged";

    private static DriftAlert Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), DriftKinds.Parse(r.GetString(4)),
        r.DateOrNull(5)!.Value, r.DateOrNull(6)!.Value, r.DateOrNull(7)!.Value,
        new AlertLevel(r.GetDouble(8), r.GetDouble(9), r.GetDouble(10), r.GetInt64(11)),
        new AlertLevel(r.GetDouble(12), r.GetDouble(13), r.GetDouble(14), r.GetInt64(15)),
        r.GetDouble(16), JsonNode.Parse(r.GetString(17)) as JsonObject ?? [],
        r.GetString(18) == "acknowledged" ? AlertStatus.Acknowledged : AlertStatus.Open,
        r.StringOrNull(19), r.DateOrNull(20), r.StringOrNull(21), r.DateOrNull(22)!.Value, r.DateOrNull(23)!.Value, r.GetBoolean(24), r.DateOrNull(25));
}
