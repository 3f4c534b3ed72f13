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
        IReadOnlyDictionary<string, DetectorTally> Detectors, double MeanAccuracyAnswers);

    /// <summary>How one detector, or a union of detectors, did over the runs of a scenario.</summary>
    public sealed class DetectorTally
    {
        public int Detected { get; set; }
        public int Within { get; set; }
        public int PreChange { get; set; }
        public int FalseAlarms { get; set; }
        public List<double> ErrorDays { get; } = [];
        public List<double> DelayDays { get; } = [];
    }

    /// <summary>The detectors and unions the second table reports, in order: the kinds each counts.</summary>
    public static readonly (string Name, DriftKind[] Kinds)[] Unions =
    [
        ("accuracy (gold and consensus)", [DriftKind.Accuracy]),
        ("agreement", [DriftKind.Agreement]),
        ("gold accuracy or accuracy", [DriftKind.GoldAccuracy, DriftKind.Accuracy]),
        ("any of the three", [DriftKind.GoldAccuracy, DriftKind.Accuracy, DriftKind.Agreement]),
    ];

    public static string Run(int seeds = 200, long firstSeed = 1, double[]? goldShares = null, TextWriter? log = null, double[]? drops = null,
        double falseAlarmRate = 0.05)
    {
        drops ??= Drops;
        log ??= Console.Out;
        goldShares ??= [0.10, 0.30, 0.50];
        var clock = Stopwatch.StartNew();
        var scenarios = Grid(goldShares, drops, log, clock, (share, drop) => RunScenario(drop, share, seeds, firstSeed, falseAlarmRate),
            s => string.Create(CultureInfo.InvariantCulture, $"drift-power: gold share {s.GoldShare:0.00}, drop {s.Drop:0.00}: gold detected {s.Detected}/{s.Runs}, within {WithinDays} days {s.DetectedWithin}/{s.Runs}, " +
                 $"false alarms {s.FalseAlarms}/{s.StableRuns}; " +
                 $"{string.Join("; ", Unions.Select(u => $"{u.Name}: {s.Detectors[u.Name].Detected}, within {s.Detectors[u.Name].Within}, false {s.Detectors[u.Name].FalseAlarms}"))}"));
        return Markdown(scenarios, seeds, firstSeed, clock.Elapsed, falseAlarmRate);
    }

    /// <summary>
    /// Runs one scenario per gold share and drop, in that order, and logs a progress line (with the time so far) after
    /// each: the grid of the drift-power, drift-bound and drift-false-alarms benchmarks.
    /// </summary>
    public static List<T> Grid<T>(double[] goldShares, double[] drops, TextWriter log, Stopwatch clock,
        Func<double, double, T> run, Func<T, string> line)
    {
        var scenarios = new List<T>();
        foreach (var share in goldShares)
            foreach (var drop in drops)
            {
                var s = run(share, drop);
                scenarios.Add(s);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line(s)} ({clock.Elapsed.TotalSeconds:F0} s)"));
            }
        return scenarios;
    }

    /// <summary>The simulated project of one run: sentiment only, the simulator's defaults otherwise.</summary>
    public static SimulatedProject Project(long seed, double drop, double goldShare) => Simulator.Generate(new SimulationOptions
    {
        Seed = seed,
        Fields = [SimulatedField.Sentiment],
        DriftDrop = drop,
        GoldShare = goldShare,
    });

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

    public static Scenario RunScenario(double drop, double goldShare, int seeds, long firstSeed, double falseAlarmRate = 0.05)
    {
        var settings = SettingsFor(goldShare) with { FalseAlarmRate = falseAlarmRate };
        // The detectors that watch accuracy or agreement (the label-distribution test is left out: it is not built for accuracy drops).
        var kinds = new HashSet<DriftKind> { DriftKind.GoldAccuracy, DriftKind.Agreement, DriftKind.Accuracy };
        int detected = 0, within = 0, preChange = 0, stableRuns = 0, falseAlarms = 0;
        var tallies = Unions.ToDictionary(u => u.Name, _ => new DetectorTally());
        double accuracyAnswers = 0;
        var errors = new List<double>();
        var errorsUnconstrained = new List<double>();
        var errorsLastZero = new List<double>();
        var delays = new List<double>();
        double goldAnswers = 0, realised = 0;
        // The runs are independent: analysed on every core, then tallied in seed order (the figures do not depend on the cores).
        var runs = new (SimulatedProject Project, DriftReport Report)[seeds];
        Parallel.For(0, seeds, i =>
        {
            var project = Project(firstSeed + i, drop, goldShare);
            runs[i] = (project, DriftAnalyzer.Analyze([FieldAnswers.FromSimulation(project, SimulatedField.Sentiment)], settings, kinds));
        });
        foreach (var (project, report) in runs)
        {
            foreach (var annotator in project.Annotators)
            {
                var drift = report.Find(annotator.Key, "sentiment");
                if (drift is null) continue;
                var alarms = drift.Gold.Detection.Alarms;
                // Every alarm of the annotator: when it signalled and the change it estimated, by kind.
                var all = Signals(drift);
                if (annotator.Drift.Count == 0)
                {
                    if (annotator.Shifts.Count > 0) continue;
                    stableRuns++;
                    if (alarms.Count > 0) falseAlarms++;
                    foreach (var (name, members) in Unions)
                        if (all.Any(a => members.Contains(a.Kind))) tallies[name].FalseAlarms++;
                    continue;
                }
                var start = annotator.Drift[0].Start;
                accuracyAnswers += drift.Accuracy?.Evidence.Count ?? 0;
                foreach (var (name, members) in Unions)
                {
                    var tally = tallies[name];
                    var mine = all.Where(a => members.Contains(a.Kind)).ToList();
                    if (mine.Any(a => a.Signal < start)) tally.PreChange++;
                    // The first alert after the change, with that detector's change-point estimate.
                    var first = mine.Where(a => a.Signal >= start).OrderBy(a => a.Signal).FirstOrDefault();
                    if (first == default) continue;
                    tally.Detected++;
                    var errorAny = Days(first.Change - start);
                    tally.ErrorDays.Add(errorAny);
                    if (errorAny <= WithinDays) tally.Within++;
                    tally.DelayDays.Add((first.Signal - start).TotalDays);
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
            stableRuns, falseAlarms, goldAnswers / seeds, realised / seeds, tallies, accuracyAnswers / seeds);
    }

    private static List<(DriftKind Kind, DateTime Signal, DateTime Change)> Signals(AnnotatorDrift drift)
    {
        var all = new List<(DriftKind, DateTime, DateTime)>();
        foreach (var a in drift.Gold.Detection.Alarms) all.Add((DriftKind.GoldAccuracy, drift.Gold.At(a.Signal.Index), drift.Gold.At(a.Change.Index)));
        foreach (var a in drift.Agreement.Detection.Alarms) all.Add((DriftKind.Agreement, drift.Agreement.At(a.Signal.Index), drift.Agreement.At(a.Change.Index)));
        if (drift.Accuracy is { } acc)
            foreach (var a in acc.Detection.Alarms) all.Add((DriftKind.Accuracy, acc.Evidence.At(a.Signal.Index), acc.Evidence.At(a.Change.Index)));
        return all;
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

    internal static string Rate(int k, int n)
    {
        var w = WilsonInterval.Compute(k, n);
        return n == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * k / n:0.0}% ({k}/{n}; {100 * w.Lower:0.0}–{100 * w.Upper:0.0})");
    }

    private static string Markdown(List<Scenario> scenarios, int seeds, long firstSeed, TimeSpan elapsed, double falseAlarmRate)
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var alpha = falseAlarmRate == DriftSettings.Default.FalseAlarmRate ? "" : string.Create(inv, $", except false_alarm_rate = {falseAlarmRate}");
        b.AppendLine("### Drift detector power (gold accuracy)");
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- drift-power --write`: {seeds} simulated projects per row " +
            $"(seeds {firstSeed}–{firstSeed + seeds - 1}, sentiment only, 2,000 items, 12 annotators, 8 weeks; one annotator drifts from Monday of week 5; " +
            $"a second annotator's label-distribution shift is left out of the false-alarm count). Default drift settings at 10% gold" +
            $"{alpha}; with more gold the " +
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
        b.AppendLine("#### The accuracy detector, and what a lead is alerted by");
        b.AppendLine();
        b.AppendLine("The same runs. The accuracy detector reads every answer of the annotator: right or wrong on gold items, and on the others weighted by the leave-one-out Dawid–Skene posterior of the other annotators (docs/drift.md). Unions count the first alert of any of their detectors after the change, with that alert's change-point estimate. False alarms: stable annotator-runs with at least one alert of the detectors counted.");
        b.AppendLine();
        b.AppendLine("| gold share | drop | detector | detected after the change | detected, change point within 7 days | change-point error, days: median / 95th pct | detection delay, days: median / 95th pct | alarm before the change | false alarms per stable annotator-run |");
        b.AppendLine("|---:|---:|---|---|---|---|---|---:|---|");
        foreach (var s in scenarios)
            foreach (var (name, _) in Unions)
            {
                var t = s.Detectors[name];
                b.AppendLine(string.Create(inv,
                    $"| {s.GoldShare:0.00} | {100 * s.Drop:0} pts | {name} | {Rate(t.Detected, s.Runs)} | {Rate(t.Within, s.Runs)} | " +
                    $"{Percentile(t.ErrorDays, 0.5):0.0} / {Percentile(t.ErrorDays, 0.95):0.0} | {Percentile(t.DelayDays, 0.5):0.0} / {Percentile(t.DelayDays, 0.95):0.0} | " +
                    $"{t.PreChange} | {Rate(t.FalseAlarms, s.StableRuns)} |"));
            }
        b.AppendLine();
        var read = string.Join(", ", scenarios.Where(s => s.Drop == Drops[0]).Select(s => string.Create(inv, $"{s.MeanAccuracyAnswers:0} at {s.GoldShare:0.00} gold")));
        b.AppendLine($"Answers the accuracy detector read per drifting annotator (mean, gold and non-gold): {read}.");
        return b.ToString();
    }
}
