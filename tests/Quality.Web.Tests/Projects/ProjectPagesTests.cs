using System.Net;
using System.Text.RegularExpressions;
using Quality.Ingestion;
using Quality.Projects;
using Quality.Storage;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Projects;

public sealed class ProjectPagesTests
{
    [Fact]
    public async Task Overview_FreshDataFolder_ShowsTheSampleProjectWithItsCounts()
    {
        using var factory = new QualityWebFactory(sampleDir: WebTestPaths.SampleData);
        var client = factory.CreateClient();

        var list = await client.GetStringAsync("/");
        var link = Regex.Match(list, "href=\"/projects/(\\d+)\"");
        Assert.True(link.Success, "the portfolio lists the sample project");
        var page = await client.GetStringAsync($"/projects/{link.Groups[1].Value}");

        // The page's numbers are the database's numbers.
        var db = QualityDatabase.InDataDir(factory.DataDir);
        using var c = db.Open();
        var summary = ProjectQueries.List(c).Single();
        Assert.Equal(summary.Annotations.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Kpi(page, "annotations"));
        Assert.Equal(summary.Items.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Kpi(page, "items"));
        Assert.Equal(summary.GoldItems.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Kpi(page, "gold_items"));
        Assert.True(summary.Annotations > 10_000, "the sample project is realistic in size");
        Assert.True(summary.GoldItems > 100);
        Assert.Contains(summary.Name, page);
    }

    [Fact]
    public async Task WeeklyChart_SampleProject_IsAnSvgWithTitleAndAxes()
    {
        using var factory = new QualityWebFactory(sampleDir: WebTestPaths.SampleData);
        var client = factory.CreateClient();
        await client.GetStringAsync("/");

        var response = await client.GetAsync("/projects/1/charts/annotations-per-week.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        Assert.Contains("Annotations per week", svg);
        Assert.Contains("Week starting", svg);
    }

    [Fact]
    public async Task Portfolio_EmptyDatabase_SaysWhatToDoNext()
    {
        using var factory = new QualityWebFactory(sampleDir: "");
        var page = await factory.CreateClient().GetStringAsync("/");

        Assert.Contains("No projects yet", page);
        Assert.Contains("href=\"/imports/new\"", page);
    }

    [Fact]
    public async Task UnknownProject_Returns404Page()
    {
        using var factory = new QualityWebFactory();
        var response = await factory.CreateClient().GetAsync("/projects/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Back to projects", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Startup_SampleAlreadyLoaded_DoesNotLoadItTwice()
    {
        using var first = new QualityWebFactory(sampleDir: WebTestPaths.SampleData) { KeepData = true };
        await first.CreateClient().GetStringAsync("/");
        first.Dispose();
        using var second = new QualityWebFactory(first.DataDir, WebTestPaths.SampleData);
        try
        {
            await second.CreateClient().GetStringAsync("/");
            using var c = QualityDatabase.InDataDir(second.DataDir).Open();
            Assert.Equal(1, c.ScalarLong("SELECT count(*) FROM projects"));
            Assert.Equal(1, c.ScalarLong("SELECT count(*) FROM imports"));
        }
        finally
        {
            second.DeleteData();
        }
    }

    private static string Kpi(string page, string name) =>
        Regex.Match(page, $"data-kpi=\"{name}\">([^<]*)<").Groups[1].Value;
}
