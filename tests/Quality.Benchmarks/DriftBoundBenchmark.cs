using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Analytics.Drift;
using Quality.Simulation;

namespace Quality.Benchmarks;

/// <summary>
/// How well <em>any</em> method could date the drift of the drift-power runs: an oracle that knows everything the
/// simulator knows except when the change happened. It knows the drifting annotator's confusion matrices before and
/// after, every other annotator's confusion matrices (and the shift annotator's change), the label prior and the gold
/// answers, and that there is exactly one change. For each of her answers the exact likelihood of her label under
/// each regime follows: on a gold item the confusion row of the gold label, elsewhere the row averaged over the exact
/// posterior of the item's truth given the other annotators' answers (P(her label | theirs) = Σₜ P(t | theirs) θ[t][l];
/// the other answers' own probability does not depend on her change). With a uniform prior on the change hour over
/// the project, the posterior of the change is exact, and the hour whose ±7-day window holds the most posterior
/// probability is the Bayes rule for "dated within 7 days". Averaged over change times uniform over the project, its
/// success rate bounds every detector that reads these answers, whatever its false-alarm rate; at the simulator's fixed
/// change time (Monday of week 5) only a method that knew where changes happen could do better.
/// </summary>
public static class DriftBoundBenchmark
{
    private const int WindowHours = 7 * 24;

    /// <summary>One scenario: the runs' oracle datings.</summary>
    public sealed record Scenario(double Drop, double GoldShare, IReadOnlyList<Dating> Runs)
    {
        public static int Within(IEnumerable<double> errors) => errors.Count(e => e <= 7);
    }

    public static string Run(int seeds = 200, long firstSeed = 1, double[]? goldShares = null, double[]? drops = null, TextWriter? log = null)
    {
        goldShares ??= [0.10, 0.30, 0.50];
        drops ??= DriftPowerBenchmark.Drops;
        log ??= Console.Out;
        var clock = Stopwatch.StartNew();
        var scenarios = DriftPowerBenchmark.Grid(goldShares, drops, log, clock, (share, drop) => RunScenario(drop, share, seeds, firstSeed),
            s => string.Create(CultureInfo.InvariantCulture, $"drift-bound: gold share {s.GoldShare:0.00}, drop {s.Drop:0.00}: dated within 7 days by the oracle {Scenario.Within(s.Runs.Select(r => r.Full))}/{seeds}, " +
                 $"on the detector's answers {Scenario.Within(s.Runs.Select(r => r.Restricted))}, on its evidence {Scenario.Within(s.Runs.Select(r => r.DetectorEvidence))}; detected by the oracle test {s.Runs.Count(r => r.Detected)}, and dated {s.Runs.Count(r => r.Detected && r.Full <= 7)}"));
        return Markdown(scenarios, seeds, firstSeed, clock.Elapsed);
    }

    public static Scenario RunScenario(double drop, double goldShare, int seeds, long firstSeed)
    {
        var results = new Dating[seeds];
        Parallel.For(0, seeds, i =>
        {
            results[i] = Date(DriftPowerBenchmark.Project(firstSeed + i, drop, goldShare));
        });
        return new Scenario(drop, goldShare, results);
    }

    /// <summary>
    /// Dating errors (days) of the three oracles, whether the all-answers oracle's test detects the change at a 5%
    /// false-alarm rate, and the answers they read.
    /// </summary>
    public sealed record Dating(double Full, double Restricted, double DetectorEvidence, bool Detected, int Answers, int Counted, int Gold);

    /// <summary>Null replicates behind the oracle test's critical value.</summary>
    private const int NullReplicates = 1000;

    private const double FalseAlarmRate = 0.05;

    public static Dating Date(SimulatedProject project)
    {
        const SimulatedField field = SimulatedField.Sentiment;
        var drifting = project.Annotators.Single(a => a.Drift.Count > 0);
        var start = drifting.Drift[0].Start;
        var before = drifting.Confusion(field, start.AddTicks(-1))!;
        var after = drifting.Confusion(field, start)!;
        var prior = field.Prior()!;
        var labels = prior.Count;
        var answers = new List<(DateTime At, double LogBefore, double LogAfter, bool Counted)>();
        // Her label's distribution under the old regime, given what the oracle knows of the item: what the test's
        // null replicates draw from.
        var nullRows = new List<(DateTime At, double[] Before, double[] After, int Label)>();
        var gold = 0;
        var q = new double[labels];
        foreach (var task in project.Tasks())
            foreach (var mine in task.Annotations.Where(a => a.Annotator == drifting.Index))
            {
                var l = mine.Sentiment!.Value;
                if (task.Item.IsGold)
                {
                    gold++;
                    answers.Add((mine.CreatedAt, Math.Log(before[task.Item.Sentiment, l]), Math.Log(after[task.Item.Sentiment, l]), true));
                    nullRows.Add((mine.CreatedAt, before.Row(task.Item.Sentiment), after.Row(task.Item.Sentiment), l));
                    continue;
                }
                for (var t = 0; t < labels; t++) q[t] = prior[t];
                foreach (var other in task.Annotations)
                {
                    if (other.Annotator == drifting.Index) continue;
                    var model = project.Annotators[other.Annotator].Confusion(field, other.CreatedAt)!;
                    for (var t = 0; t < labels; t++) q[t] *= model[t, other.Sentiment!.Value];
                }
                var sum = q.Sum();
                var rowBefore = new double[labels];
                var rowAfter = new double[labels];
                for (var j = 0; j < labels; j++)
                    for (var t = 0; t < labels; t++)
                    {
                        rowBefore[j] += q[t] / sum * before[t, j];
                        rowAfter[j] += q[t] / sum * after[t, j];
                    }
                answers.Add((mine.CreatedAt, Math.Log(rowBefore[l]), Math.Log(rowAfter[l]), task.Annotations.Count - 1 >= DriftSettings.Default.MinOtherAnnotators));
                nullRows.Add((mine.CreatedAt, rowBefore, rowAfter, l));
            }
        var full = DateChange(project, answers, start);
        var restricted = DateChange(project, answers.Where(a => a.Counted).ToList(), start);
        // The accuracy detector's own evidence: gold answers right or wrong, the others credited with the leave-one-out
        // Dawid-Skene posterior, under its one-coin likelihood, with the true levels before and after.
        var report = DriftAnalyzer.Analyze([FieldAnswers.FromSimulation(project, field)], DriftSettings.Default, new HashSet<DriftKind> { DriftKind.Accuracy });
        var evidence = report.Find(drifting.Key, field.Key())!.Accuracy!.Evidence;
        double p0 = before.ExpectedAccuracy(prior), p1 = after.ExpectedAccuracy(prior);
        var coin = new List<(DateTime At, double LogBefore, double LogAfter, bool Counted)>(evidence.Count);
        for (var i = 0; i < evidence.Count; i++)
        {
            var r = evidence.Credit(i);
            coin.Add((evidence.At(i), Math.Log(r * p0 + (1 - r) * (1 - p0) / (labels - 1)), Math.Log(r * p1 + (1 - r) * (1 - p1) / (labels - 1)), true));
        }
        var detected = OracleTest(project, nullRows, project.Options.Seed);
        return new Dating(full, restricted, DateChange(project, coin, start), detected, answers.Count, answers.Count(a => a.Counted), gold);
    }

    /// <summary>
    /// The oracle's test of "one change, at an hour uniform over the project" against "no change", both regimes
    /// known: the Bayes factor, whose critical value is the 95th percentile of its null distribution (her labels
    /// redrawn under the old regime, <see cref="NullReplicates"/> times). Among all tests with a 5% false-alarm
    /// rate it has the most power averaged over that prior (Neyman–Pearson), and it looks at the whole project at
    /// once, where a detector must decide as the answers arrive.
    /// </summary>
    private static bool OracleTest(SimulatedProject project, List<(DateTime At, double[] Before, double[] After, int Label)> rows, long seed)
    {
        var origin = project.Options.Start;
        var hours = (int)(project.Options.End - origin).TotalHours;
        // Answer i counts as "before" for every change hour h ≥ its bucket.
        var bucket = rows.Select(r => Math.Min(hours, (int)Math.Floor((r.At - origin).TotalHours) + 1)).ToArray();
        var logBefore = rows.Select(r => r.Before.Select(v => Math.Log(v)).ToArray()).ToArray();
        var logAfter = rows.Select(r => r.After.Select(v => Math.Log(v)).ToArray()).ToArray();
        var delta = new double[hours + 1];
        double Statistic(int[] labels)
        {
            Array.Clear(delta);
            double allAfter = 0, allBefore = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var b = logBefore[i][labels[i]];
                var a = logAfter[i][labels[i]];
                allAfter += a;
                allBefore += b;
                delta[bucket[i]] += b - a;
            }
            var values = new double[hours];
            var acc = allAfter;
            for (var h = 0; h < hours; h++)
            {
                acc += delta[h];
                values[h] = acc;
            }
            var max = values.Max();
            var sum = 0.0;
            foreach (var v in values) sum += Math.Exp(v - max);
            return max + Math.Log(sum / hours) - allBefore;
        }
        var observed = rows.Select(r => r.Label).ToArray();
        var rng = new Random(unchecked((int)seed * 7919 + 17));
        var nulls = new double[NullReplicates];
        var draw = new int[rows.Count];
        for (var r = 0; r < NullReplicates; r++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var u = rng.NextDouble();
                var row = rows[i].Before;
                var j = 0;
                for (; j < row.Length - 1 && (u -= row[j]) >= 0; j++) { }
                draw[i] = j;
            }
            nulls[r] = Statistic(draw);
        }
        Array.Sort(nulls);
        var critical = nulls[NullReplicates - (int)Math.Floor(FalseAlarmRate * NullReplicates) - 1];
        return Statistic(observed) > critical;
    }

    /// <summary>
    /// The dating error in days of the Bayes rule for "within 7 days": the exact posterior of the change hour given
    /// each answer's log-likelihood under the old and the new regime (uniform prior over the project's hours), and
    /// the hour whose ±7-day window holds the most of it (the middle one of near-ties).
    /// </summary>
    public static double DateChange(SimulatedProject project, List<(DateTime At, double LogBefore, double LogAfter, bool Counted)> answers, DateTime start)
    {
        answers = answers.OrderBy(a => a.At).ToList();
        var origin = project.Options.Start;
        var hours = (int)(project.Options.End - origin).TotalHours;
        var logLik = new double[hours];
        var acc = answers.Sum(a => a.LogAfter);
        var next = 0;
        for (var h = 0; h < hours; h++)
        {
            var at = origin.AddHours(h);
            while (next < answers.Count && answers[next].At < at)
            {
                acc += answers[next].LogBefore - answers[next].LogAfter;
                next++;
            }
            logLik[h] = acc;
        }
        var max = logLik.Max();
        var posterior = logLik.Select(v => Math.Exp(v - max)).ToArray();
        var total = posterior.Sum();
        var prefix = new double[hours + 1];
        for (var h = 0; h < hours; h++) prefix[h + 1] = prefix[h] + posterior[h] / total;
        var mass = new double[hours];
        for (var c = 0; c < hours; c++)
            mass[c] = prefix[Math.Min(hours, c + WindowHours + 1)] - prefix[Math.Max(0, c - WindowHours)];
        var best = mass.Max();
        var near = Enumerable.Range(0, hours).Where(c => mass[c] >= best - 1e-9).ToArray();
        var estimate = near[near.Length / 2];
        return Math.Abs(estimate - (start - origin).TotalHours) / 24;
    }

    private static string Markdown(List<Scenario> scenarios, int seeds, long firstSeed, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine("### How well any detector could date the drift (oracle bound)");
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- drift-bound --write`: the drift-power projects " +
            $"(seeds {firstSeed}–{firstSeed + seeds - 1}), dated by an oracle that knows every confusion matrix (the drifting annotator's before and after, " +
            $"her teammates'), the label prior, the gold, and that exactly one change happened: the exact posterior of the change hour (uniform prior " +
            $"over the project) and the hour whose ±7-day window holds most of it. Averaged over change times uniform over the project, no method " +
            $"that reads these answers dates the change within a week more often; the oracle test detects it at a 5% false-alarm rate with the " +
            $"most power any test has against that prior, looking at the whole project at once. {BenchmarkDoc.Machine()}, {elapsed.TotalSeconds:F0} s."));
        b.AppendLine();
        b.AppendLine("Three oracles, from most to least informed: **all answers** (exact likelihoods, every answer of hers, also on items with fewer than two other answers); **the detector's answers** (the same, on the answers the accuracy detector reads: gold, and items with at least two other answers); **the detector's evidence** (those answers scored as the accuracy detector scores them, right or wrong on gold and credited with the leave-one-out Dawid–Skene posterior elsewhere, under its one-coin likelihood, but with her true accuracy before and after). Each is the share of runs dated within 7 days (Wilson 95% interval), then the dating error in days (median / 95th percentile).");
        b.AppendLine();
        b.AppendLine("| gold share | drop | her answers: all / read by the detector (gold) | oracle, all answers | oracle, the detector's answers | oracle, the detector's evidence | oracle test at 5% false alarms: detected | detected, and dated within 7 days |");
        b.AppendLine("|---:|---:|---:|---|---|---|---|---|");
        foreach (var s in scenarios)
        {
            string Cell(Func<Dating, double> error)
            {
                var errors = s.Runs.Select(error).ToList();
                return string.Create(inv, $"{DriftPowerBenchmark.Rate(Scenario.Within(errors), errors.Count)}; " +
                    $"{DriftPowerBenchmark.Percentile(errors, 0.5):0.0} / {DriftPowerBenchmark.Percentile(errors, 0.95):0.0}");
            }
            b.AppendLine(string.Create(inv,
                $"| {s.GoldShare:0.00} | {100 * s.Drop:0} pts | {s.Runs.Average(r => r.Answers):0} / {s.Runs.Average(r => r.Counted):0} ({s.Runs.Average(r => r.Gold):0}) | " +
                $"{Cell(r => r.Full)} | {Cell(r => r.Restricted)} | {Cell(r => r.DetectorEvidence)} | {DriftPowerBenchmark.Rate(s.Runs.Count(r => r.Detected), s.Runs.Count)} | " +
                $"{DriftPowerBenchmark.Rate(s.Runs.Count(r => r.Detected && r.Full <= 7), s.Runs.Count)} |"));
        }
        return b.ToString();
    }
}
