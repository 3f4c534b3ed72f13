using System.Text.Json;
using System.Text.Json.Nodes;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Api;

/// <summary>
/// A <see cref="ReportTable"/> as JSON: one object per row keyed by column key (snake_case, as the CLI writes),
/// full-precision numbers, intervals as [lower, upper], null where undefined. The API and the page share the table.
/// </summary>
public static class TableJson
{
    public static JsonArray Rows(ReportTable table)
    {
        var rows = new JsonArray();
        foreach (var row in table.Rows)
        {
            var o = new JsonObject();
            for (var i = 0; i < row.Length; i++) o[table.Columns[i].Key] = Node(row[i]);
            rows.Add(o);
        }
        return rows;
    }

    public static JsonNode? Node(object? value) => value switch
    {
        null => null,
        Link l => l.Text,
        Spark s => new JsonArray(s.Values.Select(v => (JsonNode?)v).ToArray()),
        Ci r => r.Lower is { } lo && r.Upper is { } hi ? new JsonArray(lo, hi) : null,
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        string s => s,
        bool b => b,
        int n => n,
        long n => n,
        double d => double.IsFinite(d) ? d : null,
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>A JSON response body written the way the CLI writes (no indentation, UTF-8, invariant numbers).</summary>
    public static string Write(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
