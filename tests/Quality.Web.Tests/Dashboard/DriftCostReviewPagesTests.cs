using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Dashboard;

/// <summary>
/// The drift inbox, the cost-quality page and the review queue against the CLI's JSON for the same project:
/// `quality drift`, `quality cost` and `quality review-queue`. The drift alerts come from the Hangfire check the app
/// queues at start.
/// </summary>
[Collection(SampleSiteCollection.Name)]
public sealed class DriftCostReviewPagesTests(SampleSite site)
{
    private string Db => Path.Combine(site.Factory.DataDir, "quality.duckdb");

    private static double? Num(Dictionary<string, string> row, string col) =>
        row.TryGetValue(col, out var s) && s.Length > 0 ? double.Parse(s, CultureInfo.InvariantCulture) : null;

    private static double? Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    /// <summary>Waits for the start-up drift check (a real Hangfire job) to store the sample project's alerts.</summary>
    private async Task<string> AlertsPageAfterCheckAsync()
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var page = await site.Client.GetStringAsync("/projects/1/alerts?status=all");
            if (page.Contains("data-alert=", StringComparison.Ordinal)) return page;
            await Task.Delay(500);
        }
        throw new TimeoutException("the start-up drift check stored no alert within 2 minutes");
    }

    [Fact]
    public async Task AlertsPage_AfterTheStartUpCheck_ListsTheCliAlertsWithTheirLevels()
    {
        var page = await AlertsPageAfterCheckAsync();
        // `quality drift` re-checks and stores idempotently: the same alerts, nothing added.
        var cli = QualityCli.Json("drift", "--project", SampleSite.ProjectName, "--db", Db, "--json").GetProperty("alerts").EnumerateArray().ToList();

        var rows = PageTables.Rows(page, "alerts");

        Assert.Equal(cli.Count, rows.Count);
        foreach (var a in cli)
        {
            var row = rows[a.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(a.GetProperty("annotator").GetString(), row["annotator"]);
            Assert.Equal(a.GetProperty("field").GetString(), row["field"]);
            Assert.Equal(a.GetProperty("kind").GetString(), row["kind"]);
            Assert.Equal(Num(a.GetProperty("before").GetProperty("level")), Num(row, "before"));
            Assert.Equal(Num(a.GetProperty("after").GetProperty("level")), Num(row, "after"));
            Assert.Equal(Num(a.GetProperty("before").GetProperty("ci95")[0]), Num(row, "before_ci95"));
            Assert.Equal(Num(a.GetProperty("change")), Num(row, "change"));
            Assert.Equal(a.GetProperty("changepoint").GetString()![..10], row["changepoint"][..10]);
        }
        // The planted drift (mei.lin, sentiment, gold accuracy) is among them.
        Assert.Contains(cli, a => a.GetProperty("annotator").GetString() == "mei.lin@example.com" && a.GetProperty("kind").GetString() == "gold_accuracy");
    }

    [Fact]
    public async Task Overview_FlagsOnlyTheDriftingAnnotatorAsDrifting()
    {
        await AlertsPageAfterCheckAsync();

        var page = await site.Client.GetStringAsync("/projects/1");
        var drifting = Regex.Matches(page, "<li class=\"attention-drift\"><a href=\"[^\"]*\">([^<]*)</a>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var team = PageTables.Rows(await site.Client.GetStringAsync("/projects/1/annotators?field=sentiment"), "annotators");

        var item = Assert.Single(drifting);
        Assert.StartsWith("mei.lin@example.com is drifting on sentiment: gold accuracy", item);
        Assert.Equal(["mei.lin@example.com"], team.Where(r => r.Value["drift"] == "drifting").Select(r => r.Key).ToArray());
        Assert.NotEqual("0", PageTables.Kpi(page, "open_alerts"));
    }

    [Fact]
    public async Task AcknowledgeForm_WithNameAndComment_StoresThemAndTheAlertLeavesTheOpenList()
    {
        var all = await AlertsPageAfterCheckAsync();
        var id = Regex.Match(all, "data-alert=\"(\\d+)\" data-kind=\"label_distribution\"").Groups[1].Value;
        Assert.True(id != "", "no label-distribution alert on the page: " + string.Join(" | ", Regex.Matches(all, "<article[^>]*>").Select(m => m.Value)));
        var open = await site.Client.GetStringAsync("/projects/1/alerts");
        var token = Regex.Match(open, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual("", token);

        var response = await site.Client.PostAsync($"/projects/1/alerts/{id}/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["by"] = "Lead Tester",
            ["comment"] = "=planted shift, discussed with the vendor",
            ["returnUrl"] = "/projects/1/alerts",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // followed the redirect back to the inbox
        var after = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Alert #{id} acknowledged by Lead Tester.", after);
        Assert.DoesNotContain($"data-alert=\"{id}\"", after);
        var cli = QualityCli.Json("drift", "--project", SampleSite.ProjectName, "--db", Db, "--json").GetProperty("alerts").EnumerateArray()
            .Single(a => a.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture) == id);
        Assert.Equal("acknowledged", cli.GetProperty("status").GetString());
        Assert.Equal("Lead Tester", cli.GetProperty("acknowledged_by").GetString());
        Assert.Equal("=planted shift, discussed with the vendor", cli.GetProperty("comment").GetString());
        // The CSV neutralises the comment's leading '=' against formula injection.
        var csv = await site.Client.GetStringAsync("/projects/1/alerts.csv?status=acknowledged");
        Assert.Contains(",\"'=planted shift, discussed with the vendor\",", csv);
    }

    [Fact]
    public async Task AcknowledgeForm_WithoutAToken_IsRejected()
    {
        var response = await site.Client.PostAsync("/projects/1/alerts/1/acknowledge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["by"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CostPage_AnnotatorsPoolsAndRecommendation_AreTheCliNumbers()
    {
        var page = await site.Client.GetStringAsync("/projects/1/cost?field=sentiment");
        var cli = QualityCli.Json("cost", "--project", SampleSite.ProjectName, "--db", Db, "--field", "sentiment", "--json").GetProperty("fields")[0];

        var rows = PageTables.Rows(page, "annotators");
        var pools = PageTables.Rows(page, "pools");

        Assert.Equal(cli.GetProperty("annotators").GetArrayLength(), rows.Count);
        foreach (var a in cli.GetProperty("annotators").EnumerateArray())
        {
            var row = rows[a.GetProperty("annotator").GetString()!];
            Assert.Equal(Num(a.GetProperty("cost")), Num(row, "cost"));
            Assert.Equal(Num(a.GetProperty("cost_per_annotation")), Num(row, "cost_per_annotation"));
            Assert.Equal(Num(a.GetProperty("quality")), Num(row, "quality"));
            Assert.Equal(Num(a.GetProperty("cost_per_correct_label")), Num(row, "cost_per_correct_label"));
            Assert.Equal(a.GetProperty("on_frontier").ValueKind == JsonValueKind.True ? "1" : "0", row["on_frontier"]);
        }
        Assert.Contains(rows.Values, r => r["on_frontier"] == "1");
        foreach (var pool in cli.GetProperty("pools").EnumerateArray())
        {
            var row = pools[pool.GetProperty("pool").GetString()!];
            Assert.Equal(Num(pool.GetProperty("cost")), Num(row, "cost"));
            Assert.Equal(Num(pool.GetProperty("accuracy")), Num(row, "gold_accuracy"));
            Assert.Equal(Num(pool.GetProperty("cost_per_correct_label")), Num(row, "cost_per_correct_label"));
        }
        var recommended = cli.GetProperty("redundancy").GetProperty("recommended_k").GetProperty("dawid_skene").GetProperty("k").GetInt32();
        Assert.Equal(recommended.ToString(CultureInfo.InvariantCulture), PageTables.Kpi(page, "recommended_k"));
        var curve = PageTables.Rows(page, "redundancy");
        foreach (var point in cli.GetProperty("redundancy").GetProperty("curve").EnumerateArray())
        {
            var row = curve[point.GetProperty("k").GetInt32().ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(Num(point.GetProperty("mv_accuracy")), Num(row, "majority_vote"));
            Assert.Equal(Num(point.GetProperty("ds_accuracy")), Num(row, "dawid_skene"));
        }
    }

    [Fact]
    public async Task CostCharts_RenderAsSvgWithTheirTitles()
    {
        var scatter = await site.Client.GetStringAsync("/projects/1/cost/quality-cost.svg?field=sentiment");
        var curve = await site.Client.GetStringAsync("/projects/1/cost/redundancy.svg?field=sentiment");

        Assert.Contains("<svg", scatter);
        Assert.Contains("Quality against cost on sentiment", scatter);
        Assert.Contains("Pareto frontier", scatter);
        Assert.Contains("Annotators per item against consensus accuracy on sentiment", curve);
        Assert.Contains("Recommended k = 3", curve);
    }

    [Fact]
    public async Task ReviewPage_TopItems_AreTheCliQueue()
    {
        var page = await site.Client.GetStringAsync("/projects/1/review?top=50");
        var cli = QualityCli.Json("review-queue", "--project", SampleSite.ProjectName, "--db", Db, "--top", "50", "--json");

        var rows = PageTables.Rows(page, "review-queue");

        var items = cli.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(50, rows.Count);
        foreach (var i in items)
        {
            var row = rows[$"{i.GetProperty("field").GetString()}|{i.GetProperty("item").GetString()}"];
            Assert.Equal(i.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture), row["rank"]);
            Assert.Equal(i.GetProperty("consensus").GetString(), row["consensus_label"]);
            Assert.Equal(Num(i.GetProperty("confidence")), Num(row, "confidence"));
        }
        Assert.Equal((cli.GetProperty("share_of_remaining_errors").GetDouble() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",
            PageTables.Kpi(page, "share_caught"));
    }

    [Fact]
    public async Task ControlChart_OfTheDriftingAnnotator_ShowsTheLimitSignalAndChangePoint()
    {
        var svg = await site.Client.GetStringAsync("/projects/1/annotators/mei.lin%40example.com/control-gold_accuracy.svg?field=sentiment");
        var stable = await site.Client.GetStringAsync("/projects/1/annotators/emma.lindqvist%40example.com/control-gold_accuracy.svg?field=sentiment");

        Assert.Contains("Control chart of gold accuracy: mei.lin on sentiment", svg);
        Assert.Contains("Signal", svg);
        Assert.Contains("Estimated change point", svg);
        Assert.Contains("Limit h =", stable);
        Assert.DoesNotContain("Estimated change point", stable);
    }

    [Fact]
    public async Task AccuracyControlChart_OfTheDriftingAnnotator_ShowsItsSignalAndTheAnnotatorPageLinksIt()
    {
        var svg = await site.Client.GetStringAsync("/projects/1/annotators/mei.lin%40example.com/control-accuracy.svg?field=sentiment");
        var stable = await site.Client.GetStringAsync("/projects/1/annotators/emma.lindqvist%40example.com/control-accuracy.svg?field=sentiment");
        var page = await site.Client.GetStringAsync("/projects/1/annotators/mei.lin%40example.com?field=sentiment");

        Assert.Contains("Control chart of accuracy (gold and consensus): mei.lin on sentiment", svg);
        Assert.Contains("Signal", svg);
        Assert.Contains("Estimated change point", svg);
        Assert.Contains("Limit h =", stable);
        Assert.DoesNotContain("Estimated change point", stable);
        Assert.Contains("control-accuracy.svg", page);
        Assert.Contains("estimated accuracy on sentiment, read off gold items and the other annotators", page);
    }
}

/// <summary>The JSON API of the drift, cost and review pages: the same numbers as the CLI, and acknowledging by JSON.</summary>
[Collection(SampleSiteCollection.Name)]
public sealed class DriftCostReviewApiTests(SampleSite site)
{
    private string Db => Path.Combine(site.Factory.DataDir, "quality.duckdb");

    [Fact]
    public async Task ReviewQueueApi_IsTheCliQueue()
    {
        var api = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects/1/review-queue?top=20&field=quality")).RootElement;
        var cli = QualityCli.Json("review-queue", "--project", SampleSite.ProjectName, "--db", Db, "--top", "20", "--field", "quality", "--json");

        Assert.Equal(cli.GetProperty("queued_items").GetInt32(), api.GetProperty("queued_items").GetInt32());
        Assert.Equal(cli.GetProperty("expected_errors_in_top").GetDouble(), api.GetProperty("expected_errors_in_top").GetDouble());
        Assert.Equal(cli.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item").GetString()),
            api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item").GetString()));
        Assert.All(api.GetProperty("items").EnumerateArray(), i => Assert.Equal("quality", i.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task CostApi_RecommendedKAndAnnotators_AreTheCliNumbers()
    {
        var api = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects/1/cost?field=quality")).RootElement;
        var cli = QualityCli.Json("cost", "--project", SampleSite.ProjectName, "--db", Db, "--field", "quality", "--json").GetProperty("fields")[0];

        Assert.Equal("quality", api.GetProperty("field").GetString());
        Assert.Equal(cli.GetProperty("redundancy").GetProperty("recommended_k").GetProperty("majority_vote").GetProperty("k").GetInt32(),
            api.GetProperty("recommended_k").GetProperty("majority_vote").GetInt32());
        var byName = api.GetProperty("annotators").EnumerateArray().ToDictionary(a => a.GetProperty("annotator").GetString()!);
        foreach (var a in cli.GetProperty("annotators").EnumerateArray())
            Assert.Equal(a.GetProperty("cost_per_correct_label").ToString(), byName[a.GetProperty("annotator").GetString()!].GetProperty("cost_per_correct_label").ToString());
    }

    [Fact]
    public async Task AlertsApi_UnknownStatus_Is400WithTheReason()
    {
        var response = await site.Client.GetAsync("/api/v1/projects/1/alerts?status=closed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown status 'closed'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AlertsApi_AcknowledgeByJson_ReturnsTheAcknowledgedAlert()
    {
        JsonElement alerts = default;
        for (var i = 0; i < 240; i++)
        {
            alerts = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects/1/alerts?status=all&kind=agreement")).RootElement;
            if (alerts.GetProperty("alerts").GetArrayLength() > 0) break;
            await Task.Delay(500);
        }
        var alert = alerts.GetProperty("alerts")[0];
        Assert.Equal("agreement", alert.GetProperty("kind").GetString());
        var id = alert.GetProperty("id").GetInt64();

        var missing = await site.Client.PostAsJsonAsync($"/api/v1/projects/1/alerts/{id}/acknowledge", new { comment = "no name" });
        var response = await site.Client.PostAsJsonAsync($"/api/v1/projects/1/alerts/{id}/acknowledge", new { by = "api-user", comment = "checked" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("acknowledged", body.GetProperty("status").GetString());
        Assert.Equal("api-user", body.GetProperty("acknowledged_by").GetString());
        var open = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects/1/alerts?kind=agreement")).RootElement;
        Assert.DoesNotContain(open.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
    }
}
