using System.Text.Json;
using DuckDB.NET.Data;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Analytics.Input;

/// <summary>A project field's answers as it is stored (kind and category order), with the ratings and gold coded.</summary>
public sealed record ProjectField(int FieldId, string Name, FieldKind Kind, IReadOnlyList<string> Categories, FieldRatings Data);

/// <summary>Optional slice of a project: a time window on created_at (UTC, end exclusive) and a set of annotators.</summary>
public sealed record RatingFilter(DateTime? From = null, DateTime? To = null, IReadOnlyList<string>? Annotators = null)
{
    public static RatingFilter None { get; } = new();
}

/// <summary>Loads a project's categorical fields from DuckDB into <see cref="RatingSet"/>s; ids are coded in SQL order.</summary>
public static class ProjectRatings
{
    public static int? ProjectId(DuckDBConnection c, string project) =>
        c.Scalar("SELECT project_id FROM projects WHERE name = $name", ("name", project)) is { } v
            ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Every categorical field (nominal, ordinal; numeric with few values), or just <paramref name="fieldName"/>.</summary>
    public static IReadOnlyList<ProjectField> Load(DuckDBConnection c, int projectId, string? fieldName = null, RatingFilter? filter = null)
    {
        filter ??= RatingFilter.None;
        var fields = c.Query(
            "SELECT field_id, name, kind, categories FROM fields WHERE project_id = $pid AND ($name IS NULL OR name = $name) ORDER BY field_id",
            r => (Id: r.GetInt32(0), Name: r.GetString(1), Kind: FieldKinds.Parse(r.GetString(2)),
                  Categories: r.StringOrNull(3) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : []),
            ("pid", projectId), ("name", fieldName));
        if (fieldName is not null && fields.Count == 0)
            throw new QualityException($"the project has no field '{fieldName}'");

        var result = new List<ProjectField>();
        foreach (var f in fields.Where(f => f.Kind is FieldKind.Nominal or FieldKind.Ordinal or FieldKind.Numeric))
        {
            var data = LoadField(c, projectId, f.Id, f.Name, f.Kind, f.Categories, filter);
            if (data.Ratings.Count > 0) result.Add(new ProjectField(f.Id, f.Name, f.Kind, f.Categories, data));
        }
        return result;
    }

    private static FieldRatings LoadField(DuckDBConnection c, int pid, int fieldId, string name, FieldKind kind, List<string> categories, RatingFilter filter)
    {
        var labelCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelNames = new List<string>();
        foreach (var cat in categories) Intern(labelCode, labelNames, cat);

        var itemCode = new Dictionary<long, int>();
        var itemNames = new List<string>();
        var raterCode = new Dictionary<int, int>();
        var raterNames = new List<string>();
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();

        using (var cmd = c.Command(
            """
            SELECT a.item_id, i.external_key, a.annotator_id, n.external_key, a.value
            FROM annotations a
            JOIN items i ON i.item_id = a.item_id AND i.project_id = a.project_id
            JOIN annotators n ON n.annotator_id = a.annotator_id
            WHERE a.project_id = $pid AND a.field_id = $fid AND a.value IS NOT NULL
              AND ($from IS NULL OR a.created_at >= $from) AND ($to IS NULL OR a.created_at < $to)
              AND ($annotators IS NULL OR list_contains($annotators, n.external_key))
            ORDER BY a.item_id, a.annotator_id
            """,
            ("pid", pid), ("fid", fieldId), ("from", filter.From), ("to", filter.To),
            ("annotators", filter.Annotators is { Count: > 0 } list ? list.ToArray() : null)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var itemId = r.GetInt64(0);
                if (!itemCode.TryGetValue(itemId, out var ic))
                {
                    itemCode[itemId] = ic = itemNames.Count;
                    itemNames.Add(r.GetString(1));
                }
                var raterId = r.GetInt32(2);
                if (!raterCode.TryGetValue(raterId, out var rc))
                {
                    raterCode[raterId] = rc = raterNames.Count;
                    raterNames.Add(r.GetString(3));
                }
                items.Add(ic);
                raters.Add(rc);
                labels.Add(Intern(labelCode, labelNames, r.GetString(4)));
            }
        }

        var gold = new int[itemNames.Count];
        Array.Fill(gold, -1);
        var goldRows = c.Query(
            "SELECT g.item_id, g.value FROM gold g WHERE g.project_id = $pid AND g.field_id = $fid AND g.value IS NOT NULL",
            r => (Item: r.GetInt64(0), Value: r.GetString(1)), ("pid", pid), ("fid", fieldId));
        foreach (var (item, value) in goldRows)
            if (itemCode.TryGetValue(item, out var ic)) gold[ic] = Intern(labelCode, labelNames, value);

        var ordered = kind is FieldKind.Ordinal or FieldKind.Numeric;
        double[]? values = labelNames.All(IsNumber) && labelNames.Count > 0
            ? labelNames.Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : null;
        // Numeric labels the field did not list in order are put in numeric order so codes follow values.
        if (values is not null && ordered)
        {
            var order = Enumerable.Range(0, values.Length).OrderBy(k => values[k]).ToArray();
            var position = new int[order.Length];
            for (var k = 0; k < order.Length; k++) position[order[k]] = k;
            for (var k = 0; k < labels.Count; k++) labels[k] = position[labels[k]];
            for (var k = 0; k < gold.Length; k++) if (gold[k] >= 0) gold[k] = position[gold[k]];
            labelNames = order.Select(k => labelNames[k]).ToList();
            values = order.Select(k => values[k]).ToArray();
        }
        var set = new RatingSet(items.ToArray(), raters.ToArray(), labels.ToArray(), itemNames, raterNames, labelNames, ordered, values);
        return new FieldRatings(name, set, gold);
    }

    private static int Intern(Dictionary<string, int> map, List<string> names, string key)
    {
        if (!map.TryGetValue(key, out var code))
        {
            map[key] = code = names.Count;
            names.Add(key);
        }
        return code;
    }

    private static bool IsNumber(string s) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);
}
