using System.Text.Json;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Analytics.Drift;

/// <summary>Reads a project's choice fields from DuckDB with the time of every answer, for drift detection.</summary>
public static class DriftInput
{
    /// <summary>A numeric field with more distinct answers than this is a measurement, not a choice: it is skipped.</summary>
    public const int MaxNumericLabels = 20;

    /// <summary>
    /// Every nominal, ordinal and (few-valued) numeric field of the project. Answers without a time cannot be placed
    /// in a stream; they are left out and counted in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<FieldAnswers> Load(DuckDBConnection c, int projectId, List<string> notes)
    {
        var fields = c.Query(
            "SELECT field_id, name, categories FROM fields WHERE project_id = $pid AND kind IN ('nominal', 'ordinal', 'numeric') ORDER BY field_id",
            r => (Id: r.GetInt32(0), Name: r.GetString(1),
                  Categories: r.StringOrNull(2) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : []),
            ("pid", projectId));
        var result = new List<FieldAnswers>();
        foreach (var f in fields)
        {
            var untimed = c.ScalarLong(
                "SELECT count(*) FROM annotations WHERE project_id = $pid AND field_id = $fid AND value IS NOT NULL AND created_at IS NULL",
                ("pid", projectId), ("fid", f.Id));
            if (untimed > 0) notes.Add($"{f.Name}: {untimed} answers have no time and are left out of drift detection");
            var field = LoadField(c, projectId, f.Id, f.Name, f.Categories);
            if (field is null) continue;
            if (field.Ratings.LabelCount > MaxNumericLabels && f.Categories.Count == 0)
            {
                notes.Add($"{f.Name}: {field.Ratings.LabelCount} distinct answers; treated as a measurement and skipped");
                continue;
            }
            result.Add(field);
        }
        return result;
    }

    private static FieldAnswers? LoadField(DuckDBConnection c, int projectId, int fieldId, string name, List<string> categories)
    {
        var itemCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemNames = new List<string>();
        var raterCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var raterNames = new List<string>();
        var labelCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelNames = new List<string>();
        foreach (var category in categories) RatingSetBuilder.Intern(labelCode, labelNames, category);
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        var ticks = new List<long>();
        using (var cmd = c.Command(
            """
            SELECT i.external_key, n.external_key, a.value, a.created_at
            FROM annotations a
            JOIN items i ON i.item_id = a.item_id AND i.project_id = a.project_id
            JOIN annotators n ON n.annotator_id = a.annotator_id
            WHERE a.project_id = $pid AND a.field_id = $fid AND a.value IS NOT NULL AND a.created_at IS NOT NULL
            ORDER BY a.created_at, i.external_key, n.external_key
            """, ("pid", projectId), ("fid", fieldId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                items.Add(RatingSetBuilder.Intern(itemCode, itemNames, r.GetString(0)));
                raters.Add(RatingSetBuilder.Intern(raterCode, raterNames, r.GetString(1)));
                labels.Add(RatingSetBuilder.Intern(labelCode, labelNames, r.GetString(2)));
                ticks.Add(r.GetDateTime(3).Ticks);
            }
        }
        if (items.Count == 0) return null;

        var gold = new int[itemNames.Count];
        Array.Fill(gold, -1);
        var goldRows = c.Query(
            """
            SELECT i.external_key, g.value FROM gold g
            JOIN items i ON i.item_id = g.item_id AND i.project_id = g.project_id
            WHERE g.project_id = $pid AND g.field_id = $fid AND g.value IS NOT NULL
            ORDER BY g.import_id
            """,
            r => (Item: r.GetString(0), Value: r.GetString(1)), ("pid", projectId), ("fid", fieldId));
        // A later import's gold wins (rows come in import order).
        foreach (var (item, value) in goldRows)
            if (itemCode.TryGetValue(item, out var i)) gold[i] = RatingSetBuilder.Intern(labelCode, labelNames, value);

        var set = new RatingSet(items.ToArray(), raters.ToArray(), labels.ToArray(), itemNames, raterNames, labelNames);
        return new FieldAnswers(name, set, ticks.ToArray(), gold);
    }
}
