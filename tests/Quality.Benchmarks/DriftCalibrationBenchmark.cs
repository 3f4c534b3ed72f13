using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Analytics.Drift;
using Quality.Analytics.Intervals;
using Quality.Simulation.Randomness;

namespace Quality.Benchmarks;

/// <summary>
/// The gold detector's false-alarm rate at a fixed true accuracy: its limit is calibrated on average over the
/// posterior of the accuracy given the baseline, so the rate at any one accuracy is a measurement, not a guarantee.
/// Independent right/wrong streams of exactly the horizon's length (where the calibration aims), at the settings
/// drift-power uses for each gold share.
/// </summary>
public static class DriftCalibrationBenchmark
{
    public static readonly double[] Accuracies = [0.30, 0.50, 0.60, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.97, 0.99];

    public static string Run(int streams = 10_000, double[]? goldShares = null)
    {
        goldShares ??= [0.10, 0.30, 0.50];
        var clock = Stopwatch.StartNew();
        var designs = goldShares.Select(s => DriftAnalyzer.GoldDesign(DriftPowerBenchmark.SettingsFor(s))).ToArray();
        var alarms = new int[Accuracies.Length, designs.Length];
        for (var a = 0; a < Accuracies.Length; a++)
            for (var d = 0; d < designs.Length; d++)
            {
                var (p, design, count) = (Accuracies[a], designs[d], 0);
                Parallel.For(0, streams, () => 0, (s, _, local) =>
                {
                    var rng = new Xoshiro256((ulong)(((a * 16L + d) << 32) + s + 1));
                    var outcomes = new bool[design.Horizon];
                    for (var t = 0; t < outcomes.Length; t++) outcomes[t] = rng.Chance(p);
                    return local + (SequentialDetector.Detect(outcomes, design).Alarms.Count > 0 ? 1 : 0);
                }, local => Interlocked.Add(ref count, local));
                alarms[a, d] = count;
            }

        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine("### Gold detector: false alarms at a fixed true accuracy");
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- drift-calibration --write`: {streams:N0} independent right/wrong " +
            $"streams per cell, each exactly as long as the horizon, at a fixed true accuracy; the gold detector with drift-power's settings for each gold share. " +
            $"Share of streams with a signal (target 5%), Wilson 95% interval. {BenchmarkDoc.Machine()}, {clock.Elapsed.TotalSeconds:F0} s."));
        b.AppendLine();
        b.AppendLine("| true accuracy | " + string.Join(" | ", designs.Select((d, i) => string.Create(inv, $"{goldShares[i]:0.00} gold: baseline {d.BaselineAnswers}, horizon {d.Horizon}"))) + " |");
        b.AppendLine("|---:|" + string.Concat(designs.Select(_ => "---|")));
        for (var a = 0; a < Accuracies.Length; a++)
        {
            var cells = Enumerable.Range(0, designs.Length).Select(d =>
            {
                var w = WilsonInterval.Compute(alarms[a, d], streams);
                return string.Create(inv, $"{100.0 * alarms[a, d] / streams:0.00}% ({100 * w.Lower:0.0}–{100 * w.Upper:0.0})");
            });
            b.AppendLine(string.Create(inv, $"| {Accuracies[a]:0.00} | {string.Join(" | ", cells)} |"));
        }
        return b.ToString();
    }
}
