using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Quality.Tests.Simulation;

/// <summary>Reads the simulator's files back the way an importer would, independently of the writer's code.</summary>
public static class SimulationFiles
{
    /// <summary>RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    public static List<string[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields.ToArray());
                fields.Clear();
            }
            else field.Append(c);
        }
        Assert.True(field.Length == 0 && fields.Count == 0, $"{path} does not end with a newline");
        return records;
    }

    /// <summary>Rows of a CSV as header-keyed dictionaries.</summary>
    public static List<Dictionary<string, string>> ReadCsvRows(string path)
    {
        var records = ReadCsv(path);
        var header = records[0];
        return records.Skip(1).Select(r =>
        {
            Assert.Equal(header.Length, r.Length);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }

    /// <summary>Spans from the CSV's JSON form.</summary>
    public static List<(int Start, int End, string Label)> ParseSpans(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32(), e.GetProperty("label").GetString()!))
            .ToList();
    }

    /// <summary>The substring between two code-point offsets, computed from runes.</summary>
    public static string CodePointSlice(string text, int start, int end) =>
        string.Concat(text.EnumerateRunes().Skip(start).Take(end - start).Select(r => r.ToString()));

    public static int CodePointLength(string text) => text.EnumerateRunes().Count();

    public static DateTime ParseTimestamp(string s) =>
        DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static DateTime ParseInstant(string s) =>
        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Binomial tolerance: four standard errors of a proportion p over n trials, plus a fixed slack for the
    /// difference between the realised and the expected class mix. Four σ fails by chance about once in
    /// 16,000 checks, so a failure means the generator disagrees with its truth.
    /// </summary>
    public static double Tolerance(double p, int n, double slack = 0.01) => 4 * Math.Sqrt(p * (1 - p) / n) + slack;
}
