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
        return p is null ? NotFound() : Page(p, $"/projects/{id}", Build(p));
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
