using System.Net;
using Quality.Ingestion;
using Quality.Storage;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Dashboard;

/// <summary>Small hand-made projects: CSV escaping, the cache following new imports, a project without data.</summary>
public sealed class DashboardDataTests
{
    private static void Import(QualityWebFactory factory, string project, string csv, string name)
    {
        var path = Path.Combine(factory.DataDir, name);
        File.WriteAllText(path, csv);
        var db = QualityDatabase.InDataDir(factory.DataDir);
        db.Migrate();
        new ImportService(db, ImporterCatalog.All).Import(path, new ImportRequest { Project = project });
    }

    private const string Header = "item,field,annotator,label,created_at,lead_time_s\n";

    [Fact]
    public async Task Csv_AnnotatorNamedLikeAFormula_IsNeutralised()
    {
        using var factory = new QualityWebFactory();
        Import(factory, "Tricky", Header +
            "i1,colour,=HYPERLINK(\"http://x\"),red,2026-09-07T10:00:00Z,3\n" +
            "i1,colour,+sum,red,2026-09-07T10:00:00Z,3\n" +
            "i2,colour,=HYPERLINK(\"http://x\"),blue,2026-09-07T10:00:00Z,3\n" +
            "i2,colour,+sum,red,2026-09-07T10:00:00Z,3\n", "tricky.csv");
        var client = factory.CreateClient();

        var csv = await client.GetStringAsync("/projects/1/annotators.csv");

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK(\"\"http://x\"\")\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("'+sum,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith('=') || l.StartsWith('+'));
    }

    [Fact]
    public async Task Pages_NewImport_RecomputeFromTheNewData()
    {
        using var factory = new QualityWebFactory();
        Import(factory, "Growing", Header + "i1,colour,ann,red,2026-09-07T10:00:00Z,3\ni1,colour,bob,red,2026-09-07T10:00:00Z,3\n", "first.csv");
        var client = factory.CreateClient();
        var before = PageTables.Rows(await client.GetStringAsync("/projects/1/annotators"), "annotators");

        Import(factory, "Growing", Header + "i2,colour,ann,blue,2026-09-08T10:00:00Z,3\ni2,colour,bob,red,2026-09-08T10:00:00Z,3\ni3,colour,cy,red,2026-09-08T10:00:00Z,3\n", "second.csv");
        var after = PageTables.Rows(await client.GetStringAsync("/projects/1/annotators"), "annotators");

        Assert.Equal("1", before["ann"]["annotations"]);
        Assert.Equal(2, before.Count);
        Assert.Equal("2", after["ann"]["annotations"]);
        Assert.Equal(3, after.Count);
    }

    [Fact]
    public async Task Pages_ProjectWithoutCategoricalAnswers_SayWhatToDoNext()
    {
        using var factory = new QualityWebFactory();
        var db = QualityDatabase.InDataDir(factory.DataDir);
        db.Migrate();
        using (var c = db.Open())
            c.Execute("INSERT INTO projects (name, created_at) VALUES ('Empty', now())");
        var client = factory.CreateClient();

        var overview = WebUtility.HtmlDecode(await client.GetStringAsync("/projects/1"));
        var agreement = WebUtility.HtmlDecode(await client.GetStringAsync("/projects/1/agreement"));
        var annotators = WebUtility.HtmlDecode(await client.GetStringAsync("/projects/1/annotators"));

        Assert.Contains("No categorical field has answers in this view", overview);
        Assert.Contains("import page", agreement);
        Assert.Contains("No annotator has categorical answers in this view.", annotators);
    }
}
