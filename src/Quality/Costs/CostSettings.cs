using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Costs;

/// <summary>
/// A project's defaults for the cost model, kept in <c>projects.settings</c> (JSON) under the key <c>"cost"</c>;
/// other keys of the settings document are left as they are.
/// </summary>
public sealed record CostSettings
{
    /// <summary>USD, EUR, …: the currency of annotators who have none of their own.</summary>
    public string DefaultCurrency { get; init; } = "USD";

    /// <summary>Hourly rate of annotators who have neither a rate nor a price per label; null = their cost is unknown.</summary>
    public double? DefaultHourlyRate { get; init; }

    /// <summary>A fixed lead-time cap in seconds. When set it wins over <see cref="LeadTimeCapPercentile"/>.</summary>
    public double? LeadTimeCapSeconds { get; init; }

    /// <summary>
    /// Cap each answer's lead time at this quantile (0–1, linear interpolation) of all the project's answer lead times,
    /// so a task left open overnight is not billed as a night's work. Null (with no fixed cap) = no cap.
    /// </summary>
    public double? LeadTimeCapPercentile { get; init; } = 0.99;

    /// <summary>The consensus accuracy the redundancy curve's recommended k must reach.</summary>
    public double TargetAccuracy { get; init; } = 0.95;

    /// <summary>Gold answers an annotator needs before their gold accuracy, not the Dawid–Skene estimate, is their quality.</summary>
    public int MinGoldAnswers { get; init; } = 10;

    /// <summary>Throws <see cref="QualityException"/> naming the first setting that cannot be used.</summary>
    public void Validate()
    {
        if (!IsCurrency(DefaultCurrency)) throw new QualityException($"default currency '{DefaultCurrency}' is not a three-letter code such as USD");
        if (DefaultHourlyRate is { } r && !(double.IsFinite(r) && r >= 0)) throw new QualityException("the default hourly rate must be a non-negative amount");
        if (LeadTimeCapSeconds is { } s && !(double.IsFinite(s) && s > 0)) throw new QualityException("the lead-time cap must be a positive number of seconds");
        if (LeadTimeCapPercentile is { } p && !(p > 0 && p <= 1)) throw new QualityException("the lead-time cap percentile must be in (0, 1]");
        if (!(TargetAccuracy > 0 && TargetAccuracy <= 1)) throw new QualityException("the target accuracy must be in (0, 1]");
        if (MinGoldAnswers < 1) throw new QualityException("the minimum number of gold answers must be at least 1");
    }

    /// <summary>How the lead-time cap is chosen, in words, for reports.</summary>
    public string CapRule => LeadTimeCapSeconds is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"fixed at {s} s")
        : LeadTimeCapPercentile is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"percentile {p} of the project's answer lead times")
            : "none";

    internal static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    /// <summary>The project's settings; the defaults for keys it does not set. Throws when the project does not exist.</summary>
    public static CostSettings Load(DuckDBConnection connection, int projectId)
    {
        var rows = connection.Query("SELECT settings FROM projects WHERE project_id = $pid", r => r.StringOrNull(0), ("pid", projectId));
        if (rows.Count == 0) throw new QualityException($"there is no project with id {projectId}");
        return FromSettingsJson(rows[0]);
    }

    /// <summary>Stores the settings in an existing project, keeping the settings document's other keys.</summary>
    public static void Save(QualityDatabase database, string project, CostSettings settings)
    {
        settings.Validate();
        using var c = database.Open();
        Migrator.Apply(c);
        using var tx = c.BeginTransaction();
        var rows = c.Query("SELECT settings FROM projects WHERE name = $name", r => r.StringOrNull(0), ("name", project));
        if (rows.Count == 0) throw new QualityException($"there is no project '{project}'");
        c.Execute("UPDATE projects SET settings = $s WHERE name = $name", ("s", WithCost(rows[0], settings)), ("name", project));
        tx.Commit();
    }

    internal static CostSettings FromSettingsJson(string? json)
    {
        var defaults = new CostSettings();
        if (string.IsNullOrWhiteSpace(json)) return defaults;
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException ex) { throw new QualityException("the project's settings are not valid JSON: " + ex.Message, ex); }
        if (root is not JsonObject o || o["cost"] is not JsonObject cost) return defaults;
        try
        {
            var settings = new CostSettings
            {
                DefaultCurrency = cost["default_currency"]?.GetValue<string>() ?? defaults.DefaultCurrency,
                DefaultHourlyRate = cost["default_hourly_rate"]?.GetValue<double>(),
                LeadTimeCapSeconds = cost["lead_time_cap_seconds"]?.GetValue<double>(),
                LeadTimeCapPercentile = cost.ContainsKey("lead_time_cap_percentile")
                    ? cost["lead_time_cap_percentile"]?.GetValue<double>() : defaults.LeadTimeCapPercentile,
                TargetAccuracy = cost["target_accuracy"]?.GetValue<double>() ?? defaults.TargetAccuracy,
                MinGoldAnswers = cost["min_gold_answers"]?.GetValue<int>() ?? defaults.MinGoldAnswers,
            };
            settings.Validate();
            return settings;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new QualityException("the project's cost settings have a value of the wrong type: " + ex.Message, ex);
        }
    }

    internal static string WithCost(string? settingsJson, CostSettings s)
    {
        var root = string.IsNullOrWhiteSpace(settingsJson) ? new JsonObject() : JsonNode.Parse(settingsJson) as JsonObject ?? new JsonObject();
        // A null percentile is stored explicitly: it means "no cap", which differs from the key being absent (the default).
        root["cost"] = new JsonObject
        {
            ["default_currency"] = s.DefaultCurrency,
            ["default_hourly_rate"] = s.DefaultHourlyRate,
            ["lead_time_cap_seconds"] = s.LeadTimeCapSeconds,
            ["lead_time_cap_percentile"] = s.LeadTimeCapPercentile,
            ["target_accuracy"] = s.TargetAccuracy,
            ["min_gold_answers"] = s.MinGoldAnswers,
        };
        return root.ToJsonString();
    }
}
