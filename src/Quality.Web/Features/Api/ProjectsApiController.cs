using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Quality.Analytics;
using Quality.Storage;
using Quality.Web.Features.Agreement;
using Quality.Web.Features.Annotators;
using Quality.Web.Features.Portfolio;
using Quality.Web.Features.Projects;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Api;

/// <summary>
/// The dashboard's numbers as JSON under /api/v1: the same tables the pages show, and for agreement exactly the
/// document `quality agreement --project P --json` prints. Every route takes the pages' filters: from, to (UTC
/// dates, inclusive), field, annotator (repeatable), pool.
/// </summary>
[ApiController]
[Produces("application/json")]
[Tags("Projects")]
public sealed class ProjectsApiController(ProjectContexts contexts, QualityDatabase database, IOptions<QualityOptions> options,
    IOptions<DashboardOptions> dashboard) : DashboardController(contexts)
{
    [HttpGet("/api/v1/projects")]
    [EndpointSummary("Every project with volume, main-field agreement and gold accuracy")]
    [ProducesResponseType<JsonArray>(StatusCodes.Status200OK)]
    public IActionResult List()
    {
        var filter = AnalyticsFilter.Parse(Request.Query) with { Field = null, Annotators = [], Pool = null };
        var projects = Contexts.ProjectIds().Select(id => Contexts.Open(id, filter)).OfType<ProjectContext>().ToList();
        var page = PortfolioPage.Build(projects, filter, options.Value.Bands);
        var rows = TableJson.Rows(page.Projects);
        for (var i = 0; i < rows.Count; i++)
        {
            var o = rows[i]!.AsObject();
            o.Insert(0, "id", projects[i].ProjectId);
            o["weekly_volume"] = new JsonArray(projects[i].Activity.Weeks
                .Select(w => (JsonNode?)new JsonObject { ["week"] = Fmt.Date(w.WeekStart), ["annotations"] = w.Count }).ToArray());
        }
        return JsonBody(rows);
    }

    [HttpGet("/api/v1/projects/{id:int}")]
    [EndpointSummary("A project's overview: KPIs, week-over-week change and what needs attention")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Overview(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var page = OverviewPage.Build(p, database, options.Value.Bands, dashboard.Value);
        var f = p.Field;
        var gold = f is null ? null : AgreementTables.PooledGoldAccuracy(f);
        var alpha = f is null ? (Quality.Analytics.Agreement.AlphaEstimate?)null : AgreementTables.PrimaryAlpha(f, p.FieldKind(f.Field));
        var w = page.Weeks;
        return JsonBody(new JsonObject
        {
            ["id"] = p.ProjectId,
            ["name"] = p.Name,
            ["data_version"] = p.Version,
            ["field"] = f?.Field,
            ["annotations"] = p.Activity.Weeks.Sum(x => x.Count),
            ["alpha"] = alpha?.Value.Value,
            ["alpha_ci95"] = alpha?.Ci95 is { } ci ? new JsonArray(ci.Lower, ci.Upper) : null,
            ["gold_accuracy"] = gold?.Value,
            ["gold_answers"] = gold?.Trials,
            ["gold_accuracy_ci95"] = TableJson.Node(gold?.Wilson() is { Lower: { } lo, Upper: { } hi } ? new Ci(lo, hi) : null),
            ["week_over_week"] = w is null ? null : new JsonObject
            {
                ["latest_week"] = Fmt.Date(w.Latest),
                ["previous_week"] = Fmt.Date(w.Previous),
                ["annotations"] = new JsonArray(w.LatestCount, w.PreviousCount),
                ["alpha"] = new JsonArray(w.LatestAlpha?.Value, w.PreviousAlpha?.Value),
                ["gold_accuracy"] = new JsonArray(w.LatestGold?.Value, w.PreviousGold?.Value),
            },
            ["attention"] = new JsonArray(page.Attention
                .Select(a => (JsonNode?)new JsonObject { ["kind"] = a.Kind, ["text"] = a.Text, ["href"] = a.Href }).ToArray()),
            ["coefficients"] = TableJson.Rows(page.Coefficients),
        });
    }

    [HttpGet("/api/v1/projects/{id:int}/agreement")]
    [EndpointSummary("Agreement, consensus and per-annotator accuracy per field: the JSON of `quality agreement --json`")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Agreement(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        IReadOnlyList<FieldAnalysis> fields = p.Analysis.Fields;
        if (p.Filter.Field is { } name)
        {
            fields = fields.Where(f => f.Field == name).ToList();
            if (fields.Count == 0) return NotFound(new { error = $"the project has no categorical field '{name}' with answers in this view" });
        }
        return Content(p.CachedData($"agreement-json|{p.Filter.Field}", () => AgreementJson.Write(fields), perField: false), "application/json");
    }

    [HttpGet("/api/v1/projects/{id:int}/annotators")]
    [EndpointSummary("The annotators of a field: volume, speed, agreement, gold accuracy with its Wilson interval")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Annotators(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var page = TeamPage.Build(p);
        return JsonBody(new JsonObject
        {
            ["field"] = page.Field?.Field,
            ["annotators"] = page.Table is null ? new JsonArray() : TableJson.Rows(page.Table),
        });
    }

    [HttpGet("/api/v1/projects/{id:int}/annotators/{key}")]
    [EndpointSummary("One annotator on a field: summary, weekly gold accuracy, confusion against gold and consensus, label distribution")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Annotator(int id, string key)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        if (p.Roster.All(r => r.Key != key)) return NotFound(new { error = $"the project has no annotator '{key}'" });
        var page = AnnotatorPage.Build(p, key);
        var o = new JsonObject
        {
            ["annotator"] = key,
            ["pool"] = page.Pool,
            ["field"] = page.Field?.Field,
        };
        foreach (var t in page.Tables) o[t.Id.Replace('-', '_')] = TableJson.Rows(t);
        return JsonBody(o);
    }

    [HttpGet("/api/v1/projects/{id:int}/agreement/confusion")]
    [EndpointSummary("A label confusion matrix: rows = all (or one annotator), columns = gold, consensus or another annotator")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Confusion(int id, string? rows, string? columns)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var page = AgreementPage.Build(p, options.Value.Bands, rows, columns);
        return JsonBody(new JsonObject
        {
            ["field"] = page.Field?.Field,
            ["rows"] = page.Choice?.Rows,
            ["columns"] = page.Choice?.Columns,
            ["matrix"] = page.Confusion is null ? null : TableJson.Rows(page.Confusion),
        });
    }

    private IActionResult NoProject(int id) => NotFound(new { error = $"no project with id {id}" });

    private ContentResult JsonBody(JsonNode node) => Content(TableJson.Write(node), "application/json");
}
