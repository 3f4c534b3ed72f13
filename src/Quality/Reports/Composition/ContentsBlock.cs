using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>
/// The table of contents: one linked entry per heading up to <paramref name="maxLevel"/>, with the page number
/// filled in at draw time from the first layout pass.
/// </summary>
internal sealed class ContentsBlock(string? title, int maxLevel) : Block
{
    private const float Indent = 14f;
    private const float NumberColumn = 34f;

    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var theme = context.Theme;
        var pieces = new List<Piece>();
        if (title is not null)
        {
            var titleStyle = theme.Heading(1);
            var titleLines = TextLayout.Wrap([new TextRun(title, titleStyle)], width, context.Fonts, 1.25f, titleStyle);
            pieces.Add(new Piece(TextLayout.Height(titleLines) + 12, (c, x, y, w) =>
            {
                foreach (var line in titleLines)
                {
                    TextLayout.DrawLine(c, line, x, y, w, TextAlign.Left);
                    y += line.Height;
                }
            }));
        }
        foreach (var entry in context.Headings.Where(h => h.Level <= maxLevel))
        {
            var style = entry.Level == 1 ? theme.Body.AsBold() : theme.Body;
            var indent = (entry.Level - 1) * Indent;
            var lines = TextLayout.Wrap([new TextRun(entry.Title, style)], width - indent - NumberColumn - 12, context.Fonts, theme.LineSpacing, style);
            var height = TextLayout.Height(lines);
            pieces.Add(new Piece(height, (c, x, y, w) =>
            {
                var top = y;
                foreach (var line in lines)
                {
                    TextLayout.DrawLine(c, line, x + indent, top, w - indent, TextAlign.Left);
                    top += line.Height;
                }
                var last = lines[^1];
                var baseline = top - last.Height + last.Baseline;
                var number = c.PageOf(entry.Anchor).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var numberWidth = c.Fonts.Measure(number, style);
                c.Fonts.DrawText(c.Canvas, number, x + w - numberWidth, baseline, style);
                DottedLeader(c.Canvas, x + indent + last.Width + 6, x + w - numberWidth - 6, baseline, c.Theme.Muted);
                c.Canvas.DrawLinkDestinationAnnotation(new SKRect(x + indent, y, x + w, y + height), entry.Anchor);
            })
            { GapBefore = entry.Level == 1 ? 6f : 1.5f });
        }
        return new BlockLayout
        {
            Pieces = pieces,
            SpaceBefore = theme.BlockSpacing,
            SpaceAfter = theme.BlockSpacing,
            KeepFirst = title is null ? 1 : 2,
        };
    }

    private static void DottedLeader(SKCanvas canvas, float x0, float x1, float y, SKColor color)
    {
        if (x1 - x0 < 6) return;
        // A path, not "....." text: text extraction then reads "Title 3", not "Title ....... 3". Short strokes
        // with round caps rather than a dash path effect, which Skia's PDF backend renders far more slowly.
        using var dots = new SKPath();
        for (var x = x1; x >= x0; x -= 3.5f)
        {
            dots.MoveTo(x - 0.4f, y);
            dots.LineTo(x, y);
        }
        using var paint = new SKPaint { Color = color, StrokeWidth = 0.9f, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, IsAntialias = true };
        canvas.DrawPath(dots, paint);
    }
}
