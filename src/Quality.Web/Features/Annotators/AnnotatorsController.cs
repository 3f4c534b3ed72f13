using Microsoft.AspNetCore.Mvc;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Annotators;

/// <summary>The team table and each annotator's page.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AnnotatorsController(ProjectContexts contexts) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/annotators")]
    public IActionResult Index(int id)
    {
        var p = Open(id);
        return p is null ? NotFound() : Page(p, $"/projects/{id}/annotators", TeamPage.Build(p));
    }

    [HttpGet("/projects/{id:int}/annotators.csv")]
    public IActionResult Csv(int id)
    {
        var p = Open(id);
        return p is null ? NotFound() : CsvDownload.File(TeamPage.Build(p).Table, p.Name, p.Field?.Field);
    }

    [HttpGet("/projects/{id:int}/annotators/{key}")]
    public IActionResult Show(int id, string key)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        if (p.Roster.All(r => r.Key != key))
            return NotFoundPage($"The project {p.Name} has no annotator '{key}'.", $"/projects/{id}/annotators", "All annotators");
        ViewData["Alerts"] = Drift.AlertsPage.Load(p).Where(a => a.Annotator == key).ToList();
        return Page(p, $"/projects/{id}/annotators/{Uri.EscapeDataString(key)}", AnnotatorPage.Build(p, key));
    }

    [HttpGet("/projects/{id:int}/annotators/{key}/{table}.csv")]
    public IActionResult AnnotatorCsv(int id, string key, string table)
    {
        var p = Open(id);
        if (p is null || p.Roster.All(r => r.Key != key)) return NotFound();
        var page = AnnotatorPage.Build(p, key);
        return CsvDownload.File(page.Tables.FirstOrDefault(t => t.Id == table), p.Name, key);
    }

    [HttpGet("/projects/{id:int}/annotators/{key}/weekly.svg")]
    public IActionResult WeeklyChart(int id, string key)
    {
        var p = Open(id);
        if (p is null || p.Roster.All(r => r.Key != key)) return NotFound();
        // The gold-accuracy alert's estimated change point, when there is one on this field.
        var field = p.Field?.Field;
        var change = Drift.AlertsPage.Load(p).Where(a => a.Annotator == key && a.Field == field && a.Kind == Quality.Analytics.Drift.DriftKind.GoldAccuracy)
            .Select(a => (DateTime?)a.Changepoint).FirstOrDefault();
        return Svg(AnnotatorPage.Build(p, key).WeeklySvg(change));
    }

    [HttpGet("/projects/{id:int}/annotators/{key}/distribution.svg")]
    public IActionResult DistributionChart(int id, string key)
    {
        var p = Open(id);
        if (p is null || p.Roster.All(r => r.Key != key)) return NotFound();
        return Svg(AnnotatorPage.Build(p, key).DistributionSvg());
    }
}
