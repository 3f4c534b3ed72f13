using System.Text.Json;
using Quality.Cli;
using Quality.Simulation.Output;

namespace Quality.Tests.Simulation;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Run_SmallProject_WritesTheFiveFilesAndNamesTheDrift()
    {
        var dir = TempDirectory.Create();
        try
        {
            var (code, stdout, stderr) = Run("simulate", "--seed", "9", "--out", dir, "--items", "400", "--drift-drop", "0.2");
            Assert.True(code == 0, stderr);
            foreach (var f in new[] { "labelstudio.json", "annotations.csv", "gold.csv", "annotators.csv", "truth.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Contains("400 items (40 gold)", stdout);
            Assert.Contains("drift:", stdout);
            using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "truth.json")));
            Assert.Equal(9, truth.RootElement.GetProperty("seed").GetInt64());
            Assert.Equal(400, truth.RootElement.GetProperty("items").GetInt32());
            var drift = truth.RootElement.GetProperty("annotators").EnumerateArray()
                .SelectMany(a => a.GetProperty("drift").EnumerateArray()).Single();
            Assert.Equal(0.2, drift.GetProperty("accuracy_before").GetDouble() - drift.GetProperty("accuracy_after").GetDouble(), 3);
        }
        finally
        {
            TempDirectory.Delete(dir);
        }
    }

    [Fact]
    public void Run_FormatsCsvAndOneField_SkipsLabelStudioAndOtherFields()
    {
        var dir = TempDirectory.Create();
        try
        {
            var (code, _, stderr) = Run("simulate", "--out", dir, "--items", "200", "--formats", "csv", "--fields", "sentiment,quality",
                "--drift-field", "quality", "--shift-annotators", "0", "--start", "2027-01-04", "--weeks", "4");
            Assert.True(code == 0, stderr);
            Assert.False(File.Exists(Path.Combine(dir, SimulationWriter.LabelStudioFile)));
            var rows = SimulationFiles.ReadCsvRows(Path.Combine(dir, SimulationWriter.AnnotationsFile));
            Assert.Equal(["quality", "sentiment"], rows.Select(r => r["field"]).Distinct().Order());
            Assert.All(rows, r => Assert.InRange(SimulationFiles.ParseTimestamp(r["created_at"]),
                new DateTime(2027, 1, 4, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc)));
        }
        finally
        {
            TempDirectory.Delete(dir);
        }
    }

    [Theory]
    [InlineData("--items", "0")]
    [InlineData("--gold-share", "1.5")]
    [InlineData("--fields", "colour")]
    [InlineData("--formats", "xml")]
    [InlineData("--drift-start", "next tuesday")]
    [InlineData("--drift-start", "2030-01-01")]
    [InlineData("--projet", "x")]
    [InlineData("--annotators", "2")]
    public void Run_BadOption_UsageErrorExitTwo(string option, string value)
    {
        var dir = TempDirectory.Create();
        try
        {
            var (code, _, stderr) = Run("simulate", "--out", dir, option, value);
            Assert.Equal(2, code);
            Assert.StartsWith("quality simulate:", stderr);
        }
        finally
        {
            TempDirectory.Delete(dir);
        }
    }

    [Fact]
    public void Run_WithoutOut_UsageErrorExitTwo()
    {
        var (code, _, stderr) = Run("simulate", "--seed", "3");
        Assert.Equal(2, code);
        Assert.Contains("--out is required", stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
