using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>Which embedded typeface a run of text uses.</summary>
public enum ReportFont
{
    Regular,
    Bold,
}

/// <summary>Typeface, size in points and colour of a run of text.</summary>
public readonly record struct TextStyle(ReportFont Font, float Size, SKColor Color)
{
    public TextStyle WithSize(float size) => this with { Size = size };

    public TextStyle WithColor(SKColor color) => this with { Color = color };

    public TextStyle AsBold() => this with { Font = ReportFont.Bold };
}

/// <summary>Horizontal placement of text inside its box.</summary>
public enum TextAlign
{
    Left,
    Center,
    Right,
}
