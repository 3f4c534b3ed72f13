using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Quality.Charts;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Portfolio;

/// <summary>The start page: every project with its volume, agreement and accuracy.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PortfolioController(ProjectContexts contexts, IOptions<QualityOptions> options) : DashboardController(contexts)
{
    [HttpGet("/")]
    public IActionResult Index() => View(Build());

    [HttpGet("/projects.csv")]
    public IActionResult Csv() => CsvDownload.File(Build().Projects, "portfolio");

    [HttpGet("/projects/{id:int}/charts/sparkline.svg")]
    public IActionResult Sparkline(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        return Svg(p.CachedData("sparkline", () => WeeklyVolumeSparkline.Svg(p.Activity.Weeks), perField: false));
    }

    private PortfolioPage Build()
    {
        // Only the date range applies across projects: fields, annotators and pools belong to one project.
        var filter = AnalyticsFilter.Parse(Request.Query) with { Field = null, Annotators = [], Pool = null };
        var projects = Contexts.ProjectIds().Select(id => Contexts.Open(id, filter)).OfType<ProjectContext>().ToList();
        return PortfolioPage.Build(projects, filter, options.Value.Bands);
    }
}
