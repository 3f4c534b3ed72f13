using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>One headline number for an executive summary: what it is, the value, its interval and a short note.</summary>
public sealed record KeyFigure(string Label, string Value, string? Interval = null, string? Note = null);

/// <summary>Key figures as boxes side by side, at most <paramref name="perRow"/> to a row; each row is one piece.</summary>
internal sealed class KeyFiguresBlock(IReadOnlyList<KeyFigure> figures, int perRow) : Block
{
    private const float Gutter = 10f;
    private const float Pad = 9f;
    private const float Bar = 3f;

    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var theme = context.Theme;
        var labelStyle = new TextStyle(ReportFont.Regular, theme.BodySize * 0.85f, theme.Muted);
        var valueStyle = new TextStyle(ReportFont.Bold, theme.BodySize * 2.2f, theme.Accent);
        var intervalStyle = new TextStyle(ReportFont.Regular, theme.BodySize * 0.9f, theme.Text);
        var noteStyle = new TextStyle(ReportFont.Regular, theme.BodySize * 0.8f, theme.Muted);
        var pieces = new List<Piece>();
        for (var start = 0; start < figures.Count; start += perRow)
        {
            var row = figures.Skip(start).Take(perRow).ToList();
            var boxWidth = (width - Gutter * (perRow - 1)) / perRow;
            var textWidth = boxWidth - 2 * Pad - Bar;
            var boxes = row.Select(f => new List<List<TextLine>>
            {
                Wrap(context, f.Label, labelStyle, textWidth),
                Wrap(context, f.Value, valueStyle, textWidth),
                Wrap(context, f.Interval, intervalStyle, textWidth),
                Wrap(context, f.Note, noteStyle, textWidth),
            }).ToList();
            var height = boxes.Max(b => b.Sum(TextLayout.Height)) + 2 * Pad;
            pieces.Add(new Piece(height, (c, x, y, w) =>
            {
                for (var i = 0; i < boxes.Count; i++)
                {
                    var left = x + i * (boxWidth + Gutter);
                    Drawing.FillRect(c.Canvas, new SKRect(left, y, left + boxWidth, y + height), theme.KeyFigureFill);
                    Drawing.FillRect(c.Canvas, new SKRect(left, y, left + Bar, y + height), theme.Accent);
                    var top = y + Pad;
                    foreach (var part in boxes[i])
                    {
                        foreach (var line in part)
                        {
                            TextLayout.DrawLine(c, line, left + Bar + Pad, top, textWidth, TextAlign.Left);
                            top += line.Height;
                        }
                    }
                }
            })
            { GapBefore = pieces.Count > 0 ? Gutter : 0 });
        }
        return new BlockLayout
        {
            Pieces = pieces,
            SpaceBefore = theme.BlockSpacing + 3,
            SpaceAfter = theme.BlockSpacing + 5,
            KeepTogether = true,
        };
    }

    private static List<TextLine> Wrap(LayoutContext context, string? text, TextStyle style, float width) =>
        string.IsNullOrEmpty(text) ? [] : TextLayout.Wrap([new TextRun(text, style)], width, context.Fonts, 1.25f, style);
}
