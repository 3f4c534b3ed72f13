using System.Text;
using Quality.Reports.Fonts;
using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>SKFont objects per typeface and size for one render, set up so measured widths equal the widths the PDF gets.</summary>
internal sealed class FontCache : IDisposable
{
    private readonly Dictionary<(ReportFont, float), SKFont> fonts = [];
    private readonly Dictionary<TextStyle, float> spaceWidths = [];
    private readonly Dictionary<(ReportFont, int), bool> hasGlyph = [];
    private readonly SKPaint paint = new() { IsAntialias = true, Style = SKPaintStyle.Fill };

    public SKFont Get(ReportFont font, float size)
    {
        if (fonts.TryGetValue((font, size), out var f)) return f;
        // Unhinted, linear metrics: a PDF scales glyph advances exactly, so layout must measure them the same way.
        f = new SKFont(font == ReportFont.Bold ? ReportFonts.Bold : ReportFonts.Regular, size)
        {
            Hinting = SKFontHinting.None,
            LinearMetrics = true,
            Subpixel = true,
            Edging = SKFontEdging.Antialias,
        };
        fonts[(font, size)] = f;
        return f;
    }

    public SKFont Get(TextStyle style) => Get(style.Font, style.Size);

    /// <summary>
    /// The text with every character the typeface has no glyph for replaced by U+FFFD. Skia would otherwise draw
    /// the .notdef glyph, an empty box that PDF/A forbids and that extracts as nothing; the replacement
    /// character at least shows, and reads, that something is missing.
    /// </summary>
    public string Printable(string text, ReportFont font)
    {
        StringBuilder? sb = null;
        var i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var ok = Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || HasGlyph(font, rune.Value);
            if (!ok)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append(HasGlyph(font, 0xFFFD) ? '\uFFFD' : '?');
            }
            else
            {
                sb?.Append(text, i, rune.Utf16SequenceLength);
            }
            i += rune.Utf16SequenceLength;
        }
        return sb?.ToString() ?? text;
    }

    private bool HasGlyph(ReportFont font, int codepoint)
    {
        if (!hasGlyph.TryGetValue((font, codepoint), out var ok))
            hasGlyph[(font, codepoint)] = ok = Get(font, 10).Typeface.ContainsGlyph(codepoint);
        return ok;
    }

    public float Measure(string text, TextStyle style) => text.Length == 0 ? 0 : Get(style).MeasureText(text);

    public float SpaceWidth(TextStyle style)
    {
        if (!spaceWidths.TryGetValue(style, out var w)) spaceWidths[style] = w = Measure(" ", style);
        return w;
    }

    /// <summary>Distance from the top of a line box to the baseline, and below it, for this style.</summary>
    public (float Ascent, float Descent) Metrics(TextStyle style)
    {
        Get(style).GetFontMetrics(out var m);
        return (-m.Ascent, m.Descent);
    }

    /// <summary>Draws text already made <see cref="Printable"/> (text laid out by <see cref="TextLayout"/> is).</summary>
    public void DrawText(SKCanvas canvas, string text, float x, float baseline, TextStyle style)
    {
        paint.Color = style.Color;
        canvas.DrawText(text, x, baseline, Get(style), paint);
    }

    public void Dispose()
    {
        foreach (var f in fonts.Values) f.Dispose();
        paint.Dispose();
    }
}
