using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>Wrapped text; splits between lines, keeping at least two lines together at either end.</summary>
internal sealed class ParagraphBlock(IReadOnlyList<TextRun> runs, TextStyle baseStyle, TextAlign align, bool keepWithNext = false, float? spaceAfter = null) : Block
{
    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var lines = TextLayout.Wrap(runs, width, context.Fonts, context.Theme.LineSpacing, baseStyle);
        return new BlockLayout
        {
            Pieces = [.. lines.Select(line => new Piece(line.Height, (c, x, y, w) => TextLayout.DrawLine(c, line, x, y, w, align)))],
            SpaceBefore = context.Theme.BlockSpacing,
            SpaceAfter = spaceAfter ?? context.Theme.BlockSpacing,
            KeepFirst = 2,
            KeepLast = 2,
            KeepWithNext = keepWithNext,
        };
    }
}

/// <summary>A section heading: one unsplittable piece that carries a named destination and stays with what follows.</summary>
internal sealed class HeadingBlock(OutlineEntry entry) : Block
{
    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var style = context.Theme.Heading(entry.Level);
        var lines = TextLayout.Wrap([new TextRun(entry.Title, style)], width, context.Fonts, 1.25f, style);
        var rule = entry.Level == 1 ? 5f : 0f;
        var height = TextLayout.Height(lines) + rule;
        return new BlockLayout
        {
            Pieces =
            [
                new Piece(height, (c, x, y, w) =>
                {
                    c.Canvas.DrawNamedDestinationAnnotation(new SKPoint(x, y - 6), entry.Anchor);
                    var top = y;
                    foreach (var line in lines)
                    {
                        TextLayout.DrawLine(c, line, x, top, w, TextAlign.Left);
                        top += line.Height;
                    }
                    if (rule > 0) Drawing.HorizontalRule(c.Canvas, x, x + w, top + 2, c.Theme.Accent, 0.8f);
                }) { Anchor = entry.Anchor },
            ],
            SpaceBefore = entry.Level switch { 1 => 20f, 2 => 15f, _ => 11f },
            SpaceAfter = entry.Level switch { 1 => 9f, 2 => 6f, _ => 4f },
            KeepWithNext = true,
        };
    }
}

/// <summary>Bulleted items with a hanging indent; splits between lines.</summary>
internal sealed class BulletListBlock(IReadOnlyList<IReadOnlyList<TextRun>> items, TextStyle baseStyle) : Block
{
    private const float Indent = 14f;

    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var pieces = new List<Piece>();
        foreach (var item in items)
        {
            var lines = TextLayout.Wrap(item, width - Indent, context.Fonts, context.Theme.LineSpacing, baseStyle);
            for (var l = 0; l < lines.Count; l++)
            {
                var line = lines[l];
                var bullet = l == 0;
                pieces.Add(new Piece(line.Height, (c, x, y, w) =>
                {
                    if (bullet) c.Fonts.DrawText(c.Canvas, "•", x + 3, y + line.Baseline, baseStyle);
                    TextLayout.DrawLine(c, line, x + Indent, y, w - Indent, TextAlign.Left);
                })
                { GapBefore = bullet && pieces.Count > 0 ? 2.5f : 0 });
            }
        }
        return new BlockLayout
        {
            Pieces = pieces,
            SpaceBefore = context.Theme.BlockSpacing,
            SpaceAfter = context.Theme.BlockSpacing,
            KeepFirst = 2,
            KeepLast = 2,
        };
    }
}

/// <summary>Fixed vertical space.</summary>
internal sealed class SpacerBlock(float height) : Block
{
    public override BlockLayout Layout(LayoutContext context, float width) =>
        new() { Pieces = [new Piece(height, static (_, _, _, _) => { })] };
}

/// <summary>Forces the next block onto a new page.</summary>
internal sealed class PageBreakBlock : Block
{
    public override BlockLayout Layout(LayoutContext context, float width) => BlockLayout.Break;
}

/// <summary>Blocks that move to the next page together rather than split (when together they fit on a page).</summary>
internal sealed class KeepTogetherBlock(IReadOnlyList<Block> children) : Block
{
    public override BlockLayout Layout(LayoutContext context, float width)
    {
        var pieces = new List<Piece>();
        BlockLayout? first = null, previous = null;
        foreach (var child in children)
        {
            var layout = child.Layout(context, width);
            if (layout.BreakBefore) throw new InvalidOperationException("a page break cannot be inside a keep-together block");
            if (layout.Pieces.Count == 0) continue;
            first ??= layout;
            for (var i = 0; i < layout.Pieces.Count; i++)
            {
                var piece = layout.Pieces[i];
                pieces.Add(i == 0 && previous is not null ? piece.WithGap(Math.Max(previous.SpaceAfter, layout.SpaceBefore)) : piece);
            }
            previous = layout;
        }
        return new BlockLayout
        {
            Pieces = pieces,
            SpaceBefore = first?.SpaceBefore ?? 0,
            SpaceAfter = previous?.SpaceAfter ?? 0,
            KeepTogether = true,
        };
    }
}

/// <summary>Small drawing helpers shared by blocks and the page chrome.</summary>
internal static class Drawing
{
    public static void HorizontalRule(SKCanvas canvas, float x0, float x1, float y, SKColor color, float thickness)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = thickness, Style = SKPaintStyle.Stroke, IsAntialias = true };
        canvas.DrawLine(x0, y, x1, y, paint);
    }

    public static void FillRect(SKCanvas canvas, SKRect rect, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(rect, paint);
    }

    /// <summary>The text, shortened with an ellipsis until it fits the width.</summary>
    public static string Fit(FontCache fonts, string text, TextStyle style, float width)
    {
        if (fonts.Measure(text, style) <= width) return text;
        var cut = text.Length;
        while (cut > 0 && fonts.Measure(text[..cut] + "…", style) > width) cut--;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd() + "…";
    }
}
