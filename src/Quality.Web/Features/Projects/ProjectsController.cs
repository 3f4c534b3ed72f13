using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Quality.Charts;
using Quality.Storage;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Projects;

/// <summary>A project's overview: KPIs, what needs attention, agreement by field, volume and imports.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ProjectsController(ProjectContexts contexts, QualityDatabase database, IOptions<QualityOptions> options,
    IOptions<DashboardOptions> dashboard) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}")]
    public IActionResult Overview(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        // Alerts change without an import (checks, acknowledgements): read them fresh onto the cached page.
        var page = Build(p);
        var alerts = Drift.AlertsPage.Load(p);
        var open = alerts.Count(a => a.Status == Quality.Alerts.AlertStatus.Open);
        page = page with
        {
            Attention = [.. Drift.AlertsPage.Attention(p, alerts), .. page.Attention],
            Kpis = [.. page.Kpis.Take(4), new Kpi("open_alerts", "Open drift alerts", Fmt.Count(open),
                open == 0 ? "nothing to acknowledge" : $"{alerts.Where(a => a.Status == Quality.Alerts.AlertStatus.Open).Select(a => a.Annotator).Distinct().Count()} annotator(s); see Drift alerts"), .. page.Kpis.Skip(4)],
        };
        return Page(p, $"/projects/{id}", page);
    }

    [HttpGet("/projects/{id:int}/overview/{table}.csv")]
    public IActionResult Csv(int id, string table)
    {
        var p = Open(id);
        return p is null ? NotFound() : CsvDownload.File(Build(p).Tables.FirstOrDefault(t => t.Id == table), p.Name);
    }

    [HttpGet("/projects/{id:int}/charts/annotations-per-week.svg")]
    public IActionResult WeeklyChart(int id, int width = 720, int height = 300)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        width = Math.Clamp(width, 200, 2000);
        height = Math.Clamp(height, 150, 1200);
        return Svg(p.CachedData($"weekly-volume|{width}x{height}", () => AnnotationsPerWeekChart.Svg(p.Activity.Weeks, width, height), perField: false));
    }

    private OverviewPage Build(ProjectContext p) => OverviewPage.Build(p, database, options.Value.Bands, dashboard.Value);
}
