using System.Globalization;
using System.Text;

namespace Quality.Exports;

/// <summary>
/// Writes tables as RFC 4180 CSV that is safe to open in a spreadsheet: every exported table (review queue, cost
/// tables, dashboard downloads) goes through here so that quoting and formula-injection escaping are done once.
/// </summary>
/// <remarks>
/// Text cells that a spreadsheet would run as a formula — starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// or a tab or carriage return, which some spreadsheets strip before parsing (OWASP's list) — get a leading
/// apostrophe. Numbers are not text: a number cell is written in invariant culture and never escaped, so a
/// negative number stays a number. Dates are ISO 8601 UTC. A null cell is empty.
/// </remarks>
public static class CsvExport
{
    /// <summary>UTF-8 with a byte-order mark: without it Excel reads UTF-8 as the system code page.</summary>
    public static Encoding FileEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes the header and rows to <paramref name="writer"/>, lines ended by CRLF (RFC 4180).</summary>
    /// <param name="rows">Cells may be string, any integer or floating type, decimal, bool, DateTime or null.</param>
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        WriteLine(writer, header.Select(h => (object?)h).ToList());
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
                throw new ArgumentException($"a row has {row.Count} cells but the header has {header.Count}", nameof(rows));
            WriteLine(writer, row);
        }
    }

    /// <summary>Writes a file with <see cref="FileEncoding"/>, replacing it when it exists.</summary>
    public static void WriteFile(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var writer = new StreamWriter(path, append: false, FileEncoding);
        Write(writer, header, rows);
    }

    /// <summary>The cell as it appears in the file: formatted, escaped against formulas, and quoted when needed.</summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => NeutraliseFormula(s),
            bool b => b ? "true" : "false",
            DateTime d => FormatDate(d),
            double d => FormatDouble(d),
            float f => FormatDouble(f),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => NeutraliseFormula(value.ToString() ?? ""),
        };
        return NeedsQuotes(text) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>The text with a leading apostrophe when a spreadsheet would read it as a formula.</summary>
    public static string NeutraliseFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static void WriteLine(TextWriter writer, IReadOnlyList<object?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Cell(cells[i]));
        }
        writer.Write("\r\n");
    }

    private static string FormatDouble(double d)
    {
        // NaN and infinities are not numbers a spreadsheet reads; our statistics never produce them (null instead).
        if (!double.IsFinite(d)) throw new ArgumentOutOfRangeException(nameof(d), d, "CSV cells take finite numbers; pass null for an undefined value");
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string FormatDate(DateTime d)
    {
        if (d.Kind == DateTimeKind.Local) throw new ArgumentException("dates are exported in UTC; got a local time", nameof(d));
        return d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    private static bool NeedsQuotes(string text)
    {
        foreach (var c in text)
            if (c is ',' or '"' or '\r' or '\n') return true;
        return text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
    }
}
