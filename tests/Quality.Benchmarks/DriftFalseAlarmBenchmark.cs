using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Quality.Benchmarks;

/// <summary>
/// The false-alarm rates of the drift detectors over more runs than the drift-power benchmark affords: the stable
/// annotators of its 15-point scenario (the same projects, seed for seed), over many more seeds. A rate near 5% from
/// 2,000 annotator-runs has a standard error of about half a point, too coarse to tell 4.5% from 5.5%; 10,000 runs
/// bring it to about 0.2 points.
/// </summary>
public static class DriftFalseAlarmBenchmark
{
    /// <summary>Seeds analysed at a time, so that only that many projects and reports are held in memory.</summary>
    private const int Chunk = 100;

    /// <summary>The seeds the drift-power benchmark publishes, reported on their own as well.</summary>
    private const int PowerSeeds = 200;

    /// <summary>Stable annotator-runs and false alarms by detector (gold accuracy, then drift-power's unions), overall and on the first seeds.</summary>
    public sealed class Row(double goldShare)
    {
        public double GoldShare { get; } = goldShare;
        public int StableRuns { get; private set; }
        public int StableRunsPowerSeeds { get; private set; }
        public Dictionary<string, int> FalseAlarms { get; } = [];
        public Dictionary<string, int> FalseAlarmsPowerSeeds { get; } = [];

        public void Add(DriftPowerBenchmark.Scenario s, bool powerSeeds)
        {
            StableRuns += s.StableRuns;
            if (powerSeeds) StableRunsPowerSeeds += s.StableRuns;
            foreach (var (name, count) in Counts(s))
            {
                FalseAlarms[name] = FalseAlarms.GetValueOrDefault(name) + count;
                if (powerSeeds) FalseAlarmsPowerSeeds[name] = FalseAlarmsPowerSeeds.GetValueOrDefault(name) + count;
            }
        }

        private static IEnumerable<(string, int)> Counts(DriftPowerBenchmark.Scenario s) =>
            DriftPowerBenchmark.Unions.Select(u => (u.Name, s.Detectors[u.Name].FalseAlarms)).Prepend((GoldAccuracy, s.FalseAlarms));
    }

    private const string GoldAccuracy = "gold accuracy";

    private static IEnumerable<string> Detectors => DriftPowerBenchmark.Unions.Select(u => u.Name).Prepend(GoldAccuracy);

    public static string Run(int seeds = 1000, long firstSeed = 1, double[]? goldShares = null, TextWriter? log = null)
    {
        goldShares ??= [0.10, 0.30, 0.50];
        log ??= Console.Out;
        var drop = DriftPowerBenchmark.Drops[0];
        var clock = Stopwatch.StartNew();
        var rows = DriftPowerBenchmark.Grid(goldShares, [drop], log, clock, (share, _) =>
        {
            var row = new Row(share);
            for (var done = 0; done < seeds; done += Chunk)
                row.Add(DriftPowerBenchmark.RunScenario(drop, share, Math.Min(Chunk, seeds - done), firstSeed + done), done < PowerSeeds);
            return row;
        }, r => string.Create(CultureInfo.InvariantCulture,
            $"drift-false-alarms: gold share {r.GoldShare:0.00}: {r.StableRuns} stable annotator-runs; {string.Join("; ", Detectors.Select(d => $"{d} {r.FalseAlarms[d]}"))}"));
        return Markdown(rows, seeds, firstSeed, clock.Elapsed);
    }

    private static string Markdown(List<Row> rows, int seeds, long firstSeed, TimeSpan elapsed)
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.AppendLine(string.Create(inv, $"### False alarms over {seeds:N0} projects per gold share"));
        b.AppendLine();
        var powerSeeds = seeds > PowerSeeds
            ? string.Create(inv, $"; the second line of each gold share is seeds {firstSeed}–{firstSeed + PowerSeeds - 1} alone, the figures drift-power reports")
            : "";
        b.AppendLine(string.Create(inv, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- drift-false-alarms --write`: the stable annotators of the drift-power " +
            $"benchmark's 15-point projects over seeds {firstSeed}–{firstSeed + seeds - 1} (its own seeds and more; the same settings per gold share). Share of stable " +
            $"annotator-runs with at least one alert of the detectors counted, with Wilson 95% intervals{powerSeeds}. {BenchmarkDoc.Machine()}, {elapsed.TotalSeconds:F0} s."));
        b.AppendLine();
        b.AppendLine($"| gold share | seeds | stable annotator-runs | {string.Join(" | ", Detectors)} |");
        b.AppendLine($"|---:|---|---:|{string.Concat(Detectors.Select(_ => "---|"))}");
        foreach (var r in rows)
        {
            b.AppendLine(string.Create(inv, $"| {r.GoldShare:0.00} | {firstSeed}–{firstSeed + seeds - 1} | {r.StableRuns} | {string.Join(" | ", Detectors.Select(d => DriftPowerBenchmark.Rate(r.FalseAlarms[d], r.StableRuns)))} |"));
            if (seeds > PowerSeeds)
                b.AppendLine(string.Create(inv, $"| | {firstSeed}–{firstSeed + PowerSeeds - 1} | {r.StableRunsPowerSeeds} | {string.Join(" | ", Detectors.Select(d => DriftPowerBenchmark.Rate(r.FalseAlarmsPowerSeeds[d], r.StableRunsPowerSeeds)))} |"));
        }
        return b.ToString();
    }
}
