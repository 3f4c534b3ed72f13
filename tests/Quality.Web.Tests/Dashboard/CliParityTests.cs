using System.Globalization;
using System.Text.Json;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Dashboard;

/// <summary>Every number on the pages, in the CSVs and in the API equals what `quality agreement --json` prints for the same data and filters.</summary>
[Collection(SampleSiteCollection.Name)]
public sealed class CliParityTests(SampleSite site)
{
    private string Db => Path.Combine(site.Factory.DataDir, "quality.duckdb");

    private JsonElement CliAgreement(params string[] extra) =>
        QualityCli.Json(["agreement", "--project", SampleSite.ProjectName, "--db", Db, "--json", .. extra]);

    private static JsonElement Field(JsonElement json, string field) =>
        json.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == field);

    private static double? Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static double? Num(Dictionary<string, string> row, string col) =>
        row.TryGetValue(col, out var s) && s.Length > 0 ? double.Parse(s, CultureInfo.InvariantCulture) : null;

    [Fact]
    public async Task AgreementApi_SampleProject_IsTheCliJsonByteForByte()
    {
        var api = await site.Client.GetStringAsync("/api/v1/projects/1/agreement");

        var cli = QualityCli.Run("agreement", "--project", SampleSite.ProjectName, "--db", Db, "--json");

        Assert.Equal(cli, api);
    }

    [Fact]
    public async Task AgreementApi_DateRangeAndField_IsTheCliJsonWithTheSameFilters()
    {
        // The pages' `to` is the last day included; the CLI's --to is exclusive, so it is the day after.
        var api = await site.Client.GetStringAsync("/api/v1/projects/1/agreement?from=2026-09-14&to=2026-10-11&field=sentiment");

        var cli = QualityCli.Run("agreement", "--project", SampleSite.ProjectName, "--db", Db, "--json", "--from", "2026-09-14", "--to", "2026-10-12", "--field", "sentiment");

        Assert.Equal(cli, api);
        Assert.Single(JsonDocument.Parse(api).RootElement.GetProperty("fields").EnumerateArray());
    }

    [Fact]
    public async Task AgreementPage_Coefficients_AreTheCliNumbers()
    {
        var page = await site.Client.GetStringAsync("/projects/1/agreement");
        var cli = CliAgreement();

        var rows = PageTables.Rows(page, "coefficients");

        Assert.Equal(cli.GetProperty("fields").GetArrayLength(), rows.Count);
        foreach (var (field, row) in rows)
        {
            var f = Field(cli, field);
            var level = row["alpha_level"];
            Assert.Equal(field == "quality" ? "ordinal" : "nominal", level);
            Assert.Equal(Num(f.GetProperty("krippendorff_alpha").GetProperty(level)), Num(row, "alpha"));
            var ci = f.GetProperty("krippendorff_alpha_ci95").GetProperty(level);
            Assert.Equal(ci[0].GetDouble(), Num(row, "alpha_ci95_lower"));
            Assert.Equal(ci[1].GetDouble(), Num(row, "alpha_ci95_upper"));
            Assert.Equal(Num(f.GetProperty("fleiss_kappa")), Num(row, "fleiss_kappa"));
            Assert.Equal(Num(f.GetProperty("gwet_ac1")), Num(row, "gwet_ac1"));
            Assert.Equal(Num(f.GetProperty("brennan_prediger")), Num(row, "brennan_prediger"));
            Assert.Equal(Num(f.GetProperty("mean_pairwise_cohen_kappa")), Num(row, "mean_pairwise_cohen_kappa"));
            Assert.Equal(Num(f.GetProperty("percent_agreement")), Num(row, "percent_agreement"));
            Assert.Equal(f.GetProperty("pairable_items").GetInt32(), (int)Num(row, "pairable_items")!);
            Assert.Equal(Num(f.GetProperty("consensus").GetProperty("dawid_skene").GetProperty("accuracy_vs_gold")), Num(row, "ds_accuracy_vs_gold"));
        }
    }

    [Fact]
    public async Task AgreementPage_PairsAndLabels_AreTheCliNumbers()
    {
        var page = await site.Client.GetStringAsync("/projects/1/agreement?field=quality");
        var f = Field(CliAgreement(), "quality");

        var pairs = PageTables.Rows(page, "pairs");
        var labels = PageTables.Rows(page, "labels");

        Assert.Equal(f.GetProperty("pairwise").GetArrayLength(), pairs.Count);
        foreach (var p in f.GetProperty("pairwise").EnumerateArray())
        {
            var row = pairs[$"{p.GetProperty("a").GetString()}|{p.GetProperty("b").GetString()}"];
            Assert.Equal(p.GetProperty("items").GetInt32(), (int)Num(row, "items")!);
            Assert.Equal(Num(p.GetProperty("cohen_kappa")), Num(row, "cohen_kappa"));
            Assert.Equal(Num(p.GetProperty("percent_agreement")), Num(row, "percent_agreement"));
            Assert.Equal(Num(p.GetProperty("cohen_kappa_ci95")[0]), Num(row, "cohen_kappa_ci95_lower"));
            Assert.Equal(Num(p.GetProperty("cohen_kappa_ci95")[1]), Num(row, "cohen_kappa_ci95_upper"));
            Assert.Equal(p.GetProperty("low_sample").GetBoolean() ? "1" : "0", row["low_sample"]);
        }
        foreach (var l in f.GetProperty("labels").EnumerateArray())
        {
            var row = labels[l.GetProperty("label").GetString()!];
            Assert.Equal(l.GetProperty("ratings").GetInt32(), (int)Num(row, "ratings")!);
            Assert.Equal(Num(l.GetProperty("share")), Num(row, "share"));
            Assert.Equal(Num(l.GetProperty("krippendorff_alpha")), Num(row, "krippendorff_alpha"));
            Assert.Equal(Num(l.GetProperty("fleiss_kappa")), Num(row, "fleiss_kappa"));
        }
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("&from=2026-10-05&to=2026-11-01", new[] { "--from", "2026-10-05", "--to", "2026-11-02" })]
    public async Task AnnotatorsPage_EveryAnnotator_HasTheCliNumbers(string query, string[] cliFilter)
    {
        var page = await site.Client.GetStringAsync("/projects/1/annotators?field=sentiment" + query);
        var csv = await site.Client.GetStringAsync("/projects/1/annotators.csv?field=sentiment" + query);
        var f = Field(CliAgreement(cliFilter), "sentiment");

        var rows = PageTables.Rows(page, "annotators");
        var csvRows = CsvRows(csv);

        Assert.Equal(f.GetProperty("annotators").GetArrayLength(), rows.Count);
        foreach (var a in f.GetProperty("annotators").EnumerateArray())
        {
            var key = a.GetProperty("annotator").GetString()!;
            foreach (var source in new[] { rows[key], csvRows[key] })
            {
                Assert.Equal(a.GetProperty("annotations").GetInt32(), (int)Num(source, "annotations")!);
                Assert.Equal(Num(a.GetProperty("agreement_with_consensus")), Num(source, "agreement_with_consensus"));
                Assert.Equal(Num(a.GetProperty("mean_cohen_kappa")), Num(source, "mean_cohen_kappa"));
                Assert.Equal(Num(a.GetProperty("agreement_with_others")), Num(source, "agreement_with_others"));
                Assert.Equal(a.GetProperty("gold_items").GetInt32(), (int)Num(source, "gold_items")!);
                Assert.Equal(Num(a.GetProperty("gold_accuracy")), Num(source, "gold_accuracy"));
                Assert.Equal(Num(a.GetProperty("gold_accuracy_ci95")[0]), Num(source, "gold_accuracy_ci95_lower"));
                Assert.Equal(Num(a.GetProperty("gold_accuracy_ci95")[1]), Num(source, "gold_accuracy_ci95_upper"));
            }
        }
    }

    [Fact]
    public async Task AnnotatorsApi_Rows_AreTheCliNumbers()
    {
        var api = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/projects/1/annotators?field=quality")).RootElement;
        var f = Field(CliAgreement(), "quality");

        Assert.Equal("quality", api.GetProperty("field").GetString());
        var byKey = api.GetProperty("annotators").EnumerateArray().ToDictionary(a => a.GetProperty("annotator").GetString()!);
        foreach (var a in f.GetProperty("annotators").EnumerateArray())
        {
            var row = byKey[a.GetProperty("annotator").GetString()!];
            Assert.Equal(Num(a.GetProperty("gold_accuracy")), Num(row.GetProperty("gold_accuracy")));
            Assert.Equal(Num(a.GetProperty("gold_accuracy_ci95")[0]), Num(row.GetProperty("gold_accuracy_ci95")[0]));
            Assert.Equal(Num(a.GetProperty("mean_cohen_kappa")), Num(row.GetProperty("mean_cohen_kappa")));
            Assert.Equal(a.GetProperty("annotations").GetInt32(), row.GetProperty("annotations").GetInt32());
        }
    }

    [Fact]
    public async Task OverviewAndPortfolio_Headlines_AreTheCliNumbersRounded()
    {
        var overview = await site.Client.GetStringAsync("/projects/1");
        var portfolio = await site.Client.GetStringAsync("/");
        var f = Field(CliAgreement(), "sentiment");

        // The main field is sentiment (most answers; nominal before the ordinal rating on a tie).
        var alpha = f.GetProperty("krippendorff_alpha").GetProperty("nominal").GetDouble();
        long correct = 0, answers = 0;
        foreach (var a in f.GetProperty("annotators").EnumerateArray())
        {
            if (Num(a.GetProperty("gold_accuracy")) is not { } acc) continue;
            var n = a.GetProperty("gold_items").GetInt64();
            answers += n;
            correct += (long)Math.Round(acc * n);
        }
        var pooled = (double)correct / answers;

        Assert.Equal(alpha.ToString("F3", CultureInfo.InvariantCulture), PageTables.Kpi(overview, "alpha"));
        Assert.Equal((pooled * 100).ToString("F1", CultureInfo.InvariantCulture) + "%", PageTables.Kpi(overview, "gold_accuracy"));
        var project = PageTables.Rows(portfolio, "projects")["1"];
        Assert.Equal("sentiment", project["main_field"]);
        Assert.Equal(alpha, Num(project, "alpha"));
        Assert.Equal(pooled, Num(project, "gold_accuracy")!.Value, 12);
    }

    /// <summary>Parses the CSV download: header of column keys, one row per annotator (RFC 4180, no embedded newlines here).</summary>
    private static Dictionary<string, Dictionary<string, string>> CsvRows(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(','))
            .ToDictionary(cells => cells[0], cells => header.Zip(cells).ToDictionary(x => x.First, x => x.Second));
    }
}
