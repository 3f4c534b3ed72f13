using System.Globalization;
using System.Text;

namespace Quality.Simulation.Output;

/// <summary>The fixed text forms of values in the simulator's files: the same bytes on every machine.</summary>
public static class OutputFormat
{
    /// <summary>ISO-8601 UTC with microseconds and Z, as Label Studio writes timestamps.</summary>
    public static string Timestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO-8601 UTC to the second, for the dates of truth.json.</summary>
    public static string Instant(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds as seconds, the way Python prints a float: 12.34, 12.0.</summary>
    public static string Seconds(long milliseconds)
    {
        var whole = (milliseconds / 1000).ToString(CultureInfo.InvariantCulture);
        var fraction = milliseconds % 1000;
        return fraction == 0 ? whole + ".0" : whole + "." + fraction.ToString("D3", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>A probability to four decimals at most.</summary>
    public static string Probability(double p) => p.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Money(double amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Spans as compact JSON, sorted: [{"start":0,"end":5,"label":"PER"}].</summary>
    public static string Spans(IReadOnlyList<EntitySpan> spans)
    {
        var sb = new StringBuilder(2 + spans.Count * 40);
        sb.Append('[');
        for (var i = 0; i < spans.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"start\":").Append(spans[i].Start.ToString(CultureInfo.InvariantCulture))
                .Append(",\"end\":").Append(spans[i].End.ToString(CultureInfo.InvariantCulture))
                .Append(",\"label\":\"").Append(spans[i].Label).Append("\"}");
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Writes one CSV field, quoted (RFC 4180) only when it holds a comma, quote or line break.</summary>
    public static void CsvField(TextWriter w, string value, bool first = false)
    {
        if (!first) w.Write(',');
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            w.Write(value);
            return;
        }
        w.Write('"');
        w.Write(value.Replace("\"", "\"\""));
        w.Write('"');
    }
}
