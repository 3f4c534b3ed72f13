using System.Text.Json.Serialization;

namespace Quality.Reports.Audit;

/// <summary>
/// Everything an audit report says, as data only: no layout, no I/O, no generation time. Its canonical JSON is
/// what <see cref="ReportFingerprint"/> hashes, so every figure the PDF prints must come from here. Numbers are
/// rounded to six decimals (finer than anything printed) so the fingerprint does not hang on the last bits of
/// floating-point arithmetic.
/// </summary>
public sealed record AuditReportModel
{
    /// <summary>Version of the format of this model; bump when its fields change meaning.</summary>
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;
    public required string QualityVersion { get; init; }
    public required string Project { get; init; }
    public required string? Client { get; init; }
    public required ReportPeriod Period { get; init; }
    public required ReportThresholds Thresholds { get; init; }
    public required VolumeSummary Volume { get; init; }
    public required IReadOnlyList<FieldResult> Fields { get; init; }
    /// <summary>The previous period of the same length, for "what changed"; null when it holds no answers.</summary>
    public required PreviousPeriod? Previous { get; init; }
    public required IReadOnlyList<AnnotatorScorecard> Annotators { get; init; }
    public required DriftSection Drift { get; init; }
    public required CostSection Cost { get; init; }
    public required IReadOnlyList<ImportRecord> Imports { get; init; }
    /// <summary>Fields the report does not analyse (span, box, free text) and why.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>The audited window on answers' created_at: <see cref="From"/> inclusive, <see cref="To"/> exclusive (UTC dates).</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    [JsonIgnore] public DateTime FromUtc => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    [JsonIgnore] public DateTime ToUtc => To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    /// <summary>The last day inside the period.</summary>
    [JsonIgnore] public DateOnly LastDay => To.AddDays(-1);
    [JsonIgnore] public int Days => To.DayNumber - From.DayNumber;

    /// <summary>"2026-10-05/2026-11-02": from inclusive, to exclusive, as stored in the PDF keywords.</summary>
    public override string ToString() =>
        From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "/" +
        To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A value with its 95 % interval; all null when undefined (then <see cref="Reason"/> says why).</summary>
public sealed record Estimate(double? Value, double? Lower, double? Upper, string? Reason = null)
{
    public static Estimate Undefined(string reason) => new(null, null, null, reason);
}

/// <summary>k correct out of n with the Wilson 95 % interval.</summary>
public sealed record Accuracy(long Correct, long Answers, double? Value, double? Lower, double? Upper);

/// <summary>Weekly answers of the whole project in the period (weeks start Monday, UTC).</summary>
public sealed record WeekCount(DateOnly WeekStart, long Answers);

public sealed record VolumeSummary(long Answers, long Submissions, long Items, int Annotators, IReadOnlyList<WeekCount> Weeks);

/// <summary>Agreement, consensus and gold results of one categorical field in the period.</summary>
public sealed record FieldResult
{
    public required string Field { get; init; }
    /// <summary>nominal, ordinal or numeric.</summary>
    public required string Kind { get; init; }
    /// <summary>The alpha level that fits the field's kind (nominal, ordinal, interval): the headline number.</summary>
    public required string AlphaLevel { get; init; }
    public required int Items { get; init; }
    public required int Annotators { get; init; }
    public required int Annotations { get; init; }
    public required int PairableItems { get; init; }
    public required int GoldItems { get; init; }
    public required Estimate Alpha { get; init; }
    /// <summary>Alpha at the nominal level, for ordinal and numeric fields (where exact matches are the strictest reading).</summary>
    public required Estimate? AlphaNominal { get; init; }
    /// <summary>good, tentative, insufficient or undefined, against <see cref="ReportThresholds"/>.</summary>
    public required string Verdict { get; init; }
    public required double? PercentAgreement { get; init; }
    public required double? FleissKappa { get; init; }
    public required double? GwetAc1 { get; init; }
    public required double? MeanPairwiseKappa { get; init; }
    /// <summary>Gold answers of every annotator pooled.</summary>
    public required Accuracy? TeamGoldAccuracy { get; init; }
    public required Accuracy? MajorityVoteAccuracy { get; init; }
    public required Accuracy? DawidSkeneAccuracy { get; init; }
    public required IReadOnlyList<LabelResult> Labels { get; init; }
    public required IReadOnlyList<PairResult> Pairs { get; init; }
    public required IReadOnlyList<AnnotatorFieldResult> AnnotatorResults { get; init; }
}

public sealed record LabelResult(string Label, long Ratings, double Share, double? Alpha);

public sealed record PairResult(string A, string B, int Items, double? Kappa);

/// <summary>One annotator on one field: the numbers of `quality agreement`'s annotators list.</summary>
public sealed record AnnotatorFieldResult(string Annotator, int Annotations, Accuracy? Gold, double? AgreementWithConsensus,
    double? AgreementWithOthers, double? MeanKappa);

/// <summary>The previous period's headline numbers, per field.</summary>
public sealed record PreviousPeriod(ReportPeriod Period, long Answers, IReadOnlyList<PreviousField> Fields);

public sealed record PreviousField(string Field, Estimate Alpha, Accuracy? TeamGoldAccuracy);

/// <summary>One row of the scorecard: an annotator across fields, with why they are flagged.</summary>
public sealed record AnnotatorScorecard(string Annotator, string? Pool, long Items, double? MedianLeadTimeSeconds,
    IReadOnlyList<FieldScore> Fields, IReadOnlyList<string> Flags)
{
    [JsonIgnore] public bool Flagged => Flags.Count > 0;
}

/// <summary>An annotator's numbers on one field, for the scorecard.</summary>
public sealed record FieldScore(string Field, int Annotations, Accuracy? Gold, double? AgreementWithConsensus, double? MeanKappa);

/// <summary>Drift findings as `quality drift` reports them, with the alerts' acknowledgements.</summary>
public sealed record DriftSection(string? DataUpTo, double Delta, double FalseAlarmRate, double DistributionAlpha,
    IReadOnlyList<DriftStatusRow> Statuses, IReadOnlyList<DriftIncident> Incidents, IReadOnlyList<string> Notes);

public sealed record DriftStatusRow(string Annotator, string Field, string Status, Accuracy? Gold);

/// <summary>One detected change. Times are ISO-8601 UTC strings.</summary>
public sealed record DriftIncident
{
    public required string Annotator { get; init; }
    public required string Field { get; init; }
    /// <summary>gold_accuracy, agreement or label_distribution.</summary>
    public required string Kind { get; init; }
    public required string Changepoint { get; init; }
    public required string DetectedAt { get; init; }
    /// <summary>The label whose share moved (label-distribution changes).</summary>
    public required string? Label { get; init; }
    public required Accuracy Before { get; init; }
    public required Accuracy After { get; init; }
    public required double Change { get; init; }
    /// <summary>open, acknowledged, or not_stored (found by this analysis, not yet saved by a drift check).</summary>
    public required string Status { get; init; }
    public required string? AcknowledgedBy { get; init; }
    public required string? AcknowledgedAt { get; init; }
    public required string? Comment { get; init; }
    /// <summary>Weekly series behind the incident's chart: the annotator's level and the rest of the team's.</summary>
    public required IReadOnlyList<WeeklyLevel> Weekly { get; init; }
}

/// <summary>One week of an incident's chart: the annotator's successes/answers and the team's.</summary>
public sealed record WeeklyLevel(DateOnly WeekStart, long Count, long Answers, long TeamCount, long TeamAnswers);

/// <summary>Cost against quality, as `quality cost` reports it (whole project to date).</summary>
public sealed record CostSection(string Currency, string CapRule, double? LeadTimeCapSeconds, double TargetAccuracy,
    IReadOnlyList<CostPool> Overall, IReadOnlyList<CostField> Fields, string? Reason);

public sealed record CostField(string Field, double? CostPerAnswer, IReadOnlyList<CostAnnotator> Annotators, IReadOnlyList<CostPool> Pools,
    IReadOnlyList<RedundancyRow> Redundancy, int? RecommendedK, int? ConservativeK, string? RecommendationReason);

public sealed record CostAnnotator(string Annotator, string? Pool, long Annotations, double? Cost, double? CostPerAnnotation,
    double? Quality, string Source, double? CostPerCorrectLabel, string? CostPerCorrectLabelReason, bool? OnFrontier);

public sealed record CostPool(string Pool, long Annotations, double? Cost, double? CostPerAnnotation, Accuracy? Accuracy,
    double? CostPerCorrectLabel);

/// <summary>
/// A point of the redundancy curve: majority-vote accuracy with k answers per item, and its cost. The curve's
/// Dawid–Skene column is left out: it is estimated from random subsets of each item's answers, drawn in the order
/// the database stores them, so two imports of the same files can give different last digits, and the fingerprint
/// must depend on the data only. Majority vote is exact over all subsets.
/// </summary>
public sealed record RedundancyRow(int K, int Items, Estimate MajorityVote, double? CostPerItem);

/// <summary>
/// One import of the project's data: the file and what it held. When it was imported is left out on purpose, so
/// the same files imported into another database give the same fingerprint.
/// </summary>
public sealed record ImportRecord(int ImportId, string FileName, string Format, string Sha256, long FileBytes, long Items,
    long Annotations, long Annotators, long GoldItems);
