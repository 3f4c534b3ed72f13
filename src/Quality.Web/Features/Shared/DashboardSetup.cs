using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Quality.Storage;
using Quality.Web.Features.Agreement;
using Quality.Web.Features.Annotators;
using Quality.Web.Features.Projects;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Shared;

/// <summary>The `Quality:Dashboard` settings.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Quality:Dashboard";

    /// <summary>"What needs attention": annotators whose accuracy on gold is below this share.</summary>
    [Range(0, 1)]
    public double AttentionGoldAccuracy { get; set; } = 0.70;

    /// <summary>… on at least this many answers on gold items (fewer say too little to act on).</summary>
    [Range(1, 1_000_000)]
    public int AttentionMinGoldAnswers { get; set; } = 20;

    /// <summary>Compute every project's default pages at start and after each import, before anyone asks.</summary>
    public bool Warmup { get; set; } = true;

    /// <summary>How often the warm-up looks for new imports, in seconds.</summary>
    [Range(0.1, 3600)]
    public double WarmupPollSeconds { get; set; } = 2;
}

/// <summary>Services shared by the dashboard pages: the cache, project contexts, options and the warm-up.</summary>
public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProjectCache>();
        services.AddSingleton<ProjectContexts>();
        services.AddHostedService<DashboardWarmup>();
        return services;
    }
}

/// <summary>
/// Computes the default view of every project's overview, agreement and annotators pages when the app starts and
/// whenever a project's data changes (a new import), so the first person to open a page does not wait for it.
/// </summary>
internal sealed class DashboardWarmup(ProjectContexts contexts, ProjectCache cache, QualityDatabase database, IOptions<QualityOptions> quality,
    IOptions<DashboardOptions> dashboard, ILogger<DashboardWarmup> logger) : BackgroundService
{
    private readonly Dictionary<int, long> _warmed = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dashboard.Value.Warmup) return;
        await Task.Yield();
        var delay = TimeSpan.FromSeconds(dashboard.Value.WarmupPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in contexts.ProjectIds())
                {
                    if (stoppingToken.IsCancellationRequested) break;
                    var version = cache.Version(id);
                    if (_warmed.TryGetValue(id, out var done) && done == version) continue;
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    Warm(id, stoppingToken);
                    _warmed[id] = version;
                    logger.LogInformation("Dashboard of project {Project} ready for data version {Version} in {Seconds:F1} s", id, version, clock.Elapsed.TotalSeconds);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A project that fails to analyse shows its error on its pages; the warm-up goes on with the others.
                logger.LogWarning(ex, "Dashboard warm-up failed; pages compute on first request instead");
            }
            try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }

    private void Warm(int id, CancellationToken stoppingToken)
    {
        var p = contexts.Open(id, AnalyticsFilter.None);
        if (p is null) return;
        // Drift first and cancellable: it is the longest part (Monte Carlo limits), and the overview reads it.
        Drift.ProjectDrift.Report(cache, database, id, stoppingToken);
        OverviewPage.Build(p, database, quality.Value.Bands, dashboard.Value);
        AgreementPage.Build(p, quality.Value.Bands, null, null);
        TeamPage.Build(p);
        Cost.CostPage.Build(p);
    }
}
