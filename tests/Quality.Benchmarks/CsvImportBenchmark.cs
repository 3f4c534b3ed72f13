using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Storage;

namespace Quality.Benchmarks;

/// <summary>`quality import` of a long CSV: time and peak memory of the whole process, against DuckDB's own CSV reader.</summary>
public static class CsvImportBenchmark
{
    public static string Run(int rows)
    {
        var dir = BenchmarkDoc.TempDir("csv-import");
        try
        {
            var csv = Path.Combine(dir, "big.csv");
            Generate(csv, rows);
            var size = new FileInfo(csv).Length;

            // Baseline: DuckDB's native read_csv into a table, same file, same machine, same run.
            var baselineDb = new QualityDatabase(Path.Combine(dir, "baseline.duckdb"));
            var clock = Stopwatch.StartNew();
            using (var c = baselineDb.Open())
                c.Execute($"CREATE TABLE t AS SELECT * FROM read_csv('{csv.Replace("'", "''")}', header = true)");
            var baseline = clock.Elapsed.TotalSeconds;

            var first = CliProcess.Run("import", csv, "--project", "bench", "--db", Path.Combine(dir, "q.duckdb"), "--json");
            var again = CliProcess.Run("import", csv, "--project", "bench", "--db", Path.Combine(dir, "q.duckdb"), "--json");
            if (!again.Stdout.Contains("\"already_imported\":true", StringComparison.Ordinal))
                throw new InvalidOperationException("the second import was not recognised as the same file");

            var sb = new StringBuilder();
            sb.AppendLine("## CSV import (`quality import`, long format)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {BenchmarkDoc.Machine()}. File: {rows:N0} rows, {size / (1024.0 * 1024):F0} MB, 6 columns (item, field, annotator, label, created_at, lead_time_s).");
            sb.AppendLine();
            sb.AppendLine("| run | wall time (s) | rows/s | peak RSS (MB) |");
            sb.AppendLine("|---|---:|---:|---:|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| first import (whole process) | {first.ElapsedSeconds:F2} | {rows / first.ElapsedSeconds:N0} | {first.PeakRssMb:F0} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| same file again (hash check only) | {again.ElapsedSeconds:F2} | – | {again.PeakRssMb:F0} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| baseline: DuckDB `read_csv` into a table (in-process) | {baseline:F2} | {rows / baseline:N0} | – |");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Target: peak memory under 1 GiB → {(first.PeakRssMb < 1024 ? "met" : "NOT met")} ({first.PeakRssMb:F0} MB). Import time is {first.ElapsedSeconds / baseline:F1}× DuckDB's bare CSV load, which validates nothing and merges nothing.");
            return sb.ToString();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>A realistic long CSV: 3 answers per item, 2 fields, 40 annotators, timestamps over 8 weeks.</summary>
    public static void Generate(string path, int rows)
    {
        var labels = new[] { "negative", "neutral", "positive", "mixed" };
        var start = new DateTime(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("item,field,annotator,label,created_at,lead_time_s\n");
        var rng = new Random(7);
        for (var i = 0; i < rows; i++)
        {
            var item = i / 6;
            var field = (i / 3) % 2 == 0 ? "sentiment" : "quality";
            var label = field == "sentiment" ? labels[rng.Next(4)] : (1 + rng.Next(5)).ToString(CultureInfo.InvariantCulture);
            var t = start.AddSeconds(rng.Next(56 * 24 * 3600));
            w.Write("item-");
            w.Write(item.ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(field);
            w.Write(",ann");
            w.Write(((item * 7 + i % 3) % 40).ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(label);
            w.Write(',');
            w.Write(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write((rng.NextDouble() * 60).ToString("F2", CultureInfo.InvariantCulture));
            w.Write('\n');
        }
    }
}
