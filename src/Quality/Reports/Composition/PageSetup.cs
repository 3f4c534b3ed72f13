using System.Globalization;

namespace Quality.Reports.Composition;

/// <summary>Page size, margins and the running header and footer; sizes in PDF points (1/72 inch).</summary>
public sealed record PageSetup
{
    /// <summary>ISO A4 portrait, 210 × 297 mm.</summary>
    public static PageSetup A4 { get; } = new();

    public float Width { get; init; } = 595.28f;
    public float Height { get; init; } = 841.89f;

    /// <summary>Top margin; the header sits inside it.</summary>
    public float MarginTop { get; init; } = 70f;

    /// <summary>Bottom margin; the footer sits inside it.</summary>
    public float MarginBottom { get; init; } = 62f;

    public float MarginLeft { get; init; } = 60f;
    public float MarginRight { get; init; } = 60f;

    /// <summary>Header text at the left; null means the document title.</summary>
    public string? HeaderLeft { get; init; }

    public string? HeaderRight { get; init; }
    public string? FooterLeft { get; init; }

    /// <summary>Page label at the right of the footer: {0} is the page number, {1} the page count.</summary>
    public string PageLabelFormat { get; init; } = "Page {0} of {1}";

    public float ContentWidth => Width - MarginLeft - MarginRight;

    public float ContentTop => MarginTop;

    public float ContentBottom => Height - MarginBottom;

    public string PageLabel(int page, int pages) => string.Format(CultureInfo.InvariantCulture, PageLabelFormat, page, pages);
}
