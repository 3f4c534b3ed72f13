using System.Globalization;
using Quality.Exports;

namespace Quality.Web.Features.Shared;

/// <summary>How a column's values look on the page; the CSV and data-value attributes keep full precision.</summary>
public enum CellFormat { Text, Count, Number, Percent, PercentPoints, Seconds, Money, Date, DateTime, Flag, Code }

/// <summary>A column of a <see cref="ReportTable"/>. A range column holds <see cref="Ci"/> cells and is two CSV columns.</summary>
public sealed record ReportColumn(string Key, string Title, CellFormat Format = CellFormat.Text, string? Description = null, bool IsRange = false)
{
    public bool IsNumeric => Format is not (CellFormat.Text or CellFormat.Flag or CellFormat.Code or CellFormat.DateTime);
}

/// <summary>A confidence interval cell; null bounds when undefined.</summary>
public readonly record struct Ci(double? Lower, double? Upper);

/// <summary>A small chart in a cell; the CSV holds its numbers, space-separated.</summary>
public sealed record Spark(string Src, string Alt, IReadOnlyList<long> Values)
{
    public string Numbers => string.Join(" ", Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>A cell that links somewhere; the CSV holds the text.</summary>
public sealed record Link(string Text, string Href);

/// <summary>
/// One table of numbers as the page shows it and the CSV download writes it: built once from the analysis, so the
/// two can never differ. The first column heads each row.
/// </summary>
public sealed class ReportTable(string id, string title, IReadOnlyList<ReportColumn> columns)
{
    private readonly List<object?[]> _rows = [];
    private readonly List<string?> _keys = [];

    /// <summary>Short name used in URLs (`…/{id}.csv`) and element ids.</summary>
    public string Id { get; } = id;
    public string Title { get; } = title;
    public IReadOnlyList<ReportColumn> Columns { get; } = columns;
    public IReadOnlyList<object?[]> Rows => _rows;
    /// <summary>Each row's key (annotator, field, …) for data-key attributes; null when the row has none.</summary>
    public IReadOnlyList<string?> Keys => _keys;
    /// <summary>Shown above the table when there are no rows: what the table would hold and what to do.</summary>
    public string? EmptyText { get; init; }
    /// <summary>A sentence under the title: what the numbers mean.</summary>
    public string? Note { get; init; }

    public ReportTable Add(string? key, params object?[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"table {Id}: a row has {cells.Length} cells for {Columns.Count} columns");
        _rows.Add(cells);
        _keys.Add(key);
        return this;
    }

    /// <summary>The same rows with only the given columns, in that order (a shorter table for a summary page).</summary>
    public ReportTable Select(params string[] keys)
    {
        var index = keys.Select(IndexOf).ToArray();
        var t = new ReportTable(Id, Title, index.Select(i => Columns[i]).ToList()) { EmptyText = EmptyText, Note = Note };
        for (var r = 0; r < _rows.Count; r++) t.Add(_keys[r], index.Select(i => _rows[r][i]).ToArray());
        return t;
    }

    /// <summary>The value of a row's cell by column key (for tests and the API).</summary>
    public object? Value(int row, string column) => _rows[row][IndexOf(column)];

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Key == column) return i;
        throw new ArgumentException($"table {Id} has no column {column}");
    }

    /// <summary>The CSV: header of column keys (ranges as key_lower, key_upper), full-precision numbers.</summary>
    public void WriteCsv(TextWriter writer)
    {
        var header = new List<string>();
        foreach (var c in Columns)
        {
            if (c.IsRange) { header.Add(c.Key + "_lower"); header.Add(c.Key + "_upper"); }
            else header.Add(c.Key);
        }
        CsvExport.Write(writer, header, _rows.Select(r => (IReadOnlyList<object?>)CsvCells(r).ToList()));
    }

    private IEnumerable<object?> CsvCells(object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            switch (row[i])
            {
                case Ci r:
                    yield return r.Lower;
                    yield return r.Upper;
                    break;
                case null when Columns[i].IsRange:
                    yield return null;
                    yield return null;
                    break;
                case Link l:
                    yield return l.Text;
                    break;
                case Spark sp:
                    yield return sp.Numbers;
                    break;
                default:
                    yield return row[i];
                    break;
            }
        }
    }

    /// <summary>The cell as the page shows it.</summary>
    public static string Display(object? value, CellFormat format) => value switch
    {
        null => "—",
        Link l => l.Text,
        Spark sp => sp.Numbers,
        Ci r => r.Lower is null || r.Upper is null ? "—" : $"{Display(r.Lower, format)} – {Display(r.Upper, format)}",
        bool b => format == CellFormat.Flag ? (b ? "yes" : "") : b ? "yes" : "no",
        DateTime d => format == CellFormat.DateTime ? Fmt.DateTime(d) : Fmt.Date(d),
        // A long identifier (a hash) shows its start; the page's title attribute and the CSV hold all of it.
        string s when format == CellFormat.Code && s.Length > 12 => s[..12] + "…",
        string s => s,
        _ when format == CellFormat.Count => Fmt.Count(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        _ when format == CellFormat.Percent => Fmt.Percent(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ when format == CellFormat.PercentPoints => Fmt.Change(Convert.ToDouble(value, CultureInfo.InvariantCulture), share: true),
        _ when format == CellFormat.Seconds => Fmt.Seconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ when format == CellFormat.Money => Fmt.Money(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        double d => Fmt.Number(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The machine value for data-value (sorting, tests): full precision, invariant.</summary>
    public static string? Raw(object? value) => value switch
    {
        null => null,
        Link l => l.Text,
        Spark sp => sp.Numbers,
        Ci r => r.Lower is { } lo ? lo.ToString("R", CultureInfo.InvariantCulture) : null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>A table placed on a page, with where its CSV downloads from.</summary>
public sealed record TableView(ReportTable Table, string CsvHref, int HeadingLevel = 3);
