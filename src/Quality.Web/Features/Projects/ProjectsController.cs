using Microsoft.AspNetCore.Mvc;
using Quality.Charts;
using Quality.Projects;
using Quality.Storage;

namespace Quality.Web.Features.Projects;

/// <summary>The portfolio of projects and each project's overview.</summary>
public sealed class ProjectsController(QualityDatabase database, ProjectAnalysisService analyses) : Controller
{
    [HttpGet("/")]
    public IActionResult Index()
    {
        using var c = database.Open();
        return View(ProjectQueries.List(c));
    }

    [HttpGet("/projects/{id:int}")]
    public IActionResult Overview(int id)
    {
        using var c = database.Open();
        var name = NameOf(c, id);
        if (name is null) return NotFound();
        var overview = ProjectQueries.Overview(c, name)!;
        ViewData["Analysis"] = analyses.Get(id);
        return View(overview);
    }

    [HttpGet("/projects/{id:int}/charts/annotations-per-week.svg")]
    [ResponseCache(Duration = 60)]
    public IActionResult WeeklyChart(int id, int width = 720, int height = 300)
    {
        using var c = database.Open();
        if (NameOf(c, id) is null) return NotFound();
        var svg = AnnotationsPerWeekChart.Svg(ProjectQueries.WeeklyCounts(c, id), Math.Clamp(width, 200, 2000), Math.Clamp(height, 150, 1200));
        return Content(svg, "image/svg+xml");
    }

    private static string? NameOf(DuckDB.NET.Data.DuckDBConnection c, int id) =>
        c.Scalar("SELECT name FROM projects WHERE project_id = $id", ("id", id)) as string;
}
