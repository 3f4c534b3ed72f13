using System.Net;
using System.Text.Json;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Dashboard;

/// <summary>The dashboard pages over the sample project: what they show, their filters, empty states and errors.</summary>
[Collection(SampleSiteCollection.Name)]
public sealed class DashboardPagesTests(SampleSite site)
{
    [Fact]
    public async Task Overview_SampleProject_PutsTheSpammerFirstAmongLowAccuracy()
    {
        var page = await site.Client.GetStringAsync("/projects/1");

        // Drift alerts (when the start-up check has run) come first; then annotators below the accuracy threshold.
        var attention = page[page.IndexOf("What needs attention first", StringComparison.Ordinal)..];
        var first = System.Text.RegularExpressions.Regex.Match(attention, "<li class=\"attention-(accuracy)\"><a href=\"([^\"]+)\">([^<]+)</a>");
        Assert.Equal("accuracy", first.Groups[1].Value);
        Assert.StartsWith("tanvi.shah@example.com: ", WebUtility.HtmlDecode(first.Groups[3].Value));
        Assert.Contains("/projects/1/annotators/tanvi.shah%40example.com", first.Groups[2].Value);
        Assert.DoesNotContain("emma.lindqvist@example.com:", attention[..attention.IndexOf("</ol>", StringComparison.Ordinal)]);
        Assert.Contains("week over week", page);
    }

    [Fact]
    public async Task AnnotatorPage_UnknownAnnotator_Is404ThatSaysWhoIsMissing()
    {
        var response = await site.Client.GetAsync("/projects/1/annotators/nobody%40example.com");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("has no annotator 'nobody@example.com'", body);
        Assert.Contains("href=\"/projects/1/annotators\"", body);
    }

    [Fact]
    public async Task AgreementPage_UnknownField_SaysSoAndShowsTheMainField()
    {
        var page = WebUtility.HtmlDecode(await site.Client.GetStringAsync("/projects/1/agreement?field=colour"));

        Assert.Contains("The project has no field 'colour'; showing 'sentiment' instead.", page);
        Assert.Contains("Who agrees with whom on sentiment", page);
    }

    [Fact]
    public async Task AnnotatorsPage_PoolFilter_ListsOnlyThatPool()
    {
        var page = await site.Client.GetStringAsync("/projects/1/annotators?pool=crowd");

        var rows = PageTables.Rows(page, "annotators");

        Assert.Equal(["jonas.schmidt@example.com", "nadia.petrova@example.com", "oscar.andersen@example.com", "tanvi.shah@example.com"],
            rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(rows.Values, r => Assert.Equal("crowd", r["pool"]));
        // Links keep the view.
        Assert.Contains("href=\"/projects/1/agreement?pool=crowd\"", page);
    }

    [Fact]
    public async Task AnnotatorsPage_PoolNobodyIsIn_SaysSoAndWhatToDo()
    {
        var page = WebUtility.HtmlDecode(await site.Client.GetStringAsync("/projects/1/annotators?pool=robots"));

        Assert.Contains("No annotator is in the pool 'robots'.", page);
        Assert.Contains("No annotator has categorical answers in this view.", page);
        Assert.Contains("clear the filters", page);
    }

    [Fact]
    public async Task AnnotatorPage_DriftingAnnotator_ShowsWeeklyAccuracyConfusionAndDistribution()
    {
        var page = WebUtility.HtmlDecode(await site.Client.GetStringAsync("/projects/1/annotators/mei.lin%40example.com?field=sentiment"));

        var weekly = PageTables.Rows(page, "weekly");
        Assert.Equal(8, weekly.Count);
        // sample-data/README.md: mei.lin's gold answers go from 82/90 before 2026-10-05 to 55/76 after.
        var before = weekly.Where(w => string.CompareOrdinal(w.Key, "2026-10-05") < 0).ToList();
        var after = weekly.Where(w => string.CompareOrdinal(w.Key, "2026-10-05") >= 0).ToList();
        Assert.Equal(82, before.Sum(w => int.Parse(w.Value["correct"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(90, before.Sum(w => int.Parse(w.Value["gold_items"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(55, after.Sum(w => int.Parse(w.Value["correct"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(76, after.Sum(w => int.Parse(w.Value["gold_items"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(4, PageTables.Rows(page, "confusion-gold").Count);
        Assert.Equal(4, PageTables.Rows(page, "distribution").Count);
        Assert.Contains("weekly.svg?field=sentiment", page);
    }

    [Fact]
    public async Task AgreementPage_ConfusionBetweenTwoAnnotators_CountsTheirSharedItems()
    {
        var page = await site.Client.GetStringAsync("/projects/1/agreement?field=sentiment&rows=mei.lin%40example.com&columns=paula.jimenez%40example.com");
        var pairs = PageTables.Rows(page, "pairs");

        var confusion = PageTables.Rows(page, "confusion");

        var pair = pairs.Single(p => p.Key is "mei.lin@example.com|paula.jimenez@example.com" or "paula.jimenez@example.com|mei.lin@example.com").Value;
        var total = confusion.Values.Sum(r => long.Parse(r["total"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(long.Parse(pair["items"], System.Globalization.CultureInfo.InvariantCulture), total);
    }

    [Fact]
    public async Task Csv_AgreementPairs_IsAnAttachmentWithFullPrecision()
    {
        var response = await site.Client.GetAsync("/projects/1/agreement/pairs.csv?field=sentiment");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sample-product-reviews-pairs-sentiment.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("a,b,items,cohen_kappa,cohen_kappa_ci95_lower,cohen_kappa_ci95_upper,percent_agreement,low_sample\r\n", text);
        Assert.Equal(67, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);   // 12 annotators: 66 pairs
    }

    [Fact]
    public async Task Csv_UnknownTable_Is404()
    {
        var response = await site.Client.GetAsync("/projects/1/agreement/nothing.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheApiRoutes()
    {
        var doc = JsonDocument.Parse(await site.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/projects", "/api/v1/projects/{id}", "/api/v1/projects/{id}/agreement", "/api/v1/projects/{id}/annotators",
                     "/api/v1/projects/{id}/annotators/{key}", "/api/v1/imports/{id}" })
            Assert.Contains(path, paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiProjects_Sample_HasWeeklyVolumeSummingToTheAnswers()
    {
        var projects = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects")).RootElement;

        var p = Assert.Single(projects.EnumerateArray());
        Assert.Equal(1, p.GetProperty("id").GetInt32());
        Assert.Equal(22_518, p.GetProperty("annotations").GetInt64());
        Assert.Equal(22_518, p.GetProperty("weekly_volume").EnumerateArray().Sum(w => w.GetProperty("annotations").GetInt64()));
        Assert.Equal("sentiment", p.GetProperty("main_field").GetString());
    }

    [Fact]
    public async Task ImportHistory_Sample_ListsTheSampleImport()
    {
        var page = await site.Client.GetStringAsync("/imports");

        var rows = PageTables.Rows(page, "imports");

        var row = Assert.Single(rows).Value;
        Assert.Equal("annotations.csv", row["file"]);
        Assert.Equal("22518", row["annotations"]);
    }
}
