using System.Text.Json;
using Quality.Cli;
using Quality.Costs;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

[Collection(SampleProjectCollection.Name)]
public sealed class CostCliTests(SampleProjectFixture sample)
{
    internal static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Cost_SampleProjectJson_AnnotatorsPoolsCurveAndRecommendation()
    {
        var (code, stdout, stderr) = Run("cost", "--project", SampleProjectFixture.Project, "--db", sample.Db.Database.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["quality", "sentiment"], root.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).Order());
        var sentiment = root.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == "sentiment");
        var spammer = sentiment.GetProperty("annotators").EnumerateArray().Single(a => a.GetProperty("annotator").GetString() == "tanvi.shah@example.com");
        Assert.False(spammer.GetProperty("on_frontier").GetBoolean());
        Assert.Equal(JsonValueKind.Null, spammer.GetProperty("cost_per_correct_label").ValueKind);
        Assert.Equal(2, spammer.GetProperty("accuracy_ci95").GetArrayLength());
        Assert.Equal("gold", spammer.GetProperty("quality_source").GetString());
        Assert.Equal("hourly_rate", spammer.GetProperty("cost_basis").GetString());
        Assert.Equal(3, sentiment.GetProperty("pools").GetArrayLength());
        var curve = sentiment.GetProperty("redundancy").GetProperty("curve");
        var k3 = curve[2];
        Assert.Equal(3, k3.GetProperty("k").GetInt32());
        Assert.InRange(k3.GetProperty("mv_accuracy").GetDouble(), k3.GetProperty("mv_ci95")[0].GetDouble(), k3.GetProperty("mv_ci95")[1].GetDouble());
        Assert.InRange(k3.GetProperty("ds_accuracy").GetDouble(), k3.GetProperty("ds_ci95")[0].GetDouble(), k3.GetProperty("ds_ci95")[1].GetDouble());
        Assert.Equal(3 * sentiment.GetProperty("redundancy").GetProperty("cost_per_answer").GetDouble(), k3.GetProperty("cost_per_item").GetDouble(), 12);
        var recommended = sentiment.GetProperty("redundancy").GetProperty("recommended_k");
        Assert.Equal(0.95, recommended.GetProperty("target").GetDouble());
        Assert.True(recommended.GetProperty("majority_vote").GetProperty("k").GetInt32() >= 1);
        Assert.Equal(12, root.GetProperty("overall").GetProperty("annotators").GetArrayLength());
    }

    [Fact]
    public void Cost_OneFieldWithTarget_NoOverallAndTheTargetUsed()
    {
        var (code, stdout, stderr) = Run("cost", "--project", SampleProjectFixture.Project, "--field", "quality", "--target", "0.9",
            "--db", sample.Db.Database.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("overall").ValueKind);
        var field = json.RootElement.GetProperty("fields").EnumerateArray().Single();
        Assert.Equal(0.9, field.GetProperty("redundancy").GetProperty("recommended_k").GetProperty("target").GetDouble());
    }

    [Fact]
    public void Cost_Text_NamesFieldsAndRecommendation()
    {
        var (code, stdout, stderr) = Run("cost", "--project", SampleProjectFixture.Project, "--db", sample.Db.Database.Path);

        Assert.True(code == 0, stderr);
        Assert.Contains("Field sentiment", stdout);
        Assert.Contains("recommended k for 0.95", stdout);
        Assert.Contains("All fields", stdout);
    }

    [Theory]
    [InlineData("cost", "--project", "nope")]
    [InlineData("cost", "--project", SampleProjectFixture.Project, "--field", "colour")]
    public void Cost_UnknownProjectOrField_ErrorExitOne(params string[] args)
    {
        var (code, _, stderr) = Run([.. args, "--db", sample.Db.Database.Path]);

        Assert.Equal(1, code);
        Assert.Contains("error:", stderr);
    }

    [Fact]
    public void Cost_TargetOutOfRange_UsageError()
    {
        var (code, _, stderr) = Run("cost", "--project", "P", "--target", "95", "--db", sample.Db.Database.Path);

        Assert.Equal(2, code);
        Assert.Contains("--target", stderr);
    }

    [Fact]
    public void RatesImport_File_SetsRatesInTheProject()
    {
        using var db = new TempDatabase();
        var path = db.File("rates.csv", "annotator,pool,hourly_rate,cost_per_label,currency\na,crowd,9.5,,\nb,vendor,,0.03,EUR\n");

        var (code, stdout, stderr) = Run("rates", "import", path, "--project", "P", "--db", db.Database.Path);

        Assert.True(code == 0, stderr);
        Assert.Contains("2 annotators", stdout);
        Assert.Equal([new AnnotatorRate("a", "crowd", 9.5, null, null), new AnnotatorRate("b", "vendor", null, 0.03, "EUR")],
            AnnotatorRates.List(db.Database, "P"));
    }

    [Fact]
    public void RatesImport_BadFile_ErrorNamesTheLine()
    {
        using var db = new TempDatabase();
        var path = db.File("rates.csv", "annotator,pool,hourly_rate\na,crowd,ten\n");

        var (code, _, stderr) = Run("rates", "import", path, "--project", "P", "--db", db.Database.Path);

        Assert.Equal(1, code);
        Assert.Contains("rates.csv:2", stderr);
    }
}
