using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Quality.Alerts;
using Quality.Storage;
using Quality.Web.Features.Cost;
using Quality.Web.Features.Drift;
using Quality.Web.Features.Review;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Api;

/// <summary>
/// Drift alerts, cost-quality and the review queue as JSON under /api/v1: the same tables the pages show. Alerts are
/// the JSON `quality drift --json` prints for each alert; acknowledging takes {"by": "...", "comment": "..."}.
/// </summary>
[ApiController]
[Produces("application/json")]
[Tags("Drift, cost and review")]
public sealed class QualityOpsApiController(ProjectContexts contexts, QualityDatabase database) : DashboardController(contexts)
{
    /// <summary>The body of an acknowledgement.</summary>
    public sealed record AcknowledgeRequest(string? By, string? Comment);

    [HttpGet("/api/v1/projects/{id:int}/alerts")]
    [EndpointSummary("Drift alerts of a project, newest first; status=open|acknowledged|all (default open), kind, field, annotator, pool, from, to")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Alerts(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var problems = new List<string>();
        var query = AlertQuery.Parse(Request.Query, problems);
        if (problems.Count > 0) return BadRequest(new { error = string.Join(" ", problems) });
        var page = AlertsPage.Build(p, query, problems);
        return JsonBody(new JsonObject
        {
            ["open"] = page.OpenCount,
            ["total"] = page.TotalCount,
            ["alerts"] = new JsonArray(page.Alerts.Select(a => (JsonNode?)a.ToJson()).ToArray()),
        });
    }

    [HttpPost("/api/v1/projects/{id:int}/alerts/{alertId:long}/acknowledge")]
    [Consumes("application/json")]
    [EndpointSummary("Acknowledges a drift alert with who and an optional comment; returns the alert")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Acknowledge(int id, long alertId, [FromBody] AcknowledgeRequest request)
    {
        using var c = database.Open();
        var alert = AlertStore.Get(c, alertId);
        if (alert is null || alert.ProjectId != id) return NotFound(new { error = $"no drift alert #{alertId} in project {id}" });
        if (string.IsNullOrWhiteSpace(request.By)) return BadRequest(new { error = "say who acknowledges the alert: {\"by\": \"name\"}" });
        return JsonBody(AlertStore.Acknowledge(c, alertId, request.By, request.Comment).ToJson());
    }

    [HttpGet("/api/v1/projects/{id:int}/cost")]
    [EndpointSummary("Cost against quality on a field (field=…): annotators with the frontier, pools, the redundancy curve, all fields together")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult Cost(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var page = CostPage.Build(p);
        var (total, reason) = page.TotalCost();
        var o = new JsonObject
        {
            ["field"] = page.Field?.Field,
            ["currency"] = page.Currency,
            ["total_cost"] = total,
            ["total_cost_reason"] = reason,
            ["cost_per_answer"] = page.Field?.CostPerAnswer,
            ["recommended_k"] = page.Field is { } f ? new JsonObject
            {
                ["target"] = f.Redundancy.TargetAccuracy,
                ["majority_vote"] = f.Redundancy.MajorityVote.K,
                ["majority_vote_conservative"] = f.Redundancy.MajorityVote.ConservativeK,
                ["dawid_skene"] = f.Redundancy.DawidSkene?.K,
                ["dawid_skene_conservative"] = f.Redundancy.DawidSkene?.ConservativeK,
            } : null,
        };
        foreach (var t in page.Tables) o[t.Id] = TableJson.Rows(t);
        return JsonBody(o);
    }

    [HttpGet("/api/v1/projects/{id:int}/review-queue")]
    [EndpointSummary("Items to review first (top=N, default 100; field=… for one field) and the consensus errors reviewing them is expected to catch")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public IActionResult ReviewQueue(int id)
    {
        var p = Open(id);
        if (p is null) return NoProject(id);
        var problems = new List<string>();
        var top = ReviewPage.ParseTop(Request.Query["top"], problems);
        if (problems.Count > 0) return BadRequest(new { error = problems[0] });
        var page = ReviewPage.Build(p, top);
        return JsonBody(new JsonObject
        {
            ["field"] = page.Field,
            ["top"] = top,
            ["queued_items"] = page.Queue.QueuedItems,
            ["expected_errors_in_top"] = page.Queue.ExpectedErrorsInTop,
            ["expected_errors_remaining"] = page.Queue.ExpectedErrorsRemaining,
            ["share_of_remaining_errors"] = page.Queue.ShareOfRemainingErrors,
            ["share_reason"] = page.Queue.ShareReason,
            ["items"] = TableJson.Rows(page.Table),
        });
    }

    private IActionResult NoProject(int id) => NotFound(new { error = $"no project with id {id}" });

    private ContentResult JsonBody(JsonNode node) => Content(TableJson.Write(node), "application/json");
}
