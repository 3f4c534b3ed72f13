using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.Extensions.Options;
using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Storage;

namespace Quality.Web.Features.Drift;

/// <summary>The `Quality:Drift` section of the configuration.</summary>
public sealed class DriftOptions
{
    public const string Section = "Quality:Drift";

    /// <summary>Where each new alert is POSTed as JSON; empty: no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Cron schedule of the recurring check of every project (default: hourly, on the hour, UTC).</summary>
    [Required]
    public string Schedule { get; set; } = Cron.Hourly();

    /// <summary>Whether every project is checked once when the app starts (besides after imports and on the schedule).</summary>
    public bool CheckOnStart { get; set; } = true;

    /// <summary>POST attempts per alert within one job run, waiting 2, 4, 8 … s between them.</summary>
    [Range(1, 20)]
    public int WebhookAttempts { get; set; } = WebhookRetry.Default.Attempts;

    /// <summary>The wait after the first failed attempt, in seconds; it doubles after each further failure.</summary>
    [Range(0, 3600)]
    public double WebhookFirstDelaySeconds { get; set; } = WebhookRetry.Default.FirstDelay.TotalSeconds;

    public WebhookRetry Retry => WebhookRetry.Default with { Attempts = WebhookAttempts, FirstDelay = TimeSpan.FromSeconds(WebhookFirstDelaySeconds) };
}

/// <summary>
/// Re-checks a project for drift and stores the alerts (idempotent: a re-run on the same data adds nothing).
/// Enqueued after each import and run on a schedule; every alert the check adds gets its own webhook job, so a
/// slow or failing receiver never holds up a check or an import.
/// </summary>
public sealed class DriftCheckJob(QualityDatabase database, IBackgroundJobClient jobs, IRecurringJobManager recurring,
    IOptions<DriftOptions> options, ILogger<DriftCheckJob> logger, Shared.ProjectCache cache)
{
    [AutomaticRetry(Attempts = 2)]
    [JobDisplayName("Drift check of project {0}")]
    public void Run(int projectId, CancellationToken cancellationToken)
    {
        // Analysed through the dashboard's cache: the control charts of this data state need the same analysis.
        // The token is Hangfire's shutdown token: a check in progress at shutdown stops within milliseconds and is
        // re-queued, instead of holding the host past its shutdown timeout.
        var check = DriftService.Check(database, projectId, report: ProjectDrift.Report(cache, database, projectId, cancellationToken));
        // A project that was just created gets its schedule here; AddOrUpdate is idempotent.
        DriftJobs.Schedule(recurring, projectId, options.Value.Schedule);
        logger.LogInformation("Drift check of project {Project}: {Findings} findings, {New} new alerts",
            projectId, check.Report.Findings.Count, check.NewAlertIds.Count);
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl)) return;
        foreach (var id in check.NewAlertIds)
            jobs.Enqueue<DriftWebhookJob>(j => j.Send(id));
    }
}

/// <summary>POSTs one alert to the configured webhook, with retries; records the delivery so it is sent once.</summary>
public sealed class DriftWebhookJob(QualityDatabase database, IHttpClientFactory http, IOptions<DriftOptions> options, ILogger<DriftWebhookJob> logger)
{
    public const string HttpClientName = "drift-webhook";

    // In-job retries handle short outages; Hangfire's own retries (with its growing delays) the long ones.
    [AutomaticRetry(Attempts = 5)]
    [JobDisplayName("Drift alert {0} to the webhook")]
    public async Task Send(long alertId)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        string payload;
        using (var c = database.Open())
        {
            var alert = AlertStore.Get(c, alertId);
            if (alert is null || alert.NotifiedAt is not null) return;
            var project = c.Scalar("SELECT name FROM projects WHERE project_id = $pid", ("pid", alert.ProjectId)) as string;
            payload = AlertWebhook.Payload(alert, project);
        }
        var delivery = await AlertWebhook.SendAsync(http.CreateClient(HttpClientName), new Uri(url), payload, options.Value.Retry);
        if (!delivery.Delivered)
            throw new InvalidOperationException($"webhook {url} did not accept alert {alertId} after {delivery.Attempts} attempts: {delivery.Error}");
        using (var c = database.Open()) AlertStore.MarkNotified(c, alertId, DateTime.UtcNow);
        logger.LogInformation("Drift alert {Alert} delivered to the webhook in {Attempts} attempt(s)", alertId, delivery.Attempts);
    }
}
