using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Analytics.Consensus;
using Quality.Analytics.Input;
using Quality.Analytics.Redundancy;
using Quality.Analytics.Review;
using Quality.Costs;
using Quality.Simulation;
using Quality.Simulation.Output;
using Quality.Storage;

namespace Quality.Benchmarks;

/// <summary>
/// `quality cost` and `quality review-queue` on a simulated project of about the given number of annotation rows
/// (answers × fields): whole processes, then the stages in-process so a slow one can be found.
/// </summary>
public static class CostBenchmark
{
    public static string Run(int annotations)
    {
        var dir = BenchmarkDoc.TempDir("cost");
        try
        {
            // Default project: 3 fields, ~3 answers on a regular item, ~11 on a gold one (10% gold) ≈ 11.4 rows per item.
            var items = (int)Math.Round(annotations / 11.4);
            var project = Simulator.Generate(new SimulationOptions { Items = items, Weeks = 26 });
            SimulationWriter.Write(project, dir, SimulationFormats.Csv);
            var db = Path.Combine(dir, "q.duckdb");
            CliProcess.Run("import", Path.Combine(dir, SimulationWriter.AnnotationsFile), "--project", "bench",
                "--gold", Path.Combine(dir, SimulationWriter.GoldFile), "--db", db);
            CliProcess.Run("rates", "import", Path.Combine(dir, SimulationWriter.AnnotatorsFile), "--project", "bench", "--db", db);
            long rows;
            using (var c = new QualityDatabase(db).Open()) rows = c.ScalarLong("SELECT count(*) FROM annotations");

            var cost = CliProcess.Run("cost", "--project", "bench", "--db", db, "--json");
            var costField = CliProcess.Run("cost", "--project", "bench", "--field", "sentiment", "--db", db, "--json");
            var queue = CliProcess.Run("review-queue", "--project", "bench", "--top", "500", "--csv", Path.Combine(dir, "queue.csv"), "--db", db, "--json");
            var stages = Stages(new QualityDatabase(db));

            var sb = new StringBuilder();
            sb.AppendLine("## Cost and review queue (`quality cost`, `quality review-queue`)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"Machine: {BenchmarkDoc.Machine()}. Project: simulated, {items:N0} items, {rows:N0} annotation rows (answers × fields), 12 annotators, 3 fields of which 2 categorical, {project.GoldItems.Count:N0} gold items.");
            sb.AppendLine();
            sb.AppendLine("| run (whole process) | wall time (s) | peak RSS (MB) |");
            sb.AppendLine("|---|---:|---:|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `quality cost --json` (2 fields + overall) | {cost.ElapsedSeconds:F2} | {cost.PeakRssMb:F0} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `quality cost --field sentiment --json` | {costField.ElapsedSeconds:F2} | {costField.PeakRssMb:F0} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `quality review-queue --top 500 --csv` (2 fields) | {queue.ElapsedSeconds:F2} | {queue.PeakRssMb:F0} |");
            sb.AppendLine();
            sb.AppendLine("Stages of `quality cost`, in-process (seconds):");
            sb.AppendLine();
            sb.AppendLine("| stage | s |");
            sb.AppendLine("|---|---:|");
            foreach (var (name, seconds) in stages) sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {seconds:F2} |");
            return sb.ToString();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static List<(string, double)> Stages(QualityDatabase database)
    {
        var result = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        void Lap(string name)
        {
            result.Add((name, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }
        using var c = database.Open();
        var pid = ProjectRatings.ProjectId(c, "bench")!.Value;
        var settings = CostSettings.Load(c, pid);
        AnswerCosts.Load(c, pid, settings);
        Lap("costs per annotator and field (DuckDB)");
        var fields = ProjectRatings.Load(c, pid);
        Lap("load the categorical fields into rating sets");
        var fits = fields.Select(f => DawidSkene.Fit(f.Data.Ratings, f.Data.GoldByItem)).ToList();
        Lap("Dawid–Skene with gold clamped, all fields");
        var free = fields.Select(f => DawidSkene.Fit(f.Data.Ratings)).ToList();
        Lap("Dawid–Skene without gold, all fields");
        for (var i = 0; i < fields.Count; i++)
            RedundancyCurve.Compute(fields[i].Data.Ratings, fields[i].Data.GoldByItem, free[i]);
        Lap("redundancy curves (B = 200, ≤ 2,000 gold items)");
        ReviewQueue.Build(fields.Select((f, i) => new ReviewField(f.Name, f.Data.Ratings, f.Data.GoldByItem, fits[i])).ToList()).Top(500);
        Lap("review queue, top 500");
        return result;
    }
}
