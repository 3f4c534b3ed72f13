using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Analytics.Drift;
using Quality.Analytics.Intervals;
using Quality.Simulation;

namespace Quality.Benchmarks;

/// <summary>
/// Power and false-alarm rate of the gold-accuracy drift detector over many simulated projects (in memory): one
/// annotator loses <c>drop</c> accuracy on sentiment at the start of week 5 of 8; everyone else is stable except the
/// distribution-shift annotator, who is left out of both counts. Seeds 1.. are the evaluation seeds; development
/// runs use other seeds (--first-seed), so nothing is tuned on the seeds whose figures are published.
/// </summary>
public static class DriftPowerBenchmark
{
    /// <summary>The published drop sizes, in accuracy points.</summary>
    public static readonly double[] Drops = [0.15, 0.20, 0.30];

    private const double WithinDays = 7;

    /// <summary>What one scenario (a drop size and a gold share) gave over all seeds.</summary>
    public sealed record Scenario(double Drop, double GoldShare, int Runs, int Detected, int DetectedWithin, int PreChangeAlarms,
        List<double> ErrorDays, List<double> ErrorDaysUnconstrained, List<double> ErrorDaysLastZero, List<double> DelayDays,
        int StableRuns, int FalseAlarms, double MeanGoldAnswers, double MeanDropRealised,
        int DetectedAny, int DetectedAnyWithin, List<double> ErrorDaysAny, List<double> DelayDaysAny, int FalseAlarmsAgreement, int FalseAlarmsAny,
        double MeanAgreementAnswers);

    public static string Run(int seeds = 200, long firstSeed = 1, double[]? goldShares = null, TextWriter? log = null)
    {
        log ??= Console.Out;
        goldShares ??= [0.10, 0.30, 0.50];
        var clock = Stopwatch.StartNew();
        var scenarios = new List<Scenario>();
        foreach (var share in goldShares)
            foreach (var drop in Drops)
            {
                var s = RunScenario(drop, share, seeds, firstSeed);
                scenarios.Add(s);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"drift-power: gold share {share:0.00}, drop {drop:0.00}: detected {s.Detected}/{s.Runs}, within {WithinDays} days {s.DetectedWithin}/{s.Runs}, " +
                    $"false alarms {s.FalseAlarms}/{s.StableRuns}; either detector: detected {s.DetectedAny}, within {s.DetectedAnyWithin}, " +
                    $"false alarms {s.FalseAlarmsAny}/{s.StableRuns} (agreement {s.FalseAlarmsAgreement}) ({clock.Elapsed.TotalSeconds:F0} s)"));
            }
        return Markdown(scenarios, seeds, firstSeed, clock.Elapsed);
    }

    /// <summary>
    /// The defaults suit the realistic volume (10% gold, about 180 gold answers per annotator). With more gold the
    /// baseline and horizon scale with it (a baseline of about a quarter of the expected answers, the horizon at the
    /// expected answers), as docs/drift.md advises: a fixed 50-answer baseline would waste the extra gold.
    /// </summary>
    public static DriftSettings SettingsFor(double goldShare)
    {
        var scale = goldShare / 0.10;
        if (scale <= 1) return DriftSettings.Default;
        var baseline = (int)Math.Round(DriftSettings.Default.BaselineAnswers * scale);
        return DriftSettings.Default with
        {
            BaselineAnswers = baseline,
            MinGoldAnswers = baseline + 20,
            MinAgreementAnswers = Math.Max(DriftSettings.Default.MinAgreementAnswers, baseline + 50),
            HorizonGoldAnswers = (int)Math.Round(DriftSettings.Default.HorizonGoldAnswers * scale),
        };
    }

    public static Scenario RunScenario(double drop, double goldShare, int seeds, long firstSeed)
    {
        var settings = SettingsFor(goldShare);
        // Both detectors a lead is alerted by: gold accuracy, and agreement with the consensus on the non-gold items.
        var kinds = new HashSet<DriftKind> { DriftKind.GoldAccuracy, DriftKind.Agreement };
        int detected = 0, within = 0, preChange = 0, stableRuns = 0, falseAlarms = 0;
        int detectedAny = 0, withinAny = 0, falseAgreement = 0, falseAny = 0;
        var errorsAny = new List<double>();
        var delaysAny = new List<double>();
        double agreementAnswers = 0;
        var errors = new List<double>();
        var errorsUnconstrained = new List<double>();
        var errorsLastZero = new List<double>();
        var delays = new List<double>();
        double goldAnswers = 0, realised = 0;
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var options = new SimulationOptions
            {
                Seed = seed,
                Fields = [SimulatedField.Sentiment],
                DriftDrop = drop,
                GoldShare = goldShare,
            };
            var project = Simulator.Generate(options);
            var report = DriftAnalyzer.Analyze([FieldAnswers.FromSimulation(project, SimulatedField.Sentiment)], settings, kinds);
            foreach (var annotator in project.Annotators)
            {
                var drift = report.Find(annotator.Key, "sentiment");
                if (drift is null) continue;
                var alarms = drift.Gold.Detection.Alarms;
                if (annotator.Drift.Count == 0)
                {
                    if (annotator.Shifts.Count > 0) continue;
                    stableRuns++;
                    if (alarms.Count > 0) falseAlarms++;
                    if (drift.Agreement.Detection.Alarms.Count > 0) falseAgreement++;
                    if (alarms.Count > 0 || drift.Agreement.Detection.Alarms.Count > 0) falseAny++;
                    continue;
                }
                var start = annotator.Drift[0].Start;
                agreementAnswers += drift.Agreement.Outcomes.Length;
                // The first alert of either detector after the change, with that detector's change-point estimate.
                var first = new[] { drift.Gold, drift.Agreement }
                    .SelectMany(st => st.Detection.Alarms.Select(a => (Signal: st.At(a.Signal.Index), Change: st.At(a.Change.Index))))
                    .Where(a => a.Signal >= start).OrderBy(a => a.Signal).FirstOrDefault();
                if (first != default)
                {
                    detectedAny++;
                    var errorAny = Days(first.Change - start);
                    errorsAny.Add(errorAny);
                    if (errorAny <= WithinDays) withinAny++;
                    delaysAny.Add((first.Signal - start).TotalDays);
                }
                var stream = drift.Gold;
                goldAnswers += stream.Outcomes.Length;
                realised += RealisedDrop(stream, start);
                if (alarms.Any(a => stream.At(a.Signal.Index) < start)) preChange++;
                var alarm = alarms.FirstOrDefault(a => stream.At(a.Signal.Index) >= start);
                if (alarm is null) continue;
                detected++;
                var error = Days(stream.At(alarm.Change.Index) - start);
                errors.Add(error);
                if (error <= WithinDays) within++;
                // The alternatives docs/drift.md compares: the split over all answers before the signal, and the CUSUM's last zero.
                var unconstrained = StepChange.EstimateDrop(stream.Outcomes, alarm.Signal.ExcursionEnd, SequentialDetector.MinAnswersBeforeChange, alarm.Signal.Index);
                errorsUnconstrained.Add(Days(stream.At(unconstrained?.Index ?? alarm.Signal.ExcursionStart) - start));
                errorsLastZero.Add(Days(stream.At(alarm.Signal.ExcursionStart) - start));

                delays.Add((stream.At(alarm.Signal.Index) - start).TotalDays);
            }
        }
        return new Scenario(drop, goldShare, seeds, detected, within, preChange, errors, errorsUnconstrained, errorsLastZero, delays,
            stableRuns, falseAlarms, goldAnswers / seeds, realised / seeds,
            detectedAny, withinAny, errorsAny, delaysAny, falseAgreement, falseAny, agreementAnswers / seeds);
    }

    private static double Days(TimeSpan span) => Math.Abs(span.TotalDays);

    /// <summary>Accuracy on gold before the drift start minus after it: the drop the data actually shows.</summary>
    private static double RealisedDrop(MonitoredStream stream, DateTime start)
    {
        long kb = 0, nb = 0, ka = 0, na = 0;
        for (var t = 0; t < stream.Outcomes.Length; t++)
        {
            if (stream.At(t) < start) { nb++; if (stream.Outcomes[t]) kb++; }
            else { na++; if (stream.Outcomes[t]) ka++; }
        }
        return nb == 0 || na == 0 ? 0 : (double)kb / nb - (double)ka / na;
    }

    /// <summary>Nearest-rank percentile (q in (0, 1]) of a non-empty list.</summary>
    public static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    private static string Scaled(double share)
    {
        var s = SettingsFor(share);
        return string.Create(CultureInfo.InvariantCulture, $"{share:0.00}: baseline {s.BaselineAnswers}, horizon {s.HorizonGoldAnswers}");
    }

    private static string Rate(int k, int n)
    {
        var w = WilsonInterval.Compute(k, n);
        return n == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * k / n:0.0}% ({k}/{n}; {100 * w.Lower:0.0}–{100 * w.Upper:0.0})");
    }

    private static string Markdown(List<Scenario> scenarios, int seeds, long firstSeed, TimeSpan elapsed)
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.AppendLine("### Drift detector power (gold accuracy)");
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- drift-power --write`: {seeds} simulated projects per row " +
            $"(seeds {firstSeed}–{firstSeed + seeds - 1}, sentiment only, 2,000 items, 12 annotators, 8 weeks; one annotator drifts from Monday of week 5; " +
            $"a second annotator's label-distribution shift is left out of the false-alarm count). Default drift settings at 10% gold; with more gold the " +
            $"baseline and horizon scale with it ({Scaled(0.30)}; {Scaled(0.50)}). A detection is the first signal after the change; the change point is " +
            $"the estimate of that signal. Rates with Wilson 95% intervals. {BenchmarkDoc.Machine()}, {elapsed.TotalSeconds:F0} s."));
        b.AppendLine();
        b.AppendLine("| gold share | drop | gold answers (drifting annotator, mean) | realised drop (mean) | detected after the change | detected, change point within 7 days | change-point error, days: median / 95th pct | same, unconstrained split · CUSUM last zero (median / 95th) | detection delay, days: median / 95th pct | alarm before the change | false alarms per stable annotator-run |");
        b.AppendLine("|---:|---:|---:|---:|---|---|---|---|---|---:|---|");
        foreach (var s in scenarios)
            b.AppendLine(string.Create(inv,
                $"| {s.GoldShare:0.00} | {100 * s.Drop:0} pts | {s.MeanGoldAnswers:0} | {100 * s.MeanDropRealised:0.0} pts | {Rate(s.Detected, s.Runs)} | {Rate(s.DetectedWithin, s.Runs)} | " +
                $"{Percentile(s.ErrorDays, 0.5):0.0} / {Percentile(s.ErrorDays, 0.95):0.0} | {Percentile(s.ErrorDaysUnconstrained, 0.5):0.0} / {Percentile(s.ErrorDaysUnconstrained, 0.95):0.0} · " +
                $"{Percentile(s.ErrorDaysLastZero, 0.5):0.0} / {Percentile(s.ErrorDaysLastZero, 0.95):0.0} | {Percentile(s.DelayDays, 0.5):0.0} / {Percentile(s.DelayDays, 0.95):0.0} | " +
                $"{s.PreChangeAlarms} | {Rate(s.FalseAlarms, s.StableRuns)} |"));
        b.AppendLine();
        b.AppendLine("#### Either detector: gold accuracy or agreement with the consensus");
        b.AppendLine();
        b.AppendLine("The same runs, counting the first alert of either detector a lead receives (the agreement detector watches the annotator's non-gold answers against the leave-one-out consensus of the others, so it sees about ten times as many answers as the gold detector at 10% gold). The change point is the estimate of the alert that came first. False alarms: stable annotator-runs with at least one alert of the kind.");
        b.AppendLine();
        b.AppendLine("| gold share | drop | non-gold answers (drifting annotator, mean) | detected after the change | detected, change point within 7 days | change-point error, days: median / 95th pct | detection delay, days: median / 95th pct | false gold-accuracy alarms | false agreement alarms | false alarms of either kind |");
        b.AppendLine("|---:|---:|---:|---|---|---|---|---|---|---|");
        foreach (var s in scenarios)
            b.AppendLine(string.Create(inv,
                $"| {s.GoldShare:0.00} | {100 * s.Drop:0} pts | {s.MeanAgreementAnswers:0} | {Rate(s.DetectedAny, s.Runs)} | {Rate(s.DetectedAnyWithin, s.Runs)} | " +
                $"{Percentile(s.ErrorDaysAny, 0.5):0.0} / {Percentile(s.ErrorDaysAny, 0.95):0.0} | {Percentile(s.DelayDaysAny, 0.5):0.0} / {Percentile(s.DelayDaysAny, 0.95):0.0} | " +
                $"{Rate(s.FalseAlarms, s.StableRuns)} | {Rate(s.FalseAlarmsAgreement, s.StableRuns)} | {Rate(s.FalseAlarmsAny, s.StableRuns)} |"));
        return b.ToString();
    }
}
