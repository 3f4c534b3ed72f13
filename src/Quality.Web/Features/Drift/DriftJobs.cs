using Hangfire;
using Microsoft.Extensions.Options;
using Quality.Storage;

namespace Quality.Web.Features.Drift;

/// <summary>Registration of the drift jobs, and the calls the rest of the app makes to schedule them.</summary>
public static class DriftJobs
{
    /// <summary>The recurring job's id for a project.</summary>
    public static string RecurringId(int projectId) => $"drift-check-project-{projectId}";

    /// <summary>
    /// Services of the drift feature: options (Quality:Drift), the check and webhook jobs, the webhook's HTTP
    /// client, and a start-up task that schedules the recurring check of every project. Call after AddQualityJobs.
    /// </summary>
    public static IServiceCollection AddDriftJobs(this IServiceCollection services)
    {
        services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.WebhookUrl) || Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out _),
                "Quality:Drift:WebhookUrl must be an absolute URL")
            .ValidateOnStart();
        services.AddTransient<DriftCheckJob>();
        services.AddTransient<DriftWebhookJob>();
        services.AddHttpClient(DriftWebhookJob.HttpClientName);
        services.AddHostedService<DriftSchedules>();
        return services;
    }

    /// <summary>Enqueues a drift check of the project: call it when an import of that project has succeeded.</summary>
    public static string EnqueueCheck(this IBackgroundJobClient jobs, int projectId) =>
        jobs.Enqueue<DriftCheckJob>(j => j.Run(projectId, CancellationToken.None));

    /// <summary>Enqueues a drift check of the project named <paramref name="project"/>; null if there is no such project.</summary>
    public static string? EnqueueCheck(this IBackgroundJobClient jobs, QualityDatabase database, string project)
    {
        using var c = database.Open();
        return Analytics.Input.ProjectRatings.ProjectId(c, project) is { } id ? jobs.EnqueueCheck(id) : null;
    }

    /// <summary>Schedules (or reschedules) the recurring drift check of one project.</summary>
    public static void Schedule(IRecurringJobManager recurring, int projectId, string cron) =>
        recurring.AddOrUpdate<DriftCheckJob>(RecurringId(projectId), j => j.Run(projectId, CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    /// <summary>Schedules the recurring check of every project in the database; returns how many.</summary>
    public static int ScheduleAll(IRecurringJobManager recurring, QualityDatabase database, string cron)
    {
        List<int> projects;
        using (var c = database.Open())
            projects = c.Query("SELECT project_id FROM projects ORDER BY project_id", r => r.GetInt32(0));
        foreach (var id in projects) Schedule(recurring, id, cron);
        return projects.Count;
    }
}

/// <summary>At start (after the migrations, which an earlier hosted service runs), schedules every project's check and queues one now.</summary>
internal sealed class DriftSchedules(IRecurringJobManager recurring, IBackgroundJobClient jobs, QualityDatabase database, IOptions<DriftOptions> options,
    ILogger<DriftSchedules> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var count = DriftJobs.ScheduleAll(recurring, database, options.Value.Schedule);
        logger.LogInformation("Scheduled the drift check of {Count} project(s) ({Cron})", count, options.Value.Schedule);
        if (options.Value.CheckOnStart)
        {
            // The first check does not wait for the schedule: a fresh install (the sample project) or data imported
            // while the app was down shows its alerts within seconds. Checks are idempotent.
            List<int> projects;
            using (var c = database.Open()) projects = c.Query("SELECT project_id FROM projects ORDER BY project_id", r => r.GetInt32(0));
            foreach (var id in projects) jobs.EnqueueCheck(id);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
