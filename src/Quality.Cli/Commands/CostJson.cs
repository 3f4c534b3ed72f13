using System.Text.Json;
using System.Text.Json.Nodes;
using Quality.Analytics.Intervals;
using Quality.Analytics.Redundancy;
using Quality.Costs;

namespace Quality.Cli.Commands;

/// <summary>The JSON of `quality cost` (documented in docs/cli.md): snake_case keys, null with a reason for undefined values.</summary>
internal static class CostJson
{
    public static string Write(CostReport report)
    {
        var s = report.Settings;
        var root = new JsonObject
        {
            ["project"] = report.Project,
            ["settings"] = new JsonObject
            {
                ["default_currency"] = s.DefaultCurrency,
                ["default_hourly_rate"] = s.DefaultHourlyRate,
                ["lead_time_cap_rule"] = report.Costs.CapRule,
                ["lead_time_cap_s"] = report.Costs.LeadTimeCapSeconds,
                ["target_accuracy"] = s.TargetAccuracy,
                ["min_gold_answers"] = s.MinGoldAnswers,
            },
            ["fields"] = new JsonArray(report.Fields.Select(Field).ToArray<JsonNode?>()),
            ["overall"] = report.Overall is { } o ? Table(o) : null,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Field(FieldCostReport f)
    {
        var node = Table(f.Table);
        node.Insert(0, "field", f.Field);
        node["redundancy"] = Redundancy(f.Redundancy, f.CostPerAnswer);
        return node;
    }

    private static JsonObject Table(CostQualityTable t) => new()
    {
        ["annotators"] = new JsonArray(t.Annotators.Select(Annotator).ToArray<JsonNode?>()),
        ["pools"] = new JsonArray(t.Pools.Select(Pool).ToArray<JsonNode?>()),
    };

    private static JsonObject Annotator(AnnotatorCostQuality a)
    {
        var node = new JsonObject
        {
            ["annotator"] = a.Annotator,
            ["pool"] = a.Pool,
            ["currency"] = a.Cost.Currency,
            ["cost_basis"] = Snake(a.Cost.Basis.ToString()),
            ["annotations"] = a.Annotations,
            ["cost"] = a.Cost.Cost,
            ["cost_per_annotation"] = a.CostPerAnnotation,
            ["cost_reason"] = a.Cost.Reason,
            ["billed_hours"] = a.Cost.Hours,
            ["capped_answers"] = a.Cost.CappedAnswers,
            ["imputed_lead_times"] = a.Cost.ImputedLeadTimes,
        };
        AddAccuracy(node, a.Accuracy, a.AgreementWithConsensus);
        node["chance_accuracy"] = a.ChanceQuality;
        node["model_accuracy"] = a.Counts.ModelAccuracy;
        node["quality"] = a.Quality;
        node["quality_source"] = Snake(a.Source.ToString());
        node["above_chance"] = a.AboveChance;
        node["correct_labels"] = a.CorrectLabels;
        node["cost_per_correct_label"] = a.CostPerCorrectLabel;
        node["cost_per_correct_label_reason"] = a.CostPerCorrectLabelReason;
        node["on_frontier"] = a.OnFrontier;
        node["frontier_reason"] = a.FrontierReason;
        return node;
    }

    private static JsonObject Pool(PoolCostQuality p)
    {
        var node = new JsonObject
        {
            ["pool"] = p.Pool,
            ["annotators"] = new JsonArray(p.Annotators.Select(a => (JsonNode?)a).ToArray()),
            ["annotations"] = p.Annotations,
            ["currency"] = p.Currency,
            ["cost"] = p.Cost,
            ["cost_per_annotation"] = p.CostPerAnnotation,
            ["cost_reason"] = p.CostReason,
        };
        AddAccuracy(node, p.Accuracy, p.AgreementWithConsensus);
        node["correct_labels"] = p.CorrectLabels;
        node["cost_per_correct_label"] = p.CostPerCorrectLabel;
        node["cost_per_correct_label_reason"] = p.CostPerCorrectLabelReason;
        return node;
    }

    private static JsonObject Redundancy(RedundancyResult r, double? costPerAnswer) => new()
    {
        ["gold_items"] = r.GoldItems,
        ["gold_items_used"] = r.GoldItemsUsed,
        ["resamples"] = r.Resamples,
        ["cost_per_answer"] = costPerAnswer,
        ["cost_reason"] = r.CostReason,
        ["dawid_skene_reason"] = r.DawidSkeneReason,
        ["reason"] = r.Reason,
        ["curve"] = new JsonArray(r.Points.Select(p => (JsonNode?)new JsonObject
        {
            ["k"] = p.K,
            ["items"] = p.Items,
            ["mv_accuracy"] = p.MajorityVote.Mean,
            ["mv_ci95"] = Bounds(p.MajorityVote),
            ["ds_accuracy"] = p.DawidSkene?.Mean,
            ["ds_ci95"] = p.DawidSkene is { } d ? Bounds(d) : null,
            ["cost_per_item"] = p.CostPerItem,
        }).ToArray()),
        ["recommended_k"] = new JsonObject
        {
            ["target"] = r.TargetAccuracy,
            ["majority_vote"] = Recommended(r.MajorityVote),
            ["dawid_skene"] = r.DawidSkene is { } ds ? Recommended(ds) : null,
        },
    };

    private static JsonObject Recommended(RecommendedK k) => new()
    {
        ["k"] = k.K,
        ["conservative_k"] = k.ConservativeK,
        ["reason"] = k.Reason,
    };

    private static JsonArray Bounds(EstimatedAccuracy e) => [e.Lower, e.Upper];

    /// <summary>Gold accuracy with its interval and counts (so a reader can re-derive it), and agreement with consensus.</summary>
    private static void AddAccuracy(JsonObject node, WilsonInterval accuracy, Proportion agreement)
    {
        node["accuracy"] = accuracy.Estimate;
        node["accuracy_ci95"] = accuracy.Lower is { } lo && accuracy.Upper is { } hi ? new JsonArray(lo, hi) : null;
        node["gold_correct"] = accuracy.Successes;
        node["gold_answers"] = accuracy.Trials;
        node["accuracy_reason"] = accuracy.Reason;
        node["agreement_with_consensus"] = agreement.Value;
        node["consensus_agreed"] = agreement.Successes;
        node["consensus_compared"] = agreement.Trials;
    }

    /// <summary>"HourlyRate" → "hourly_rate".</summary>
    public static string Snake(string pascal) => JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
