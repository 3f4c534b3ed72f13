using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Quality.Charts;
using Quality.Costs;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Cost;

/// <summary>The cost-quality page, its charts and CSVs, and the rate editor.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class CostController(ProjectContexts contexts) : DashboardController(contexts)
{
    [HttpGet("/projects/{id:int}/cost")]
    public IActionResult Index(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        ViewData["Flash"] = TempData["Flash"];
        return Page(p, $"/projects/{id}/cost", CostPage.Build(p));
    }

    [HttpGet("/projects/{id:int}/cost/{table}.csv")]
    public IActionResult Csv(int id, string table)
    {
        var p = Open(id);
        return p is null ? NotFound() : CsvDownload.File(CostPage.Build(p).Tables.FirstOrDefault(t => t.Id == table), p.Name, p.Field?.Field);
    }

    [HttpGet("/projects/{id:int}/cost/quality-cost.svg")]
    public IActionResult QualityCostChart(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var page = CostPage.Build(p);
        return Svg(page.Field is { } f ? CostQualityChart.Svg(f.Field, f.Table.Annotators, page.Currency) : CostQualityChart.Svg("—", [], page.Currency));
    }

    [HttpGet("/projects/{id:int}/cost/redundancy.svg")]
    public IActionResult RedundancyChartSvg(int id)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var page = CostPage.Build(p);
        return page.Field is { } f ? Svg(RedundancyChart.Svg(f.Field, f.Redundancy)) : NotFound();
    }

    [HttpPost("/projects/{id:int}/rates")]
    [ValidateAntiForgeryToken]
    public IActionResult SaveRate(int id, [FromForm] string annotator, [FromForm] string? pool, [FromForm(Name = "hourly_rate")] string? hourlyRate,
        [FromForm(Name = "cost_per_label")] string? costPerLabel, [FromForm] string? currency, [FromForm] string? returnUrl)
    {
        var p = Open(id);
        if (p is null) return NotFound();
        var back = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/projects/{id}/cost";
        try
        {
            AnnotatorRates.Update(p.Database, p.Name, new AnnotatorRate(annotator, Blank(pool), Amount(hourlyRate, "hourly rate", annotator),
                Amount(costPerLabel, "price per label", annotator), Blank(currency)?.ToUpperInvariant()));
            TempData["Flash"] = $"Saved the rates of {annotator}; the costs below use them.";
        }
        catch (QualityException ex)
        {
            TempData["Flash"] = $"Not saved: {ex.Message}.";
        }
        return LocalRedirect(back + "#rates");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static double? Amount(string? text, string what, string annotator)
    {
        if (Blank(text) is not { } t) return null;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new QualityException($"the {what} of {annotator}, '{t}', is not a number (write it like 12.50)");
    }
}
