using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Storage;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Drift;

/// <summary>The drift inbox of a project, acknowledging alerts, re-checking, and the annotators' control charts.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class DriftController(ProjectContexts contexts, QualityDatabase database, IBackgroundJobClient jobs) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/alerts")]
    public IActionResult Index(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var problems = new List<string>();
        var query = AlertQuery.Parse(Request.Query, problems);
        ViewData["Filters"] = FilterBar.For(p, $"/projects/{id}/alerts", showField: false) is var bar
            ? bar with { Problems = [.. bar.Problems, .. problems] } : null;
        ViewData["Flash"] = TempData["Flash"];
        return View(AlertsPage.Build(p, query, problems));
    }

    [HttpGet("/projects/{id:int}/alerts.csv")]
    public IActionResult Csv(int id)
    {
        var p = Open(id);
        return p is null ? NotFound() : CsvDownload.File(AlertsPage.Build(p, AlertQuery.Parse(Request.Query, []), []).Table, p.Name, null);
    }

    [HttpPost("/projects/{id:int}/alerts/{alertId:long}/acknowledge")]
    [ValidateAntiForgeryToken]
    public IActionResult Acknowledge(int id, long alertId, [FromForm] string? by, [FromForm] string? comment, [FromForm] string? returnUrl)
    {
        var back = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/projects/{id}/alerts";
        using var c = database.Open();
        var alert = AlertStore.Get(c, alertId);
        if (alert is null || alert.ProjectId != id)
            return NotFoundPage($"There is no drift alert #{alertId} in this project.", $"/projects/{id}/alerts", "The project's alerts");
        if (string.IsNullOrWhiteSpace(by))
        {
            TempData["Flash"] = $"Alert #{alertId} was not acknowledged: say who you are in the 'Your name' box.";
            return LocalRedirect(back);
        }
        AlertStore.Acknowledge(c, alertId, by, comment);
        TempData["Flash"] = $"Alert #{alertId} acknowledged by {by.Trim()}.";
        return LocalRedirect(back);
    }

    [HttpPost("/projects/{id:int}/alerts/check")]
    [ValidateAntiForgeryToken]
    public IActionResult Check(int id)
    {
        if (Open(id) is null) return NotFound();
        var job = jobs.EnqueueCheck(id);
        TempData["Flash"] = $"A drift check of this project is queued (job {job}); new alerts appear here when it finishes.";
        return LocalRedirect($"/projects/{id}/alerts");
    }

    [HttpGet("/projects/{id:int}/annotators/{key}/control-{kind}.svg")]
    public IActionResult ControlChartSvg(int id, string key, string kind)
    {
        var p = Open(id);
        if (p is null || p.Roster.All(r => r.Key != key) || kind is not ("gold_accuracy" or "agreement" or "accuracy")) return NotFound();
        var field = p.Field?.Field;
        var drift = field is null ? null : ProjectDrift.Report(p).Find(key, field);
        var series = drift?.ControlChart(DriftKinds.Parse(kind))
            ?? new ControlChartSeries(key, field ?? "—", DriftKinds.Parse(kind), 0, null, null, null, [], [], []);
        return Svg(Charts.ControlChart.Svg(series));
    }
}
