using System.Text.Json;
using Quality.Cli;
using Quality.Tests.Support;

namespace Quality.Tests.Cli;

public sealed class AgreementCommandTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    // Two raters, 10 items, hand-computed: table [[4,1],[1,4]] → po = 0.8, pe = 0.5, kappa = 0.6.
    private const string TwoRaters =
        "item,annotator,label\n" +
        "1,a,y\n1,b,y\n2,a,y\n2,b,y\n3,a,y\n3,b,y\n4,a,y\n4,b,y\n5,a,y\n5,b,n\n" +
        "6,a,n\n6,b,y\n7,a,n\n7,b,n\n8,a,n\n8,b,n\n9,a,n\n9,b,n\n10,a,n\n10,b,n\n";

    [Fact]
    public void AgreementInput_TwoRatersHandComputed_GivesKappaPointSix()
    {
        var (code, json, err) = Run("agreement", "--input", _db.File("two.csv", TwoRaters), "--json");

        Assert.True(code == 0, err);
        var field = JsonDocument.Parse(json).RootElement.GetProperty("fields")[0];
        Assert.Equal("label", field.GetProperty("field").GetString());
        Assert.Equal(10, field.GetProperty("items").GetInt32());
        Assert.Equal(0.8, field.GetProperty("percent_agreement").GetDouble(), 12);
        var pair = field.GetProperty("pairwise")[0];
        Assert.Equal(0.6, pair.GetProperty("cohen_kappa").GetDouble(), 12);
        Assert.Equal(10, pair.GetProperty("items").GetInt32());
        Assert.Equal(JsonValueKind.Null, pair.GetProperty("cohen_kappa_linear").ValueKind); // unordered labels
        Assert.Equal(JsonValueKind.Null, field.GetProperty("krippendorff_alpha").GetProperty("ordinal").ValueKind);
        Assert.Equal("the field's categories are not ordered",
            field.GetProperty("undefined").GetProperty("krippendorff_alpha.ordinal").GetString());
    }

    [Fact]
    public void AgreementInput_EveryoneAgreesOnOneLabel_ReportsNullWithReason()
    {
        var (code, json, _) = Run("agreement", "--input", _db.File("same.csv", "item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n"), "--json");

        Assert.Equal(0, code);
        var field = JsonDocument.Parse(json).RootElement.GetProperty("fields")[0];
        Assert.Equal(JsonValueKind.Null, field.GetProperty("fleiss_kappa").ValueKind);
        Assert.Equal(JsonValueKind.Null, field.GetProperty("krippendorff_alpha").GetProperty("nominal").ValueKind);
        Assert.Contains("no variation", field.GetProperty("undefined").GetProperty("fleiss_kappa").GetString());
        Assert.Equal(1.0, field.GetProperty("percent_agreement").GetDouble());
    }

    [Fact]
    public void Agreement_ProjectAndCsvOfTheSameData_GiveTheSameNumbers()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "sample-data");
        var annotations = Path.Combine(sample, "annotations.csv");
        var gold = Path.Combine(sample, "gold.csv");
        var dbPath = _db.Database.Path;
        Assert.Equal(0, Run("import", annotations, "--project", "S", "--gold", gold, "--db", dbPath).Code);

        var fromCsv = JsonDocument.Parse(Run("agreement", "--input", annotations, "--gold", gold, "--field", "sentiment", "--json").Out).RootElement;
        var fromDb = JsonDocument.Parse(Run("agreement", "--project", "S", "--field", "sentiment", "--db", dbPath, "--json").Out).RootElement;

        var a = fromCsv.GetProperty("fields")[0];
        var b = fromDb.GetProperty("fields")[0];
        // Item order differs between the two paths, so sums differ in the last bits: compare to 1e-12.
        foreach (var key in new[] { "items", "annotations", "pairable_items", "gold_items", "percent_agreement", "fleiss_kappa", "gwet_ac1",
                     "mean_pairwise_cohen_kappa", "krippendorff_alpha", "krippendorff_alpha_ci95", "consensus" })
            JsonAssert.Close(a.GetProperty(key), b.GetProperty(key), 1e-12, key);
        var goldA = a.GetProperty("annotators").EnumerateArray().ToDictionary(x => x.GetProperty("annotator").GetString()!, x => x.GetProperty("gold_accuracy").GetDouble());
        var goldB = b.GetProperty("annotators").EnumerateArray().ToDictionary(x => x.GetProperty("annotator").GetString()!, x => x.GetProperty("gold_accuracy").GetDouble());
        Assert.Equal(goldA, goldB);
        Assert.Equal(12, goldA.Count);
    }

    [Fact]
    public void Agreement_UnknownProject_OneLineErrorAndExitOne()
    {
        var (code, _, err) = Run("agreement", "--project", "nope", "--db", _db.Database.Path, "--json");

        Assert.Equal(1, code);
        Assert.Equal("quality agreement: error: no project named 'nope'", err.Trim());
    }

    [Fact]
    public void Agreement_BothInputAndProject_IsAUsageError()
    {
        var (code, _, err) = Run("agreement", "--input", "x.csv", "--project", "p");

        Assert.Equal(2, code);
        Assert.Contains("give either --input FILE or --project NAME", err);
    }
}
