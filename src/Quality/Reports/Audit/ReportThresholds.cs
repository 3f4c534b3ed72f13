using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Quality.Reports.Audit;

/// <summary>
/// The bars an audit report measures a project against, stored as the "report" object of projects.settings
/// (snake_case keys, every key optional). The defaults follow Krippendorff (2004, §12.2): α ≥ 0.800 supports firm
/// conclusions, 0.667 ≤ α &lt; 0.800 tentative ones only.
/// </summary>
public sealed record ReportThresholds
{
    /// <summary>α at or above this is "good".</summary>
    [JsonPropertyName("alpha_good")] public double AlphaGood { get; init; } = 0.800;

    /// <summary>α at or above this (and below <see cref="AlphaGood"/>) is "tentative"; below it, "insufficient".</summary>
    [JsonPropertyName("alpha_tentative")] public double AlphaTentative { get; init; } = 0.667;

    /// <summary>The gold accuracy the team (all annotators' gold answers pooled) should reach.</summary>
    [JsonPropertyName("gold_accuracy_target")] public double GoldAccuracyTarget { get; init; } = 0.90;

    /// <summary>An annotator is flagged when the upper end of their gold accuracy's 95 % interval is below this on any field.</summary>
    [JsonPropertyName("annotator_accuracy_floor")] public double AnnotatorAccuracyFloor { get; init; } = 0.75;

    public static ReportThresholds Default { get; } = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The "report" object of a projects.settings document; the defaults when it is absent. Unknown keys are errors.</summary>
    public static ReportThresholds FromProjectSettings(string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson)) return Default;
        JsonNode? root;
        try { root = JsonNode.Parse(settingsJson); }
        catch (JsonException ex) { throw new QualityException($"project settings are not valid JSON: {ex.Message}"); }
        if (root is not JsonObject o || !o.TryGetPropertyValue("report", out var report) || report is null) return Default;
        ReportThresholds t;
        try { t = report.Deserialize<ReportThresholds>(Json) ?? Default; }
        catch (JsonException ex) { throw new QualityException($"project settings 'report' are invalid: {ex.Message}"); }
        t.Validate();
        return t;
    }

    /// <summary>projects.settings with its "report" object replaced by these thresholds; other keys are kept.</summary>
    public string MergeInto(string? settingsJson)
    {
        Validate();
        var root = string.IsNullOrWhiteSpace(settingsJson) ? new JsonObject() : JsonNode.Parse(settingsJson) as JsonObject
            ?? throw new QualityException("project settings must be a JSON object");
        root["report"] = JsonSerializer.SerializeToNode(this, Json);
        return root.ToJsonString();
    }

    public void Validate()
    {
        if (!(AlphaTentative is > -1 and <= 1) || !(AlphaGood >= AlphaTentative && AlphaGood <= 1))
            throw new QualityException("report settings: need -1 < alpha_tentative ≤ alpha_good ≤ 1");
        if (!(GoldAccuracyTarget is > 0 and <= 1)) throw new QualityException("report settings: gold_accuracy_target must be in (0, 1]");
        if (!(AnnotatorAccuracyFloor is > 0 and <= 1)) throw new QualityException("report settings: annotator_accuracy_floor must be in (0, 1]");
    }

    /// <summary>good, tentative or insufficient; undefined when α is.</summary>
    public string Verdict(double? alpha) => alpha switch
    {
        null => "undefined",
        var a when a >= AlphaGood => "good",
        var a when a >= AlphaTentative => "tentative",
        _ => "insufficient",
    };
}
