using System.Text.Json.Nodes;
using Quality.Analytics.Intervals;

namespace Quality.Analytics.Drift;

/// <summary>
/// Runs every drift detector over in-memory answers: gold accuracy over time and its CUSUM, the agreement CUSUM,
/// and the label-distribution test, per annotator and field. Pure: no I/O (see DriftService for the database).
/// </summary>
public static class DriftAnalyzer
{
    /// <param name="cancellationToken">Stops the analysis between annotators and inside the Monte Carlo loops (a job at shutdown).</param>
    public static DriftReport Analyze(IReadOnlyList<FieldAnswers> fields, DriftSettings? settings = null, IReadOnlySet<DriftKind>? kinds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        settings ??= DriftSettings.Default;
        settings.Validate();
        var notes = new List<string>();
        var streams = fields.Select(f => FieldStreams.Build(f, settings, kinds, notes, cancellationToken)).ToList();

        // The false-alarm target is per annotator: split it evenly (Bonferroni) over the fields she is monitored on.
        var goldDesign = GoldDesign(settings);
        var agreementDesign = AgreementDesign(settings);
        var accuracyDesign = AccuracyDesign(settings);
        var goldFields = CountMonitored(streams, s => s.Gold, goldDesign.MinAnswers);
        var agreementFields = CountMonitored(streams, s => s.Agreement, agreementDesign.MinAnswers);
        var accuracyFields = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in streams)
            for (var r = 0; r < (f.Accuracy?.Length ?? 0); r++)
                if (f.Accuracy![r].Count >= accuracyDesign.MinAnswers)
                    accuracyFields[f.Field.Ratings.RaterNames[r]] = accuracyFields.GetValueOrDefault(f.Field.Ratings.RaterNames[r]) + 1;

        var annotators = new List<AnnotatorDrift>();
        var findings = new List<DriftFinding>();
        foreach (var f in streams)
        {
            var set = f.Field.Ratings;
            // The accuracy detector calibrates each stream on its own evidence (nothing to cache across annotators), so
            // its streams run in parallel; each has its own seeded random stream, so the result does not depend on the order.
            var accuracyResults = new AccuracyResult?[set.RaterCount];
            if (f.Accuracy is { } all)
                Parallel.For(0, set.RaterCount, new ParallelOptions { CancellationToken = cancellationToken }, r =>
                {
                    if (!f.Answered[r]) return;
                    var name = set.RaterNames[r];
                    accuracyResults[r] = AccuracyDetector.Detect(all[r], PerField(accuracyDesign, accuracyFields, name),
                        StreamSeed(settings.Seed, f.Field.Field, name), TimeSpan.FromDays(settings.ChangepointWindowDays), cancellationToken,
                        settings.AccuracyMinDrop);
                });
            for (var r = 0; r < set.RaterCount; r++)
            {
                if (!f.Answered[r]) continue;
                cancellationToken.ThrowIfCancellationRequested();
                var name = set.RaterNames[r];
                var goldStream = Monitor(f.Gold[r], f.RunsGold ? PerField(goldDesign, goldFields, name) : null, cancellationToken);
                var agreementStream = Monitor(f.Agreement[r], f.RunsAgreement ? PerField(agreementDesign, agreementFields, name) : null, cancellationToken);
                var labels = f.Distribution?[r] ?? new LabelDistributionResult(0, [], null, "label-distribution detection was not run");
                var summary = new GoldAccuracySummary(
                    WilsonInterval.Compute(goldStream.Outcomes.Count(o => o), goldStream.Outcomes.Length),
                    AccuracySeries.Weekly(goldStream.Outcomes, goldStream.Ticks),
                    AccuracySeries.Rolling(goldStream.Outcomes, goldStream.Ticks, settings.RollingWindow));
                // The report keeps the evidence without its truth distributions: they only serve the calibration.
                var accuracy = f.Accuracy is { } evidence ? new AccuracyStream(evidence[r].Compact(), accuracyResults[r]!) : null;
                annotators.Add(new AnnotatorDrift(name, f.Field.Field, summary, goldStream, agreementStream, labels, accuracy));

                foreach (var alarm in goldStream.Detection.Alarms)
                    findings.Add(CusumFinding(name, f.Field.Field, DriftKind.GoldAccuracy, goldStream, alarm, settings, goldFields.GetValueOrDefault(name, 1)));
                foreach (var alarm in agreementStream.Detection.Alarms)
                    findings.Add(CusumFinding(name, f.Field.Field, DriftKind.Agreement, agreementStream, alarm, settings, agreementFields.GetValueOrDefault(name, 1)));
                foreach (var alarm in accuracy?.Detection.Alarms ?? [])
                    findings.Add(AccuracyFinding(name, f.Field.Field, accuracy!, alarm, settings, accuracyFields.GetValueOrDefault(name, 1)));
                if (labels.Change is { Flagged: true } change)
                {
                    var own = f.Order.Where(a => set.Raters[a] == r).ToArray();
                    findings.Add(DistributionFinding(name, f.Field, change, f.Field.Ticks[own[change.ChangeIndex!.Value]], f.Field.Ticks[own[^1]], settings));
                }
            }
        }
        annotators.Sort((x, y) => x.Field != y.Field ? string.CompareOrdinal(x.Field, y.Field) : string.CompareOrdinal(x.Annotator, y.Annotator));
        findings.Sort((x, y) => x.DetectedAt != y.DetectedAt ? x.DetectedAt.CompareTo(y.DetectedAt) : string.CompareOrdinal(x.Annotator, y.Annotator));
        long? last = fields.Where(f => f.Ticks.Length > 0).Select(f => (long?)f.Ticks.Max()).Max();
        return new DriftReport(settings, annotators, findings, last is { } t ? new DateTime(t, DateTimeKind.Utc) : null, notes);
    }

    /// <summary>The gold-accuracy detector's design from the settings (the per-annotator false-alarm rate, before splitting over fields).</summary>
    public static SequentialDesign GoldDesign(DriftSettings s) =>
        new(s.Delta, s.FalseAlarmRate, s.BaselineAnswers, s.MinGoldAnswers, s.HorizonGoldAnswers, s.CalibrationReplicates, s.Seed);

    /// <summary>The agreement detector's design from the settings (the per-annotator false-alarm rate, before splitting over fields).</summary>
    public static SequentialDesign AgreementDesign(DriftSettings s) =>
        new(s.AgreementDelta, s.FalseAlarmRate, s.AgreementBaselineAnswers, s.MinAgreementAnswers, s.HorizonAgreementAnswers, s.CalibrationReplicates, s.Seed);

    /// <summary>The accuracy detector's design from the settings (the per-annotator false-alarm rate, before splitting over fields).</summary>
    public static SequentialDesign AccuracyDesign(DriftSettings s) =>
        new(s.AccuracyDelta, s.FalseAlarmRate, s.AccuracyBaselineAnswers, s.MinAccuracyAnswers, s.HorizonAccuracyAnswers, s.CalibrationReplicates, s.Seed);

    // One calibration stream per (seed, field, annotator): a limit never depends on which other streams ran first.
    private static ulong StreamSeed(ulong seed, string field, string annotator) =>
        (seed ^ StableHash(field)) * 0x9E3779B97F4A7C15UL ^ StableHash(annotator);

    private static SequentialDesign PerField(SequentialDesign design, Dictionary<string, int> fieldsOf, string annotator) =>
        design with { FalseAlarmRate = design.FalseAlarmRate / Math.Max(1, fieldsOf.GetValueOrDefault(annotator)) };

    private static Dictionary<string, int> CountMonitored(List<FieldStreams> streams, Func<FieldStreams, RaterStream[]> pick, int minAnswers)
    {
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in streams)
        {
            var rater = pick(f);
            for (var r = 0; r < rater.Length; r++)
                if (rater[r].Outcomes.Count >= minAnswers)
                    count[f.Field.Ratings.RaterNames[r]] = count.GetValueOrDefault(f.Field.Ratings.RaterNames[r]) + 1;
        }
        return count;
    }

    /// <summary>One rater's right/wrong stream being collected, in time order.</summary>
    private sealed class RaterStream
    {
        public List<long> Ticks { get; } = [];
        public List<bool> Outcomes { get; } = [];
    }

    /// <summary>A field's answers cut into per-rater streams, with the label-distribution analysis of the field.</summary>
    private sealed class FieldStreams
    {
        public required FieldAnswers Field { get; init; }
        public required int[] Order { get; init; }
        public required bool[] Answered { get; init; }
        public required RaterStream[] Gold { get; init; }
        public required RaterStream[] Agreement { get; init; }
        public required bool RunsGold { get; init; }
        public required bool RunsAgreement { get; init; }
        public LabelDistributionResult[]? Distribution { get; init; }
        /// <summary>Per rater: accuracy evidence (gold and consensus); null when the accuracy detector does not run on this field.</summary>
        public AccuracyEvidence[]? Accuracy { get; init; }

        public static FieldStreams Build(FieldAnswers field, DriftSettings settings, IReadOnlySet<DriftKind>? kinds, List<string> notes,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var set = field.Ratings;
            var order = field.TimeOrder();
            var raterCount = set.RaterCount;
            bool Runs(DriftKind k) => kinds is null || kinds.Contains(k);

            var hasGold = field.GoldByItem.Any(g => g >= 0);
            if (!hasGold) notes.Add($"{field.Field}: no gold labels, so no gold-accuracy or accuracy detection");
            // One Dawid–Skene fit serves the agreement consensus and the accuracy evidence.
            var runsAccuracy = Runs(DriftKind.Accuracy) && hasGold && set.LabelCount >= 2;
            var fit = runsAccuracy || (Runs(DriftKind.Agreement) && settings.AgreementConsensus == AgreementConsensus.DawidSkene)
                ? Consensus.DawidSkene.Fit(set, field.GoldByItem)
                : null;
            var agreement = Runs(DriftKind.Agreement)
                ? AgreementStream.Indicators(set, field.GoldByItem, settings.AgreementConsensus, settings.MinOtherAnnotators, fit)
                : null;
            var accuracy = runsAccuracy
                ? AccuracyEvidence.Build(set, order, field.Ticks, field.GoldByItem, fit!, settings.MinOtherAnnotators)
                : null;

            var gold = Enumerable.Range(0, raterCount).Select(_ => new RaterStream()).ToArray();
            var agree = Enumerable.Range(0, raterCount).Select(_ => new RaterStream()).ToArray();
            var answered = new bool[raterCount];
            foreach (var a in order)
            {
                var r = set.Raters[a];
                answered[r] = true;
                var g = field.GoldByItem[set.Items[a]];
                if (g >= 0)
                {
                    gold[r].Ticks.Add(field.Ticks[a]);
                    gold[r].Outcomes.Add(set.Labels[a] == g);
                }
                if (agreement is not null && agreement[a] != AgreementStream.NotCounted)
                {
                    agree[r].Ticks.Add(field.Ticks[a]);
                    agree[r].Outcomes.Add(agreement[a] == 1);
                }
            }

            LabelDistributionResult[]? distribution = null;
            if (Runs(DriftKind.LabelDistribution) && order.Length > 0)
                distribution = LabelDistributionDrift.Analyze(order.Select(a => set.Raters[a]).ToArray(), order.Select(a => set.Labels[a]).ToArray(),
                    order.Select(a => field.Ticks[a]).ToArray(), raterCount, set.LabelCount, settings,
                    LabelDistributionDrift.Mix(settings.Seed, StableHash(field.Field)), cancellationToken);

            return new FieldStreams
            {
                Field = field, Order = order, Answered = answered, Gold = gold, Agreement = agree,
                RunsGold = Runs(DriftKind.GoldAccuracy), RunsAgreement = agreement is not null, Distribution = distribution, Accuracy = accuracy,
            };
        }
    }

    private static MonitoredStream Monitor(RaterStream stream, SequentialDesign? design, CancellationToken cancellationToken)
    {
        var o = stream.Outcomes.ToArray();
        var detection = design is not null
            ? SequentialDetector.Detect(o, design, cancellationToken)
            : new SequentialResult(DriftStatus.InsufficientData, "the detector was not run", o.Length, o.Count(x => x), 0, 0, null, null, 0, new double[o.Length], []);
        return new MonitoredStream(stream.Ticks.ToArray(), o, detection);
    }

    private static DriftFinding CusumFinding(string annotator, string field, DriftKind kind, MonitoredStream stream, SequentialAlarm alarm,
        DriftSettings settings, int monitoredFields)
    {
        var d = stream.Detection;
        var (signal, change) = (alarm.Signal, alarm.Change);
        var before = WilsonInterval.Compute(change.CorrectBefore, change.AnswersBefore);
        var after = WilsonInterval.Compute(change.CorrectAfter, change.AnswersAfter);
        var evidence = new JsonObject
        {
            ["detector"] = "bernoulli_cusum",
            ["p0"] = d.Design!.Value.P0,
            ["p1"] = d.Design.Value.P1,
            ["delta"] = kind == DriftKind.GoldAccuracy ? settings.Delta : settings.AgreementDelta,
            ["baseline_answers"] = d.BaselineAnswers,
            ["baseline_correct"] = d.BaselineCorrect,
            ["cusum"] = signal.Statistic,
            ["cusum_peak"] = signal.Peak,
            ["limit"] = d.Limit!.Limit,
            ["false_alarm_rate_per_annotator"] = settings.FalseAlarmRate,
            ["fields_monitored"] = monitoredFields,
            ["false_alarm_rate"] = settings.FalseAlarmRate / monitoredFields,
            ["simulated_false_alarm_rate"] = d.Limit.SimulatedFalseAlarmRate,
            ["calibration_replicates"] = d.Limit.Replicates,
            ["horizon_answers"] = d.Horizon,
            ["answers"] = d.Answers,
            ["signal_index"] = signal.Index,
            ["changepoint_index"] = change.Index,
            ["cusum_start"] = Iso(stream.At(signal.ExcursionStart)),
            ["excursion_end"] = signal.ExcursionEnd < stream.Ticks.Length ? Iso(stream.At(signal.ExcursionEnd)) : null,
            ["log_likelihood_ratio"] = change.LogLikelihoodRatio,
            ["deviance"] = 2 * change.LogLikelihoodRatio,
            ["n_before"] = change.AnswersBefore,
            ["n_after"] = change.AnswersAfter,
            ["delay_answers"] = signal.Index - change.Index,
        };
        return new DriftFinding(annotator, field, kind, stream.At(signal.ExcursionStart), stream.At(signal.Index), stream.At(change.Index),
            DriftLevel.Of(before), DriftLevel.Of(after), after.Estimate!.Value - before.Estimate!.Value, evidence);
    }

    private static DriftFinding AccuracyFinding(string annotator, string field, AccuracyStream stream, AccuracyAlarm alarm, DriftSettings settings,
        int monitoredFields)
    {
        var (d, e) = (stream.Detection, stream.Evidence);
        var (signal, change) = (alarm.Signal, alarm.Change);
        static DriftLevel Level(AccuracyLevel l) => new(l.Estimate, l.Lower, l.Upper, l.Answers, l.Estimate * l.Answers);
        var evidence = new JsonObject
        {
            ["detector"] = "accuracy_cusum",
            ["model"] = "one-coin: right with probability p, else any other label alike; truth certain on gold, the others' leave-one-out Dawid-Skene posterior elsewhere",
            ["p0"] = d.Design!.Value.P0,
            ["p1"] = d.Design.Value.P1,
            ["delta"] = settings.AccuracyDelta,
            ["baseline_answers"] = d.BaselineAnswers,
            ["answers"] = d.Answers,
            ["gold_answers"] = d.GoldAnswers,
            ["cusum"] = signal.Statistic,
            ["cusum_peak"] = signal.Peak,
            ["limit"] = d.Limit,
            ["false_alarm_rate_per_annotator"] = settings.FalseAlarmRate,
            ["fields_monitored"] = monitoredFields,
            ["false_alarm_rate"] = settings.FalseAlarmRate / monitoredFields,
            ["simulated_false_alarm_rate"] = d.SimulatedFalseAlarmRate,
            ["calibration_replicates"] = d.Replicates,
            ["horizon_answers"] = d.Horizon,
            ["signal_index"] = signal.Index,
            ["changepoint_index"] = change.Index,
            ["changepoint_window_days"] = settings.ChangepointWindowDays,
            ["cusum_start"] = Iso(e.At(signal.ExcursionStart)),
            ["excursion_end"] = signal.ExcursionEnd < e.Count ? Iso(e.At(signal.ExcursionEnd)) : null,
            ["log_likelihood_ratio"] = change.LogLikelihoodRatio,
            ["deviance"] = 2 * change.LogLikelihoodRatio,
            ["n_before"] = change.Before.Answers,
            ["n_after"] = change.After.Answers,
            ["gold_before"] = change.Before.GoldAnswers,
            ["gold_after"] = change.After.GoldAnswers,
            ["interval"] = "likelihood ratio, 95%",
            ["delay_answers"] = signal.Index - change.Index,
        };
        return new DriftFinding(annotator, field, DriftKind.Accuracy, e.At(signal.ExcursionStart), e.At(signal.Index), e.At(change.Index),
            Level(change.Before), Level(change.After), change.After.Estimate - change.Before.Estimate, evidence);
    }

    private static DriftFinding DistributionFinding(string annotator, FieldAnswers field, DistributionChange c, long changeTicks, long lastTicks, DriftSettings settings)
    {
        var names = field.Ratings.LabelNames;
        var label = c.Label!.Value;
        var before = WilsonInterval.Compute(c.CountsBefore![label], c.CountsBefore.Sum());
        var after = WilsonInterval.Compute(c.CountsAfter![label], c.CountsAfter.Sum());
        JsonObject Counts(long[] counts)
        {
            var o = new JsonObject();
            for (var l = 0; l < counts.Length; l++) o[names[l]] = counts[l];
            return o;
        }
        var evidence = new JsonObject
        {
            ["detector"] = "label_distribution",
            ["label"] = names[label],
            ["change_week"] = Iso(c.ChangeWeek!.Value),
            ["jsd_before"] = c.JensenShannonBefore,
            ["jsd_after"] = c.JensenShannonAfter,
            ["psi_after"] = c.PopulationStabilityAfter,
            ["jsd_self_change"] = c.SelfChangeJensenShannon,
            ["self_chi_square_max"] = c.SelfStatistic,
            ["self_p"] = c.SelfPValue,
            ["permutations"] = settings.Permutations,
            ["candidate_weeks"] = c.CandidateWeeks,
            ["team_chi_square"] = c.TeamAfter!.Statistic,
            ["team_df"] = c.TeamAfter.DegreesOfFreedom,
            ["team_p"] = c.TeamAfter.PValue,
            ["team_p_permuted"] = c.TeamAfter.Permuted,
            ["team_p_bonferroni"] = c.TeamPValue,
            ["team_p_holm"] = c.AdjustedTeamPValue,
            ["alpha"] = settings.DistributionAlpha,
            ["correction"] = "team test: Bonferroni over candidate change weeks, then Holm across annotators; self test: permutation max over candidate weeks",
            ["counts_before"] = Counts(c.CountsBefore),
            ["counts_after"] = Counts(c.CountsAfter),
            ["team_counts_after"] = Counts(c.TeamCountsAfter!),
        };
        return new DriftFinding(annotator, field.Field, DriftKind.LabelDistribution, c.ChangeWeek.Value, new DateTime(lastTicks, DateTimeKind.Utc),
            new DateTime(changeTicks, DateTimeKind.Utc), DriftLevel.Of(before), DriftLevel.Of(after), after.Estimate!.Value - before.Estimate!.Value, evidence);
    }

    /// <summary>ISO-8601 UTC with microseconds, as every drift output writes times.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // FNV-1a: string.GetHashCode is randomised per process, and seeds must not be.
    private static ulong StableHash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in s)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return h;
    }
}
