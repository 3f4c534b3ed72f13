using System.Data.Common;
using Quality.Reports.Audit;
using Quality.Storage;

namespace Quality.Web.Features.Reports;

/// <summary>A report generation asked for on the web, and where its job is.</summary>
public sealed record ReportJobState(string Key, int ProjectId, string? Client, DateOnly? From, DateOnly? To, string Trigger, string? ScheduleId,
    string Status, string? Step, double Percent, long? ReportId, string? Error, DateTime CreatedAt, DateTime UpdatedAt)
{
    public bool Done => Status is "succeeded" or "failed";
}

/// <summary>A recurring report of a project for one client.</summary>
public sealed record ReportSchedule(string Id, int ProjectId, string? Client, string Frequency, DateTime CreatedAt);

/// <summary>The report_jobs and report_schedules tables (explicit SQL, one connection per call).</summary>
public sealed class ReportJobStore(QualityDatabase database, TimeProvider clock)
{
    private const string JobColumns =
        "job_key, project_id, client, period_from, period_to, trigger, schedule_id, status, step, percent, report_id, error, created_at, updated_at";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public ReportJobState Create(int projectId, string? client, DateOnly? from, DateOnly? to, string trigger, string? scheduleId)
    {
        var key = Guid.NewGuid().ToString("N");
        using var c = database.Open();
        c.Execute(
            $"""
            INSERT INTO report_jobs ({JobColumns}, hangfire_id)
            VALUES ($key, $pid, $client, $from, $to, $trigger, $schedule, 'queued', NULL, 0, NULL, NULL, $now, $now, NULL)
            """,
            ("key", key), ("pid", projectId), ("client", client), ("from", Day(from)), ("to", Day(to)), ("trigger", trigger),
            ("schedule", scheduleId), ("now", Now));
        return Get(key)!;
    }

    private static DateTime? Day(DateOnly? d) => d?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public void SetHangfireId(string key, string hangfireId)
    {
        using var c = database.Open();
        c.Execute("UPDATE report_jobs SET hangfire_id = $h WHERE job_key = $key", ("h", hangfireId), ("key", key));
    }

    public void Progress(string key, string status, string? step, double percent, long? reportId = null, string? error = null)
    {
        using var c = database.Open();
        c.Execute(
            "UPDATE report_jobs SET status = $status, step = $step, percent = $percent, report_id = coalesce($rid, report_id), error = $error, updated_at = $now WHERE job_key = $key",
            ("status", status), ("step", step), ("percent", percent), ("rid", reportId), ("error", error), ("now", Now), ("key", key));
    }

    public ReportJobState? Get(string key)
    {
        using var c = database.Open();
        return c.Query($"SELECT {JobColumns} FROM report_jobs WHERE job_key = $key", ReadJob, ("key", key)).FirstOrDefault();
    }

    public IReadOnlyList<ReportJobState> Unfinished(int projectId)
    {
        using var c = database.Open();
        return c.Query($"SELECT {JobColumns} FROM report_jobs WHERE project_id = $pid AND status IN ('queued', 'running') ORDER BY created_at DESC",
            ReadJob, ("pid", projectId));
    }

    public IReadOnlyList<StoredReport> Reports(int projectId)
    {
        using var c = database.Open();
        return ReportStore.List(c, projectId);
    }

    public ReportSchedule AddSchedule(int projectId, string? client, string frequency)
    {
        var id = ScheduleId(projectId, client, frequency);
        using var c = database.Open();
        c.Execute(
            """
            INSERT INTO report_schedules (schedule_id, project_id, client, frequency, created_at) VALUES ($id, $pid, $client, $f, $now)
            ON CONFLICT (schedule_id) DO NOTHING
            """,
            ("id", id), ("pid", projectId), ("client", client), ("f", frequency), ("now", Now));
        return Schedule(id)!;
    }

    public ReportSchedule? Schedule(string id)
    {
        using var c = database.Open();
        return c.Query("SELECT schedule_id, project_id, client, frequency, created_at FROM report_schedules WHERE schedule_id = $id", ReadSchedule, ("id", id))
            .FirstOrDefault();
    }

    public IReadOnlyList<ReportSchedule> Schedules(int projectId)
    {
        using var c = database.Open();
        return c.Query("SELECT schedule_id, project_id, client, frequency, created_at FROM report_schedules WHERE project_id = $pid ORDER BY created_at",
            ReadSchedule, ("pid", projectId));
    }

    public bool RemoveSchedule(int projectId, string id)
    {
        using var c = database.Open();
        return c.Execute("DELETE FROM report_schedules WHERE schedule_id = $id AND project_id = $pid", ("id", id), ("pid", projectId)) > 0;
    }

    /// <summary>The schedule's id, also its Hangfire recurring job id: one per project, frequency and client.</summary>
    public static string ScheduleId(int projectId, string? client, string frequency)
    {
        var slug = new string((client ?? "no-client").ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(client ?? "")))[..8];
        return $"report-{projectId}-{frequency}-{(slug.Length > 24 ? slug[..24] : slug)}-{hash}";
    }

    private static ReportJobState ReadJob(DbDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.StringOrNull(2),
        r.IsDBNull(3) ? null : DateOnly.FromDateTime(r.GetDateTime(3)), r.IsDBNull(4) ? null : DateOnly.FromDateTime(r.GetDateTime(4)),
        r.GetString(5), r.StringOrNull(6), r.GetString(7), r.StringOrNull(8), r.GetDouble(9), r.LongOrNull(10), r.StringOrNull(11),
        DateTime.SpecifyKind(r.GetDateTime(12), DateTimeKind.Utc), DateTime.SpecifyKind(r.GetDateTime(13), DateTimeKind.Utc));

    private static ReportSchedule ReadSchedule(DbDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.StringOrNull(2), r.GetString(3), DateTime.SpecifyKind(r.GetDateTime(4), DateTimeKind.Utc));
}
