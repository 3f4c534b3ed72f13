using Hangfire;
using Quality.Reports.Audit;
using Quality.Storage;

namespace Quality.Web.Features.Reports;

/// <summary>
/// Generates a report in the background. Takes a job key (or a schedule id) only; records its steps in report_jobs
/// so the page can show progress and the outcome outlives the process. Re-running a finished job does nothing.
/// </summary>
public sealed class ReportJob(QualityDatabase database, ReportJobStore store, TimeProvider clock, ILogger<ReportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Audit report {0}")]
    public void Run(string jobKey)
    {
        var job = store.Get(jobKey) ?? throw new InvalidOperationException($"report job {jobKey} is not recorded");
        if (job.Done) return;
        string project;
        using (var c = database.Open())
            project = c.Scalar("SELECT name FROM projects WHERE project_id = $pid", ("pid", job.ProjectId)) as string
                      ?? throw new InvalidOperationException($"project #{job.ProjectId} no longer exists");
        store.Progress(jobKey, "running", "starting", 0);
        try
        {
            var (id, report) = AuditReports.Generate(database, project, job.From, job.To, job.Client, clock, job.Trigger, job.ScheduleId,
                new Progress(store, jobKey));
            store.Progress(jobKey, "succeeded", "done", 100, id);
            logger.LogInformation("Report #{Id} of {Project} ({Period}) stored, fingerprint {Fingerprint}", id, project, report.Model.Period, report.Fingerprint);
        }
        catch (QualityException ex)
        {
            // Bad input (an empty period, a project without answers) is the user's to fix, not a job to retry.
            store.Progress(jobKey, "failed", null, 0, error: ex.Message);
        }
        catch (Exception ex)
        {
            store.Progress(jobKey, "failed", null, 0, error: "internal error: " + ex.Message);
            throw;
        }
    }

    /// <summary>The recurring job of a schedule: last week's or last month's report, as the schedule says.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Scheduled audit report {0}")]
    public void RunSchedule(string scheduleId)
    {
        // A schedule deleted while its run was queued: nothing to do.
        if (store.Schedule(scheduleId) is not { } schedule) return;
        var (from, to) = ReportSchedules.PreviousPeriod(schedule.Frequency, clock.GetUtcNow());
        var job = store.Create(schedule.ProjectId, schedule.Client, from, to, "schedule", schedule.Id);
        Run(job.Key);
    }

    // Synchronous IProgress: Progress<T> would post to the thread pool and could report out of order.
    private sealed class Progress(ReportJobStore store, string key) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => store.Progress(key, "running", value.Step, Math.Round(100 * value.Done, 1));
    }
}

/// <summary>Weekly and monthly report schedules in Hangfire.</summary>
public static class ReportSchedules
{
    public static readonly string[] Frequencies = ["weekly", "monthly"];

    /// <summary>Mondays 06:00 UTC (the week just ended), or the 1st of the month 06:00 UTC (the month just ended).</summary>
    public static string Cron(string frequency) => frequency switch
    {
        "weekly" => "0 6 * * 1",
        "monthly" => "0 6 1 * *",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "weekly or monthly"),
    };

    /// <summary>The last whole week (Monday to Monday) or month before <paramref name="now"/>, to exclusive.</summary>
    public static (DateOnly From, DateOnly To) PreviousPeriod(string frequency, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (frequency == "weekly")
        {
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            return (monday.AddDays(-7), monday);
        }
        var first = new DateOnly(today.Year, today.Month, 1);
        return (first.AddMonths(-1), first);
    }

    public static void Register(IRecurringJobManager recurring, ReportSchedule schedule) =>
        recurring.AddOrUpdate<ReportJob>(schedule.Id, j => j.RunSchedule(schedule.Id), Cron(schedule.Frequency),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}
