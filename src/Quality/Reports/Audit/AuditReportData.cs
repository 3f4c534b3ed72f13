using System.Globalization;
using DuckDB.NET.Data;
using Quality.Alerts;
using Quality.Analytics;
using Quality.Analytics.Agreement;
using Quality.Analytics.Drift;
using Quality.Analytics.Input;
using Quality.Analytics.Intervals;
using Quality.Costs;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Reports.Audit;

/// <summary>A step of a report generation and the share of the work done before it (0–1).</summary>
public readonly record struct ReportProgress(string Step, double Done);

/// <summary>
/// The audit report's data source: fills an <see cref="AuditReportModel"/> from DuckDB with the same analytics the
/// CLI and the dashboard use — agreement and gold as `quality agreement --project P --from F --to T` computes them,
/// drift as `quality drift`, cost as `quality cost` — and reimplements no statistic.
/// </summary>
public static class AuditReportData
{
    /// <summary>The version printed on the cover and kept in the model (the Quality.Core assembly's).</summary>
    public static string QualityVersion { get; } = typeof(AuditReportData).Assembly.GetName().Version?.ToString(3) ?? "dev";

    /// <summary>Builds the model of one project and period.</summary>
    /// <param name="from">First day (UTC, inclusive); null = the day of the project's first answer.</param>
    /// <param name="to">Day after the last (UTC, exclusive); null = the day after the project's last answer.</param>
    /// <param name="client">The client named on the report; null = the project's client.</param>
    /// <param name="progress">Told each step as it starts, with the share of the work done before it (0–1).</param>
    public static AuditReportModel Load(QualityDatabase database, string project, DateOnly? from = null, DateOnly? to = null, string? client = null,
        IProgress<ReportProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var c = database.Open();
        var pid = ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
        var (storedClient, settingsJson) = c.Query("SELECT client, settings::VARCHAR FROM projects WHERE project_id = $pid",
            r => (r.StringOrNull(0), r.StringOrNull(1)), ("pid", pid))[0];
        var thresholds = ReportThresholds.FromProjectSettings(settingsJson);
        var period = ResolvePeriod(c, pid, from, to);

        progress?.Report(new ReportProgress("agreement and gold accuracy", 0.05));
        var fields = ProjectRatings.Load(c, pid, null, new RatingFilter(period.FromUtc, period.ToUtc));
        var analyses = fields.Select(f => (Field: f, Analysis: FieldAnalyzer.Analyze(f.Data, AnalysisOptions.Default))).ToList();
        var fieldResults = analyses.Select(a => Field(a.Field, a.Analysis, thresholds)).ToList();

        progress?.Report(new ReportProgress("drift", 0.3));
        var drift = Drift(c, pid, period);
        progress?.Report(new ReportProgress("cost and redundancy", 0.5));
        var cost = Cost(database, project);
        progress?.Report(new ReportProgress("previous period", 0.65));
        var previous = Previous(c, pid, period);
        var scorecards = Scorecards(c, pid, period, fieldResults, drift, thresholds);

        return new AuditReportModel
        {
            QualityVersion = QualityVersion,
            Project = project,
            Client = client ?? storedClient,
            Period = period,
            Thresholds = thresholds,
            Volume = Volume(c, pid, period),
            Fields = fieldResults,
            Previous = previous,
            Annotators = scorecards,
            Drift = drift,
            Cost = cost,
            Imports = Imports(c, pid),
            Notes = Notes(c, pid),
        };
    }

    /// <summary>The given period, or the days the project's answers span.</summary>
    public static ReportPeriod ResolvePeriod(DuckDBConnection c, int projectId, DateOnly? from, DateOnly? to)
    {
        if (from is null || to is null)
        {
            var (first, last) = c.Query("SELECT min(created_at), max(created_at) FROM annotations WHERE project_id = $pid",
                r => (r.DateOrNull(0), r.DateOrNull(1)), ("pid", projectId))[0];
            if (first is null || last is null) throw new QualityException("the project has no dated answers: give --from and --to");
            from ??= DateOnly.FromDateTime(first.Value);
            to ??= DateOnly.FromDateTime(last.Value).AddDays(1);
        }
        if (to <= from) throw new QualityException($"the period is empty: {from:yyyy-MM-dd} is not before {to:yyyy-MM-dd}");
        return new ReportPeriod(from.Value, to.Value);
    }

    internal static double R(double v) => Math.Round(v, 6, MidpointRounding.ToEven);

    internal static double? R(double? v) => v is { } x && double.IsFinite(x) ? R(x) : null;

    private static Estimate Alpha(AlphaEstimate a) => a.Value.Value is { } v
        ? new Estimate(R(v), R(a.Ci95?.Lower), R(a.Ci95?.Upper))
        : Estimate.Undefined(a.Value.Reason ?? "undefined");

    internal static Accuracy Acc(long k, long n)
    {
        var w = WilsonInterval.Compute(k, n);
        return new Accuracy(k, n, R(w.Estimate), R(w.Lower), R(w.Upper));
    }

    /// <summary>A level on one side of a drift change; an accuracy-detector level counts its expected right answers, rounded.</summary>
    private static Accuracy Level(DriftLevel l) => new((long)Math.Round(l.Successes), l.Trials, R(l.Estimate), R(l.Lower), R(l.Upper));

    private static Accuracy? Acc(Proportion? p) => p is null ? null : Acc(p.Successes, p.Trials);

    private static FieldResult Field(ProjectField field, FieldAnalysis f, ReportThresholds thresholds)
    {
        var a = f.Agreement;
        var level = field.Kind switch
        {
            FieldKind.Ordinal => AlphaLevel.Ordinal,
            FieldKind.Numeric => AlphaLevel.Interval,
            _ => AlphaLevel.Nominal,
        };
        var alpha = Alpha(a.Alpha[level]);
        long goldK = 0, goldN = 0;
        foreach (var s in f.Annotators)
        {
            if (s.Gold is null) continue;
            goldK += s.Gold.Share.Successes;
            goldN += s.Gold.Share.Trials;
        }
        return new FieldResult
        {
            Field = f.Field,
            Kind = field.Kind.ToString().ToLowerInvariant(),
            AlphaLevel = level.ToString().ToLowerInvariant(),
            Items = a.Items,
            Annotators = a.Annotators,
            Annotations = a.Annotations,
            PairableItems = a.PairableItems,
            GoldItems = f.GoldItems,
            Alpha = alpha,
            AlphaNominal = level == AlphaLevel.Nominal ? null : Alpha(a.Alpha.Nominal),
            Verdict = thresholds.Verdict(alpha.Value),
            PercentAgreement = R(a.PercentAgreement.Value),
            FleissKappa = R(a.FleissKappa.Value.Value),
            GwetAc1 = R(a.GwetAc1.Value.Value),
            MeanPairwiseKappa = R(a.MeanPairwiseCohenKappa.Value),
            TeamGoldAccuracy = goldN > 0 ? Acc(goldK, goldN) : null,
            MajorityVoteAccuracy = Acc(f.MajorityVote?.AccuracyVsGold),
            DawidSkeneAccuracy = Acc(f.DawidSkeneAccuracyVsGold),
            // Canonical orders, so the model does not depend on the internal ids the database gave annotators and
            // labels: nominal labels by name (ordered fields keep their scale order), pairs by their two names.
            Labels = (field.Kind == FieldKind.Nominal ? a.PerLabel.OrderBy(l => l.Label, StringComparer.Ordinal) : a.PerLabel.AsEnumerable())
                .Select(l => new LabelResult(l.Label, l.Ratings, R(l.Share), R(l.KrippendorffAlpha.Value))).ToList(),
            Pairs = a.Pairwise
                .Select(p => string.CompareOrdinal(p.A, p.B) <= 0 ? new PairResult(p.A, p.B, p.Items, R(p.CohenKappa.Value.Value))
                    : new PairResult(p.B, p.A, p.Items, R(p.CohenKappa.Value.Value)))
                .OrderBy(p => p.A, StringComparer.Ordinal).ThenBy(p => p.B, StringComparer.Ordinal).ToList(),
            AnnotatorResults = f.Annotators.Select(s => new AnnotatorFieldResult(s.Annotator, s.Annotations,
                s.Gold is { Share.Trials: > 0 } g ? Acc(g.Share) : null,
                R(s.Consensus?.Share.Value), R(s.Peers?.PercentAgreement.Value), R(s.Peers?.MeanCohenKappa.Value))).ToList(),
        };
    }

    private static VolumeSummary Volume(DuckDBConnection c, int pid, ReportPeriod period)
    {
        const string where = "a.project_id = $pid AND a.created_at >= $from AND a.created_at < $to";
        var totals = c.Query(
            $"""
            SELECT count(*), count(DISTINCT (a.item_id, a.annotator_id)), count(DISTINCT a.item_id), count(DISTINCT a.annotator_id)
            FROM annotations a WHERE {where}
            """,
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)),
            ("pid", pid), ("from", period.FromUtc), ("to", period.ToUtc))[0];
        var weeks = c.Query(
            $"SELECT date_trunc('week', a.created_at) AS wk, count(*) FROM annotations a WHERE {where} GROUP BY 1 ORDER BY 1",
            r => new WeekCount(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetInt64(1)),
            ("pid", pid), ("from", period.FromUtc), ("to", period.ToUtc));
        return new VolumeSummary(totals.Item1, totals.Item2, totals.Item3, (int)totals.Item4, weeks);
    }

    private static PreviousPeriod? Previous(DuckDBConnection c, int pid, ReportPeriod period)
    {
        var previous = new ReportPeriod(period.From.AddDays(-period.Days), period.From);
        var answers = c.ScalarLong("SELECT count(*) FROM annotations WHERE project_id = $pid AND created_at >= $from AND created_at < $to",
            ("pid", pid), ("from", previous.FromUtc), ("to", previous.ToUtc));
        if (answers == 0) return null;
        // Headline numbers only: no bootstrap interval and no consensus models, which the comparison does not print.
        var options = new AnalysisOptions { Agreement = AgreementOptions.Default with { BootstrapReplicates = 0 }, MajorityVote = false, DawidSkene = false };
        var fields = ProjectRatings.Load(c, pid, null, new RatingFilter(previous.FromUtc, previous.ToUtc))
            .Select(f =>
            {
                var r = Field(f, FieldAnalyzer.Analyze(f.Data, options), ReportThresholds.Default);
                return new PreviousField(r.Field, r.Alpha, r.TeamGoldAccuracy);
            })
            .ToList();
        return new PreviousPeriod(previous, answers, fields);
    }

    private static List<AnnotatorScorecard> Scorecards(DuckDBConnection c, int pid, ReportPeriod period, List<FieldResult> fields,
        DriftSection drift, ReportThresholds thresholds)
    {
        var rows = c.Query(
            """
            SELECT n.external_key, n.pool, count(DISTINCT a.item_id), median(a.lead_time_s)
            FROM annotations a JOIN annotators n ON n.annotator_id = a.annotator_id
            WHERE a.project_id = $pid AND a.created_at >= $from AND a.created_at < $to
            GROUP BY 1, 2 ORDER BY 1
            """,
            r => (Annotator: r.GetString(0), Pool: r.StringOrNull(1), Items: r.GetInt64(2), Median: r.DoubleOrNull(3)),
            ("pid", pid), ("from", period.FromUtc), ("to", period.ToUtc));
        var result = new List<AnnotatorScorecard>();
        foreach (var row in rows)
        {
            var perField = new List<FieldScore>();
            var flags = new List<string>();
            foreach (var f in fields)
            {
                if (f.AnnotatorResults.FirstOrDefault(a => a.Annotator == row.Annotator) is not { } a) continue;
                perField.Add(new FieldScore(f.Field, a.Annotations, a.Gold, a.AgreementWithConsensus, a.MeanKappa));
                if (a.Gold is { Upper: { } upper, Value: { } value } && upper < thresholds.AnnotatorAccuracyFloor)
                    flags.Add($"gold accuracy on {f.Field} is {Percent(value)}; even the top of its 95\u00A0% interval ({Percent(upper)}) is below the floor of {Percent(thresholds.AnnotatorAccuracyFloor)}");
            }
            foreach (var i in drift.Incidents.Where(i => i.Annotator == row.Annotator).OrderBy(i => KindOrder(i.Kind)))
                flags.Add($"{KindText(i.Kind)} changed on {i.Field} around {i.Changepoint[..10]} ({(i.Status == "acknowledged" ? "acknowledged" : "not yet acknowledged")})");
            result.Add(new AnnotatorScorecard(row.Annotator, row.Pool, row.Items, R(row.Median), perField, flags));
        }
        return result;
    }

    private static string Percent(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0%";

    /// <summary>Gold accuracy first: it is the most direct evidence.</summary>
    private static int KindOrder(string kind) => kind switch { "gold_accuracy" => 0, "accuracy" => 1, "label_distribution" => 2, _ => 3 };

    internal static string KindText(string kind) => DriftKinds.Parse(kind).Describe();

    private static DriftSection Drift(DuckDBConnection c, int pid, ReportPeriod period)
    {
        var report = DriftService.Analyze(c, pid);
        var alerts = AlertStore.List(c, pid);
        var statuses = report.Annotators
            .OrderBy(a => a.Field, StringComparer.Ordinal).ThenBy(a => a.Annotator, StringComparer.Ordinal)
            .Select(a => new DriftStatusRow(a.Annotator, a.Field, a.Status.ToDb(),
                a.GoldAccuracy.Overall.Trials > 0 ? Acc(a.GoldAccuracy.Overall.Successes, a.GoldAccuracy.Overall.Trials) : null))
            .ToList();
        var incidents = new List<DriftIncident>();
        foreach (var f in report.Findings.Where(f => f.DetectedAt < period.ToUtc)
                     .OrderBy(f => f.Changepoint).ThenBy(f => f.Annotator, StringComparer.Ordinal).ThenBy(f => f.Field, StringComparer.Ordinal)
                     .ThenBy(f => f.Kind))
        {
            var alert = alerts.FirstOrDefault(x => x.Annotator == f.Annotator && x.Field == f.Field && x.Kind == f.Kind && x.Episode == f.Episode);
            var label = f.Kind == DriftKind.LabelDistribution ? f.Evidence["label"]?.GetValue<string>() : null;
            incidents.Add(new DriftIncident
            {
                Annotator = f.Annotator,
                Field = f.Field,
                Kind = f.Kind.ToDb(),
                Changepoint = DriftAnalyzer.Iso(f.Changepoint),
                DetectedAt = DriftAnalyzer.Iso(f.DetectedAt),
                Label = label,
                Before = Level(f.Before),
                After = Level(f.After),
                Change = R(f.Change),
                Status = alert is null ? "not_stored" : alert.Status == AlertStatus.Open ? "open" : "acknowledged",
                AcknowledgedBy = alert?.AcknowledgedBy,
                AcknowledgedAt = alert?.AcknowledgedAt is { } at ? DriftAnalyzer.Iso(at) : null,
                Comment = alert?.Comment,
                Weekly = Weekly(report, f, period),
            });
        }
        var s = report.Settings;
        return new DriftSection(report.DataUpTo is { } up ? DriftAnalyzer.Iso(up) : null, s.Delta, s.FalseAlarmRate, s.DistributionAlpha,
            statuses, incidents, report.Notes);
    }

    /// <summary>The weekly series of an incident up to the period's end: the annotator's level against everyone else's.</summary>
    private static List<WeeklyLevel> Weekly(DriftReport report, DriftFinding finding, ReportPeriod period)
    {
        var own = report.Find(finding.Annotator, finding.Field)!;
        var others = report.Annotators.Where(a => a.Field == finding.Field && a.Annotator != finding.Annotator).ToList();
        var weeks = new SortedDictionary<DateTime, long[]>();
        void Add(DateTime week, int slot, long count, long answers)
        {
            if (week >= period.ToUtc) return;
            if (!weeks.TryGetValue(week, out var v)) weeks[week] = v = new long[4];
            v[slot] += count;
            v[slot + 1] += answers;
        }
        if (finding.Kind == DriftKind.LabelDistribution)
        {
            var change = own.LabelDistribution.Change;
            var label = change?.Label ?? 0;
            foreach (var w in own.LabelDistribution.Weekly)
            {
                Add(w.WeekStart, 0, w.Counts[label], w.Counts.Sum());
                Add(w.WeekStart, 2, w.TeamCounts[label], w.TeamCounts.Sum());
            }
        }
        else
        {
            IReadOnlyList<Analytics.Drift.WeeklyAccuracy> Series(AnnotatorDrift a) => finding.Kind is DriftKind.GoldAccuracy or DriftKind.Accuracy
                ? a.GoldAccuracy.Weekly
                : AccuracySeries.Weekly(a.Agreement.Outcomes, a.Agreement.Ticks);
            foreach (var w in Series(own)) Add(w.WeekStart, 0, w.Accuracy.Successes, w.Accuracy.Trials);
            foreach (var o in others)
                foreach (var w in Series(o)) Add(w.WeekStart, 2, w.Accuracy.Successes, w.Accuracy.Trials);
        }
        return weeks.Select(kv => new WeeklyLevel(DateOnly.FromDateTime(kv.Key), kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3])).ToList();
    }

    private static CostSection Cost(QualityDatabase database, string project)
    {
        CostReport report;
        try { report = CostReport.Build(database, project); }
        catch (QualityException ex)
        {
            return new CostSection("", "", null, 0, [], [], ex.Message);
        }
        return new CostSection(report.Settings.DefaultCurrency, report.Costs.CapRule, R(report.Costs.LeadTimeCapSeconds), report.Settings.TargetAccuracy,
            report.Overall is { } o ? o.Pools.Select(Pool).ToList() : [],
            report.Fields.Select(f => new CostField(f.Field, R(f.CostPerAnswer),
                f.Table.Annotators.Select(a => new CostAnnotator(a.Annotator, a.Pool, a.Annotations, R(a.Cost.Cost), R(a.CostPerAnnotation),
                    R(a.Quality), a.Source.ToString().ToLowerInvariant(), R(a.CostPerCorrectLabel), a.CostPerCorrectLabelReason, a.OnFrontier)).ToList(),
                f.Table.Pools.Select(Pool).ToList(),
                f.Redundancy.Points.Select(p => new RedundancyRow(p.K, p.Items,
                    new Estimate(R(p.MajorityVote.Mean), R(p.MajorityVote.Lower), R(p.MajorityVote.Upper)), R(p.CostPerItem))).ToList(),
                f.Redundancy.MajorityVote.K, f.Redundancy.MajorityVote.ConservativeK,
                f.Redundancy.MajorityVote.Reason ?? f.Redundancy.Reason)).ToList(),
            null);
    }

    private static CostPool Pool(PoolCostQuality p) => new(p.Pool, p.Annotations, R(p.Cost), R(p.CostPerAnnotation),
        p.Accuracy.Trials > 0 ? Acc(p.Accuracy.Successes, p.Accuracy.Trials) : null, R(p.CostPerCorrectLabel));

    private static List<ImportRecord> Imports(DuckDBConnection c, int pid) => c.Query(
        """
        SELECT import_id, file_name, format, sha256, file_bytes, items, annotations, annotators, gold_items
        FROM imports WHERE project_id = $pid ORDER BY import_id
        """,
        r => new ImportRecord(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
            r.GetInt64(7), r.GetInt64(8)),
        ("pid", pid));

    private static List<string> Notes(DuckDBConnection c, int pid) => c.Query(
        "SELECT name, kind FROM fields WHERE project_id = $pid AND kind NOT IN ('nominal', 'ordinal', 'numeric') ORDER BY name",
        r => $"The field '{r.GetString(0)}' ({r.GetString(1).Replace('_', ' ')} answers) is not covered: agreement and gold accuracy here are computed for choice and rating fields only.",
        ("pid", pid));
}
