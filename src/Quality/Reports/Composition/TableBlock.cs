using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>A table laid out row by row: one piece per row, the header piece repeated on continuation pages.</summary>
internal sealed class TableBlock(TableBuilder table) : Block
{
    public override BlockLayout Layout(LayoutContext context, float width)
    {
        if (table.Columns.Count == 0) throw new InvalidOperationException("a table needs at least one column");
        var theme = context.Theme;
        var widths = ColumnWidths(width);
        var pad = table.CellPadding;
        var body = new TextStyle(ReportFont.Regular, table.FontSize, theme.Text);
        var headerStyle = body.AsBold();

        var header = Row(context, table.Columns.Select(c => c.Header).ToArray(), widths, headerStyle, pad, (c, rect) =>
        {
            Drawing.FillRect(c.Canvas, rect, theme.TableHeaderFill);
            Drawing.HorizontalRule(c.Canvas, rect.Left, rect.Right, rect.Bottom, theme.Muted, 0.8f);
        });
        var pieces = new List<Piece> { header };
        for (var r = 0; r < table.RowCells.Count; r++)
        {
            var shaded = table.Zebra && r % 2 == 1;
            pieces.Add(Row(context, table.RowCells[r], widths, body, pad, (c, rect) =>
            {
                if (shaded) Drawing.FillRect(c.Canvas, rect, theme.ZebraFill);
                if (table.Rules) Drawing.HorizontalRule(c.Canvas, rect.Left, rect.Right, rect.Bottom, theme.Rule, 0.4f);
            }));
        }
        return new BlockLayout
        {
            Pieces = pieces,
            SpaceBefore = theme.BlockSpacing,
            SpaceAfter = theme.BlockSpacing + 3,
            KeepFirst = 2,
            KeepLast = 2,
            RepeatOnNewPage = header,
        };
    }

    private float[] ColumnWidths(float width)
    {
        var fixedTotal = table.Columns.Where(c => !c.Width.IsRelative).Sum(c => c.Width.Value);
        var weights = table.Columns.Where(c => c.Width.IsRelative).Sum(c => c.Width.Value);
        var free = width - fixedTotal;
        if (free < 0 || (weights > 0 && free < 1))
            throw new InvalidOperationException($"the table's fixed columns ({fixedTotal:F0} pt) do not fit the {width:F0} pt column");
        return [.. table.Columns.Select(c => c.Width.IsRelative ? free * c.Width.Value / weights : c.Width.Value)];
    }

    private Piece Row(LayoutContext context, string[] cells, float[] widths, TextStyle style, float pad, Action<DrawContext, SKRect> background)
    {
        var wrapped = new List<TextLine>[cells.Length];
        var height = 0f;
        for (var i = 0; i < cells.Length; i++)
        {
            wrapped[i] = TextLayout.Wrap([new TextRun(cells[i], style)], widths[i] - 2 * pad, context.Fonts, 1.25f, style);
            height = Math.Max(height, TextLayout.Height(wrapped[i]));
        }
        height += 2 * pad;
        return new Piece(height, (c, x, y, w) =>
        {
            background(c, new SKRect(x, y, x + widths.Sum(), y + height));
            var cx = x;
            for (var i = 0; i < cells.Length; i++)
            {
                var top = y + pad;
                foreach (var line in wrapped[i])
                {
                    TextLayout.DrawLine(c, line, cx + pad, top, widths[i] - 2 * pad, table.Columns[i].Align);
                    top += line.Height;
                }
                cx += widths[i];
            }
        });
    }
}
