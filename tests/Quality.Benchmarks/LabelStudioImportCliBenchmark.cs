using System.Globalization;
using System.Text;

namespace Quality.Benchmarks;

/// <summary>
/// `quality import` of a generated Label Studio JSON export, whole process: annotations per second and peak memory,
/// against the same run's CSV import of the same answers as the baseline (the importers share staging and merge).
/// </summary>
public static class LabelStudioImportCliBenchmark
{
    public static string Run(int annotations)
    {
        var dir = BenchmarkDoc.TempDir("ls-import");
        try
        {
            var json = Path.Combine(dir, "export.json");
            LabelStudioImportBenchmark.Generate(json, annotations);
            var size = new FileInfo(json).Length;
            var csv = Path.Combine(dir, "baseline.csv");
            CsvImportBenchmark.Generate(csv, annotations);

            var ls = CliProcess.Run("import", json, "--project", "bench", "--db", Path.Combine(dir, "ls.duckdb"), "--json");
            if (!ls.Stdout.Contains("\"format\":\"label-studio\"", StringComparison.Ordinal))
                throw new InvalidOperationException("the export was not imported as Label Studio JSON: " + ls.Stdout);
            var baseline = CliProcess.Run("import", csv, "--project", "bench", "--db", Path.Combine(dir, "csv.duckdb"), "--json");

            var rate = annotations / ls.ElapsedSeconds;
            var sb = new StringBuilder();
            sb.AppendLine("## Label Studio JSON import (`quality import`)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- labelstudio-import --write`. Machine: {BenchmarkDoc.Machine()}. File: a generated Label Studio 1.19-shaped export, {annotations:N0} annotations (3 per task, 50 annotators, one `choices` result each, the bookkeeping keys a real export carries), {size / (1024.0 * 1024):F0} MB.");
            sb.AppendLine();
            sb.AppendLine("| run (whole process) | wall time (s) | annotations/s | peak RSS (MB) |");
            sb.AppendLine("|---|---:|---:|---:|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| Label Studio JSON | {ls.ElapsedSeconds:F2} | {rate:N0} | {ls.PeakRssMb:F0} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| baseline: long CSV with the same number of answers | {baseline.ElapsedSeconds:F2} | {annotations / baseline.ElapsedSeconds:N0} | {baseline.PeakRssMb:F0} |");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Targets: at least 250,000 annotations/s → {(rate >= 250_000 ? "met" : "NOT met")} ({rate:N0}); peak memory under 1 GiB → {(ls.PeakRssMb < 1024 ? "met" : "NOT met")} ({ls.PeakRssMb:F0} MB). The JSON import takes {ls.ElapsedSeconds / baseline.ElapsedSeconds:F2}× the CSV import's time.");
            return sb.ToString();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
