using System.Globalization;
using System.Text;

namespace Quality.Reports.Composition;

/// <summary>A run of text in one style; a paragraph is a sequence of runs.</summary>
internal readonly record struct TextRun(string Text, TextStyle Style);

/// <summary>Text drawn in one call: same style, starting at X from the line's left edge.</summary>
internal readonly record struct LineSegment(string Text, TextStyle Style, float X, float Width);

/// <summary>One wrapped line: its segments, natural width, box height and baseline offset from the box top.</summary>
internal sealed class TextLine(IReadOnlyList<LineSegment> segments, float width, float height, float baseline)
{
    public IReadOnlyList<LineSegment> Segments { get; } = segments;
    public float Width { get; } = width;
    public float Height { get; } = height;
    public float Baseline { get; } = baseline;

    public string Text => string.Concat(Segments.Select(s => s.Text));
}

/// <summary>
/// Greedy word wrapping without hyphenation: a line takes words while they fit; a word is broken between
/// characters only when it alone is wider than the line. Spaces collapse to one; '\n' forces a line break.
/// </summary>
internal static class TextLayout
{
    private const float Epsilon = 0.01f;

    public static List<TextLine> Wrap(IReadOnlyList<TextRun> runs, float width, FontCache fonts, float lineSpacing, TextStyle baseStyle)
    {
        var lines = new List<TextLine>();
        var line = new LineBuilder(fonts, lineSpacing, baseStyle);
        foreach (var word in Words(runs, fonts))
        {
            for (var b = 0; b < word.BreaksBefore; b++)
            {
                lines.Add(line.Finish());
                line = new LineBuilder(fonts, lineSpacing, baseStyle);
            }
            var space = line.IsEmpty || word.SpaceBefore is not { } spaceStyle ? 0f : fonts.SpaceWidth(spaceStyle);
            if (!line.IsEmpty && line.X + space + word.Width > width + Epsilon)
            {
                lines.Add(line.Finish());
                line = new LineBuilder(fonts, lineSpacing, baseStyle);
                space = 0;
            }
            if (line.IsEmpty && word.Width > width + Epsilon)
            {
                var chunks = BreakWord(word, width, fonts);
                for (var c = 0; c < chunks.Count; c++)
                {
                    foreach (var part in chunks[c]) line.Add(part.Text, part.Style, part.Width);
                    if (c < chunks.Count - 1)
                    {
                        lines.Add(line.Finish());
                        line = new LineBuilder(fonts, lineSpacing, baseStyle);
                    }
                }
                continue;
            }
            if (space > 0) line.Add(" ", word.SpaceBefore!.Value, space);
            foreach (var part in word.Parts) line.Add(part.Text, part.Style, part.Width);
        }
        if (!line.IsEmpty) lines.Add(line.Finish());
        return lines;
    }

    /// <summary>Draws a line whose box top is at <paramref name="top"/>, aligned inside a column of <paramref name="width"/>.</summary>
    public static void DrawLine(DrawContext context, TextLine line, float x, float top, float width, TextAlign align)
    {
        var offset = align switch
        {
            TextAlign.Center => (width - line.Width) / 2,
            TextAlign.Right => width - line.Width,
            _ => 0f,
        };
        foreach (var s in line.Segments) context.Fonts.DrawText(context.Canvas, s.Text, x + offset + s.X, top + line.Baseline, s.Style);
    }

    public static float Height(IReadOnlyList<TextLine> lines)
    {
        var h = 0f;
        foreach (var l in lines) h += l.Height;
        return h;
    }

    private readonly record struct Part(string Text, TextStyle Style, float Width);

    private sealed class Word
    {
        public List<Part> Parts { get; } = [];
        public float Width { get; set; }
        public TextStyle? SpaceBefore { get; init; }
        public int BreaksBefore { get; init; }
    }

    private static List<Word> Words(IReadOnlyList<TextRun> runs, FontCache fonts)
    {
        var words = new List<Word>();
        Word? word = null;
        TextStyle? pendingSpace = null;
        var pendingBreaks = 0;
        var part = new StringBuilder();
        var partStyle = default(TextStyle);

        void ClosePart()
        {
            if (part.Length == 0) return;
            var text = part.ToString();
            var w = fonts.Measure(text, partStyle);
            word!.Parts.Add(new Part(text, partStyle, w));
            word.Width += w;
            part.Clear();
        }

        void CloseWord()
        {
            if (word is null) return;
            ClosePart();
            words.Add(word);
            word = null;
        }

        foreach (var run in runs)
        {
            foreach (var c in fonts.Printable(run.Text, run.Style.Font))
            {
                if (c == '\n')
                {
                    CloseWord();
                    pendingBreaks++;
                    pendingSpace = null;
                }
                else if (char.IsWhiteSpace(c) && c != '\u00A0' && c != '\u202F')
                {
                    CloseWord();
                    if (pendingBreaks == 0) pendingSpace ??= run.Style;
                }
                else
                {
                    if (word is null)
                    {
                        word = new Word { SpaceBefore = pendingSpace, BreaksBefore = pendingBreaks };
                        pendingSpace = null;
                        pendingBreaks = 0;
                    }
                    if (part.Length > 0 && partStyle != run.Style) ClosePart();
                    partStyle = run.Style;
                    part.Append(c);
                }
            }
        }
        CloseWord();
        return words;
    }

    /// <summary>Splits a word wider than the line into chunks that fit, between text elements (never inside a surrogate pair or accent).</summary>
    private static List<List<Part>> BreakWord(Word word, float width, FontCache fonts)
    {
        var chunks = new List<List<Part>>();
        var chunk = new List<Part>();
        var chunkWidth = 0f;
        foreach (var part in word.Parts)
        {
            var e = StringInfo.GetTextElementEnumerator(part.Text);
            while (e.MoveNext())
            {
                var element = e.GetTextElement();
                var w = fonts.Measure(element, part.Style);
                if (chunk.Count > 0 && chunkWidth + w > width + Epsilon)
                {
                    chunks.Add(chunk);
                    chunk = [];
                    chunkWidth = 0;
                }
                if (chunk.Count > 0 && chunk[^1].Style == part.Style)
                    chunk[^1] = new Part(chunk[^1].Text + element, part.Style, chunk[^1].Width + w);
                else
                    chunk.Add(new Part(element, part.Style, w));
                chunkWidth += w;
            }
        }
        if (chunk.Count > 0) chunks.Add(chunk);
        return chunks;
    }

    private sealed class LineBuilder(FontCache fonts, float lineSpacing, TextStyle baseStyle)
    {
        private readonly List<LineSegment> segments = [];

        public float X { get; private set; }

        public bool IsEmpty => segments.Count == 0;

        public void Add(string text, TextStyle style, float width)
        {
            // Consecutive text in one style is drawn in one call, spaces included, so the PDF carries real
            // space characters and text extraction gives back the words as written.
            if (segments.Count > 0 && segments[^1].Style == style)
            {
                var last = segments[^1];
                segments[^1] = last with { Text = last.Text + text, Width = last.Width + width };
            }
            else
            {
                segments.Add(new LineSegment(text, style, X, width));
            }
            X += width;
        }

        public TextLine Finish()
        {
            var size = baseStyle.Size;
            var (ascent, descent) = fonts.Metrics(baseStyle);
            foreach (var s in segments)
            {
                size = Math.Max(size, s.Style.Size);
                var (a, d) = fonts.Metrics(s.Style);
                ascent = Math.Max(ascent, a);
                descent = Math.Max(descent, d);
            }
            var height = Math.Max(size * lineSpacing, ascent + descent);
            return new TextLine(segments, X, height, (height - ascent - descent) / 2 + ascent);
        }
    }
}
