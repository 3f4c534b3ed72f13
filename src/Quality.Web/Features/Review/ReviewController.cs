using Microsoft.AspNetCore.Mvc;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Review;

/// <summary>The review queue page and its CSV.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ReviewController(ProjectContexts contexts) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/review")]
    public IActionResult Index(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var problems = new List<string>();
        var top = ReviewPage.ParseTop(Request.Query["top"], problems);
        var page = Page(p, $"/projects/{id}/review", ReviewPage.Build(p, top));
        if (ViewData["Filters"] is FilterBar bar) ViewData["Filters"] = bar with { Problems = [.. bar.Problems, .. problems] };
        return page;
    }

    [HttpGet("/projects/{id:int}/review.csv")]
    public IActionResult Csv(int id)
    {
        var p = Open(id);
        return p is null ? NotFound() : CsvDownload.File(ReviewPage.Build(p, ReviewPage.ParseTop(Request.Query["top"], [])).Table, p.Name, p.Filter.Field);
    }
}
