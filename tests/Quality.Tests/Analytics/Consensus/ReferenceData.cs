using System.Globalization;
using System.Text.Json;
using Quality.Analytics;
using Quality.Analytics.Consensus;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Consensus;

/// <summary>Loads the shared reference datasets, oracle records and per-item result files (skipping when absent).</summary>
internal static class ReferenceData
{
    private static readonly string[] Groups = ["published", "synthetic", "real"];

    /// <summary>The dataset's answers, and its gold codes when it has a gold file.</summary>
    public static (RatingSet Set, int[]? Gold) Load(string dataset)
    {
        var root = TestPaths.Shared("reference");
        var group = Groups.FirstOrDefault(g => File.Exists(Path.Combine(root, g, dataset + ".long.csv")));
        Skip.If(group is null, $"{dataset}.long.csv is not in this copy of ../shared/reference");
        var builder = new RatingSetBuilder();
        foreach (var row in ReadCsv(Path.Combine(root, group!, dataset + ".long.csv")))
            builder.Add(row["item"], row["annotator"], row["label"]);
        var set = builder.Build();
        var goldPath = Path.Combine(root, group!, dataset + ".gold.csv");
        int[]? gold = null;
        if (File.Exists(goldPath))
            gold = GoldLabels.Codes(set, ReadCsv(goldPath).Select(r => KeyValuePair.Create(r["item"], r["gold"])));
        return (set, gold);
    }

    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            return header.Select((h, i) => (h, cells[i])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal);
        }).ToList();
    }

    public static List<Dictionary<string, string>> Results(params string[] parts) =>
        ReadCsv(TestPaths.Shared(["reference", "results", .. parts]));

    /// <summary>Oracle records for a dataset and metric (and level, when given).</summary>
    public static List<JsonElement> Oracle(string dataset, string metric, string? level = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Shared("reference", "oracle.json")));
        return doc.RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("dataset").GetString() == dataset && r.GetProperty("metric").GetString() == metric)
            .Where(r => level is null || (r.TryGetProperty("level", out var l) && l.ValueKind == JsonValueKind.String && l.GetString() == level))
            .Select(r => r.Clone())
            .ToList();
    }

    public static double Value(JsonElement record) => record.GetProperty("value").GetDouble();

    public static string Param(JsonElement record, string name)
    {
        var p = record.GetProperty("params").GetProperty(name);
        return p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetRawText();
    }

    public static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int ItemCode(RatingSet set, string name)
    {
        for (var i = 0; i < set.ItemCount; i++) if (set.ItemNames[i] == name) return i;
        throw new KeyNotFoundException(name);
    }

    public static int LabelCode(RatingSet set, string name)
    {
        for (var l = 0; l < set.LabelCount; l++) if (set.LabelNames[l] == name) return l;
        throw new KeyNotFoundException(name);
    }
}
