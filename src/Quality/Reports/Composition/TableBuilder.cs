namespace Quality.Reports.Composition;

/// <summary>A column width: fixed in points, or a relative share of what fixed columns leave.</summary>
public readonly record struct ColumnWidth(float Value, bool IsRelative)
{
    public static ColumnWidth Fixed(float points) => new(points, false);

    public static ColumnWidth Relative(float weight = 1) => new(weight, true);
}

/// <summary>Defines a table: columns (header text, width, alignment), rows of cell text, and its look.</summary>
/// <remarks>
/// Cells wrap inside their column. A row is never split; the table splits between rows, repeats the header row
/// at the top of every page it continues on, and never leaves the header alone at the bottom of a page.
/// </remarks>
public sealed class TableBuilder
{
    private readonly List<TableColumn> columns = [];
    private readonly List<string[]> rows = [];

    internal TableBuilder(ReportTheme theme) => FontSize = theme.BodySize * 0.85f;

    internal IReadOnlyList<TableColumn> Columns => columns;

    internal IReadOnlyList<string[]> RowCells => rows;

    /// <summary>Body and header text size in points.</summary>
    public float FontSize { get; set; }

    /// <summary>Space between a cell's border and its text, in points.</summary>
    public float CellPadding { get; set; } = 3.5f;

    /// <summary>Shade every second row.</summary>
    public bool Zebra { get; set; } = true;

    /// <summary>Draw a hairline under every row.</summary>
    public bool Rules { get; set; } = true;

    /// <summary>Adds a column; numeric columns should be right-aligned so digits line up.</summary>
    public TableBuilder Column(string header, ColumnWidth width, TextAlign align = TextAlign.Left)
    {
        if (rows.Count > 0) throw new InvalidOperationException("declare every column before adding rows");
        if (width.Value <= 0) throw new ArgumentOutOfRangeException(nameof(width), "a column width must be positive");
        columns.Add(new TableColumn(header, width, align));
        return this;
    }

    /// <summary>Adds a row: one text per column.</summary>
    public TableBuilder Row(params string[] cells)
    {
        if (cells.Length != columns.Count)
            throw new ArgumentException($"the row has {cells.Length} cells but the table has {columns.Count} columns", nameof(cells));
        rows.Add(cells);
        return this;
    }
}

/// <summary>A declared table column.</summary>
internal sealed record TableColumn(string Header, ColumnWidth Width, TextAlign Align);
