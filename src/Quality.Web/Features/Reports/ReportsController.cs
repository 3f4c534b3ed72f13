using System.Globalization;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Quality.Reports.Audit;
using Quality.Storage;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Reports;

/// <summary>A project's audit reports: the list and downloads, "Generate report" (a job with progress) and recurring schedules.</summary>
public sealed class ReportsController(ProjectContexts contexts, ReportJobStore store, QualityDatabase database, IBackgroundJobClient jobs,
    IRecurringJobManager recurring) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/reports")]
    public IActionResult Index(int id, string? error = null)
    {
        if (Open(id) is not { } p) return NotFoundPage($"There is no project #{id}.", "/", "All projects");
        string? client;
        using (var c = database.Open())
            client = c.Scalar("SELECT client FROM projects WHERE project_id = $pid", ("pid", id)) as string;
        return View(new ReportsPage(p, store.Reports(id), store.Unfinished(id), store.Schedules(id), client, error));
    }

    /// <summary>Enqueues a generation; the browser goes to its progress page, an API client gets 202 with the status URL.</summary>
    [HttpPost("/projects/{id:int}/reports")]
    [IgnoreAntiforgeryToken]
    public IActionResult Generate(int id, [FromForm] string? from, [FromForm] string? to, [FromForm] string? client)
    {
        if (Open(id) is null) return NotFoundPage($"There is no project #{id}.", "/", "All projects");
        if (!TryDay(from, out var f) || !TryDay(to, out var t))
            return Problem(id, "Dates are written like 2026-10-05.");
        // The form asks for the last day inclusive, as people say it; the report stores the day after (exclusive).
        var toExclusive = t?.AddDays(1);
        if (f is not null && toExclusive is not null && toExclusive <= f) return Problem(id, "The period ends before it starts.");
        var job = store.Create(id, Blank(client), f, toExclusive, "manual", null);
        var hangfireId = jobs.Enqueue<ReportJob>(j => j.Run(job.Key));
        store.SetHangfireId(job.Key, hangfireId);
        var statusUrl = $"/api/v1/report-jobs/{job.Key}";
        if (WantsJson) return Accepted(statusUrl, Dto(job));
        return Redirect($"/projects/{id}/reports/jobs/{job.Key}");
    }

    [HttpGet("/projects/{id:int}/reports/jobs/{key}")]
    public IActionResult Job(int id, string key)
    {
        if (Open(id) is not { } p) return NotFoundPage($"There is no project #{id}.", "/", "All projects");
        if (store.Get(key) is not { } job || job.ProjectId != id) return NotFoundPage("There is no such report job.", $"/projects/{id}/reports", "Reports");
        return View(new ReportJobPage(p, job));
    }

    /// <summary>A generation's state: polled by the progress page and by API clients.</summary>
    [HttpGet("/api/v1/report-jobs/{key}")]
    [Produces("application/json")]
    [Tags("Reports")]
    [EndpointSummary("A report generation's state: status, step, percent, then the report's download URL or the error")]
    public IActionResult Status(string key) =>
        store.Get(key) is { } job ? Ok(Dto(job)) : NotFound(new { error = $"no report job {key}" });

    [HttpGet("/projects/{id:int}/reports/{reportId:long}.pdf")]
    public IActionResult Download(int id, long reportId)
    {
        using var c = database.Open();
        if (ReportStore.Get(c, reportId) is not { } report || report.ProjectId != id)
            return NotFoundPage($"Project #{id} has no report #{reportId}.", $"/projects/{id}/reports", "Reports");
        // Immutable once stored: clients may cache it for good.
        Response.Headers.CacheControl = "private,max-age=31536000,immutable";
        return File(ReportStore.Pdf(c, reportId)!, "application/pdf", report.FileName);
    }

    [HttpPost("/projects/{id:int}/reports/schedules")]
    [IgnoreAntiforgeryToken]
    public IActionResult AddSchedule(int id, [FromForm] string? frequency, [FromForm] string? client)
    {
        if (Open(id) is null) return NotFoundPage($"There is no project #{id}.", "/", "All projects");
        if (frequency is null || !ReportSchedules.Frequencies.Contains(frequency)) return Problem(id, "Choose weekly or monthly.");
        var schedule = store.AddSchedule(id, Blank(client), frequency);
        ReportSchedules.Register(recurring, schedule);
        return WantsJson ? Ok(schedule) : Redirect($"/projects/{id}/reports");
    }

    [HttpPost("/projects/{id:int}/reports/schedules/{scheduleId}/delete")]
    [IgnoreAntiforgeryToken]
    public IActionResult RemoveSchedule(int id, string scheduleId)
    {
        if (store.RemoveSchedule(id, scheduleId)) recurring.RemoveIfExists(scheduleId);
        return Redirect($"/projects/{id}/reports");
    }

    private bool WantsJson => Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    private IActionResult Problem(int id, string message)
    {
        if (WantsJson) return BadRequest(new { error = message });
        return Redirect($"/projects/{id}/reports?error={Uri.EscapeDataString(message)}");
    }

    private static bool TryDay(string? s, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(s)) return true;
        if (!DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        day = d;
        return true;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static ReportJobDto Dto(ReportJobState j) => new(j.Key, j.ProjectId, j.Status, j.Step, j.Percent, j.Done, j.Error, j.ReportId,
        j.ReportId is { } rid ? $"/projects/{j.ProjectId}/reports/{rid}.pdf" : null);
}

/// <summary>The reports page's model.</summary>
public sealed record ReportsPage(ProjectContext Project, IReadOnlyList<StoredReport> Reports, IReadOnlyList<ReportJobState> Running,
    IReadOnlyList<ReportSchedule> Schedules, string? Client, string? Error);

/// <summary>The progress page's model.</summary>
public sealed record ReportJobPage(ProjectContext Project, ReportJobState Job);

/// <summary>A report generation's state as JSON.</summary>
public sealed record ReportJobDto(string Key, int ProjectId, string Status, string? Step, double Percent, bool Done, string? Error, long? ReportId,
    string? Download);
