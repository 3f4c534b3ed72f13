using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Agreement;

/// <summary>The agreement page: coefficients per field, the pairwise kappa heatmap, per-label agreement and confusion matrices.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AgreementController(ProjectContexts contexts, IOptions<QualityOptions> options) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/agreement")]
    public IActionResult Index(int id, string? rows, string? columns)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        return Page(p, $"/projects/{id}/agreement", AgreementPage.Build(p, options.Value.Bands, rows, columns));
    }

    [HttpGet("/projects/{id:int}/agreement/{table}.csv")]
    public IActionResult Csv(int id, string table, string? rows, string? columns)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var page = AgreementPage.Build(p, options.Value.Bands, rows, columns);
        return CsvDownload.File(page.Tables.FirstOrDefault(t => t.Id == table), p.Name, page.Field?.Field);
    }

    [HttpGet("/projects/{id:int}/agreement/heatmap.svg")]
    public IActionResult Heatmap(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        return Svg(AgreementPage.Build(p, options.Value.Bands, null, null).HeatmapSvg());
    }
}
