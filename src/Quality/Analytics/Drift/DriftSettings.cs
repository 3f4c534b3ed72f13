using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Quality.Analytics.Drift;

/// <summary>Which consensus the agreement detector compares an annotator with.</summary>
public enum AgreementConsensus
{
    /// <summary>The Dawid–Skene posterior of the other annotators' answers (each weighted by their fitted confusion matrix).</summary>
    DawidSkene,
    /// <summary>The most frequent label among the other annotators; items where it is tied are left out.</summary>
    Majority,
}

/// <summary>
/// Drift-detection parameters of a project, stored as the "drift" object of projects.settings (snake_case keys).
/// Every key is optional; docs/drift.md explains each default.
/// </summary>
public sealed record DriftSettings
{
    /// <summary>The accuracy drop the gold CUSUM is tuned to (p₁ = p₀ − δ).</summary>
    [JsonPropertyName("delta")] public double Delta { get; init; } = 0.15;

    /// <summary>The drop in agreement with the consensus the agreement CUSUM is tuned to.</summary>
    [JsonPropertyName("agreement_delta")] public double AgreementDelta { get; init; } = 0.10;

    /// <summary>Target probability that a stable annotator's CUSUM signals at least once within the horizon.</summary>
    [JsonPropertyName("false_alarm_rate")] public double FalseAlarmRate { get; init; } = 0.05;

    /// <summary>The annotator's first K answers of a stream estimate the in-control level p₀.</summary>
    [JsonPropertyName("baseline_answers")] public int BaselineAnswers { get; init; } = 50;

    /// <summary>
    /// The first K answers of an agreement stream estimate its in-control level. Agreement streams are several times
    /// longer than gold streams, so a longer baseline costs little and narrows the limit that p₀'s uncertainty widens.
    /// </summary>
    [JsonPropertyName("agreement_baseline_answers")] public int AgreementBaselineAnswers { get; init; } = 150;

    /// <summary>Fewer gold answers than this: "insufficient_data", no detection.</summary>
    [JsonPropertyName("min_gold_answers")] public int MinGoldAnswers { get; init; } = 70;

    /// <summary>Fewer agreement answers than this: no agreement detection.</summary>
    [JsonPropertyName("min_agreement_answers")] public int MinAgreementAnswers { get; init; } = 200;

    /// <summary>Gold answers per annotator over which the false-alarm rate holds (longer streams use their own length).</summary>
    [JsonPropertyName("horizon_gold_answers")] public int HorizonGoldAnswers { get; init; } = 200;

    /// <summary>Agreement answers per annotator over which the false-alarm rate holds (longer streams use their own length).</summary>
    [JsonPropertyName("horizon_agreement_answers")] public int HorizonAgreementAnswers { get; init; } = 600;

    /// <summary>The accuracy drop the accuracy CUSUM (gold and consensus together) is tuned to.</summary>
    [JsonPropertyName("accuracy_delta")] public double AccuracyDelta { get; init; } = 0.10;

    /// <summary>The first K answers of an accuracy stream (gold and non-gold) estimate its in-control accuracy.</summary>
    [JsonPropertyName("accuracy_baseline_answers")] public int AccuracyBaselineAnswers { get; init; } = 200;

    /// <summary>Fewer answers with known or estimable truth than this: no accuracy detection.</summary>
    [JsonPropertyName("min_accuracy_answers")] public int MinAccuracyAnswers { get; init; } = 250;

    /// <summary>Answers per annotator over which the accuracy detector's false-alarm rate holds (longer streams use their own length).</summary>
    [JsonPropertyName("horizon_accuracy_answers")] public int HorizonAccuracyAnswers { get; init; } = 600;

    /// <summary>An accuracy-detector signal whose estimated drop is smaller than this raises no alert.</summary>
    [JsonPropertyName("accuracy_min_drop")] public double AccuracyMinDrop { get; init; } = 0.05;

    /// <summary>The accuracy detector dates a change to the time whose ± this many days holds the most posterior probability.</summary>
    [JsonPropertyName("changepoint_window_days")] public double ChangepointWindowDays { get; init; } = 7;

    /// <summary>Gold answers in the rolling accuracy window.</summary>
    [JsonPropertyName("rolling_window")] public int RollingWindow { get; init; } = 50;

    /// <summary>Monte Carlo replicates per calibrated limit.</summary>
    [JsonPropertyName("calibration_replicates")] public int CalibrationReplicates { get; init; } = 10_000;

    /// <summary>Seed of the calibration and permutation random streams.</summary>
    [JsonPropertyName("seed")] public ulong Seed { get; init; } = 20_260_907;

    /// <summary>Consensus for the agreement detector.</summary>
    [JsonPropertyName("agreement_consensus")] public AgreementConsensus AgreementConsensus { get; init; } = AgreementConsensus.DawidSkene;

    /// <summary>An item counts for the agreement detector when at least this many other annotators answered it.</summary>
    [JsonPropertyName("min_other_annotators")] public int MinOtherAnnotators { get; init; } = 2;

    /// <summary>Significance level of the label-distribution tests (after correction).</summary>
    [JsonPropertyName("distribution_alpha")] public double DistributionAlpha { get; init; } = 0.05;

    /// <summary>Answers an annotator needs on each side of a candidate change week of the label distribution.</summary>
    [JsonPropertyName("min_distribution_answers")] public int MinDistributionAnswers { get; init; } = 100;

    /// <summary>Answers an annotator needs in a week for that week's divergence to be computed.</summary>
    [JsonPropertyName("min_week_answers")] public int MinWeekAnswers { get; init; } = 20;

    /// <summary>Permutations of the label-distribution tests.</summary>
    [JsonPropertyName("permutations")] public int Permutations { get; init; } = 1999;

    /// <summary>The project's settings, with the defaults.</summary>
    public static DriftSettings Default { get; } = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Reads the "drift" object of a projects.settings JSON document (null or no "drift": the defaults). Unknown
    /// keys and out-of-range values are errors, so a typo cannot silently fall back to a default.
    /// </summary>
    public static DriftSettings FromProjectSettings(string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson)) return Default;
        JsonNode? root;
        try { root = JsonNode.Parse(settingsJson); }
        catch (JsonException ex) { throw new QualityException($"project settings are not valid JSON: {ex.Message}"); }
        if (root is not JsonObject o || !o.TryGetPropertyValue("drift", out var drift) || drift is null) return Default;
        DriftSettings settings;
        try { settings = drift.Deserialize<DriftSettings>(Json) ?? Default; }
        catch (JsonException ex) { throw new QualityException($"project settings 'drift' are invalid: {ex.Message}"); }
        settings.Validate();
        return settings;
    }

    /// <summary>projects.settings with its "drift" object replaced by these settings; other keys are kept.</summary>
    public string MergeInto(string? settingsJson)
    {
        Validate();
        var root = string.IsNullOrWhiteSpace(settingsJson) ? new JsonObject() : JsonNode.Parse(settingsJson) as JsonObject
            ?? throw new QualityException("project settings must be a JSON object");
        root["drift"] = JsonSerializer.SerializeToNode(this, Json);
        return root.ToJsonString();
    }

    /// <summary>Throws <see cref="QualityException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(Delta is > 0 and < 1, "delta must be in (0, 1)");
        Check(AgreementDelta is > 0 and < 1, "agreement_delta must be in (0, 1)");
        Check(FalseAlarmRate is > 0 and < 0.5, "false_alarm_rate must be in (0, 0.5)");
        Check(BaselineAnswers >= 10, "baseline_answers must be at least 10");
        Check(MinGoldAnswers > BaselineAnswers, "min_gold_answers must exceed baseline_answers");
        Check(AgreementBaselineAnswers >= 10, "agreement_baseline_answers must be at least 10");
        Check(MinAgreementAnswers > AgreementBaselineAnswers, "min_agreement_answers must exceed agreement_baseline_answers");
        Check(HorizonGoldAnswers >= MinGoldAnswers, "horizon_gold_answers must be at least min_gold_answers");
        Check(HorizonAgreementAnswers >= MinAgreementAnswers, "horizon_agreement_answers must be at least min_agreement_answers");
        Check(AccuracyDelta is > 0 and < 1, "accuracy_delta must be in (0, 1)");
        Check(AccuracyBaselineAnswers >= 10, "accuracy_baseline_answers must be at least 10");
        Check(MinAccuracyAnswers > AccuracyBaselineAnswers, "min_accuracy_answers must exceed accuracy_baseline_answers");
        Check(HorizonAccuracyAnswers >= MinAccuracyAnswers, "horizon_accuracy_answers must be at least min_accuracy_answers");
        Check(AccuracyMinDrop is >= 0 and < 1, "accuracy_min_drop must be in [0, 1)");
        Check(ChangepointWindowDays is > 0 and <= 365, "changepoint_window_days must be in (0, 365]");
        Check(RollingWindow >= 2, "rolling_window must be at least 2");
        Check(CalibrationReplicates >= 1000 && FalseAlarmRate * CalibrationReplicates >= 10,
            "calibration_replicates must be at least 1000 and leave at least 10 replicates above the limit");
        Check(MinOtherAnnotators >= 1, "min_other_annotators must be at least 1");
        Check(DistributionAlpha is > 0 and < 0.5, "distribution_alpha must be in (0, 0.5)");
        Check(MinDistributionAnswers >= 20, "min_distribution_answers must be at least 20");
        Check(MinWeekAnswers >= 5, "min_week_answers must be at least 5");
        Check(Permutations >= 99, "permutations must be at least 99");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new QualityException("drift settings: " + message);
    }

    public override string ToString() => JsonSerializer.Serialize(this, Json);
}
