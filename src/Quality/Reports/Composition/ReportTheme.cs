using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>Sizes and colours shared by every block of a report; the defaults suit A4 read on screen and on paper.</summary>
public sealed record ReportTheme
{
    public static ReportTheme Default { get; } = new();

    /// <summary>Body text size in points.</summary>
    public float BodySize { get; init; } = 10f;

    /// <summary>Line height as a multiple of the largest font size on the line.</summary>
    public float LineSpacing { get; init; } = 1.38f;

    /// <summary>Heading sizes for levels 1, 2 and 3.</summary>
    public IReadOnlyList<float> HeadingSizes { get; init; } = [17f, 13f, 11f];

    /// <summary>Space between paragraphs and other blocks, in points.</summary>
    public float BlockSpacing { get; init; } = 7f;

    public SKColor Text { get; init; } = new(0x1F, 0x29, 0x37);
    public SKColor Muted { get; init; } = new(0x5B, 0x63, 0x70);
    // Okabe–Ito blue, the charts' primary colour, so text and charts read as one document.
    public SKColor Accent { get; init; } = new(0x00, 0x72, 0xB2);
    public SKColor Rule { get; init; } = new(0xC9, 0xCF, 0xD6);
    public SKColor TableHeaderFill { get; init; } = new(0xE6, 0xEC, 0xF2);
    public SKColor ZebraFill { get; init; } = new(0xF4, 0xF6, 0xF8);
    public SKColor KeyFigureFill { get; init; } = new(0xEF, 0xF5, 0xFA);

    public TextStyle Body => new(ReportFont.Regular, BodySize, Text);

    public TextStyle Small => new(ReportFont.Regular, BodySize * 0.85f, Muted);

    public TextStyle Heading(int level) => new(ReportFont.Bold, HeadingSizes[Math.Clamp(level, 1, 3) - 1], level == 1 ? Accent : Text);
}
