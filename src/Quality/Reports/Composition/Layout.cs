using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>Draws one laid-out piece with its top-left corner at (x, y) in a column of the given width.</summary>
internal delegate void PieceDrawer(DrawContext context, float x, float y, float width);

/// <summary>The smallest unit of pagination: a horizontal slice of a block that is never split across pages.</summary>
internal sealed class Piece(float height, PieceDrawer draw)
{
    public float Height { get; } = height;

    /// <summary>Space above the piece inside its block; dropped when the piece opens a page.</summary>
    public float GapBefore { get; init; }

    /// <summary>Named destination the piece draws (headings); pagination records which page it lands on.</summary>
    public string? Anchor { get; init; }

    public void Draw(DrawContext context, float x, float y, float width) => draw(context, x, y, width);

    public Piece WithGap(float gap) => new(Height, draw) { GapBefore = gap, Anchor = Anchor };
}

/// <summary>A block measured at the column width: its pieces and the rules for breaking between them.</summary>
internal sealed class BlockLayout
{
    public static BlockLayout Break { get; } = new() { Pieces = [], BreakBefore = true };

    public required IReadOnlyList<Piece> Pieces { get; init; }

    /// <summary>Space above and below; between two blocks the larger of the two applies (margins collapse).</summary>
    public float SpaceBefore { get; init; }

    public float SpaceAfter { get; init; }

    /// <summary>How many leading pieces must share the block's first page (no orphan line; a table header with a row).</summary>
    public int KeepFirst { get; init; } = 1;

    /// <summary>How many trailing pieces must share the block's last page (no widow line).</summary>
    public int KeepLast { get; init; } = 1;

    /// <summary>The whole block moves to the next page rather than split, when it fits on an empty page.</summary>
    public bool KeepTogether { get; init; }

    /// <summary>The block starts only where the next block's first pieces fit too (a heading never ends a page).</summary>
    public bool KeepWithNext { get; init; }

    /// <summary>Drawn first on every further page the block continues on (a table's header row).</summary>
    public Piece? RepeatOnNewPage { get; init; }

    /// <summary>A page break: the next block starts on a new page.</summary>
    public bool BreakBefore { get; init; }

    public float TotalHeight => Height(Pieces.Count);

    /// <summary>Height of the first <paramref name="count"/> pieces with the gaps between them.</summary>
    public float Height(int count)
    {
        var h = 0f;
        for (var i = 0; i < Math.Min(count, Pieces.Count); i++) h += (i == 0 ? 0 : Pieces[i].GapBefore) + Pieces[i].Height;
        return h;
    }
}

/// <summary>A unit of content added by <see cref="ReportComposer"/>; measured once the whole document is composed.</summary>
internal abstract class Block
{
    public abstract BlockLayout Layout(LayoutContext context, float width);
}

/// <summary>What blocks need while measuring.</summary>
internal sealed class LayoutContext(FontCache fonts, ReportTheme theme, IReadOnlyList<OutlineEntry> headings)
{
    public FontCache Fonts { get; } = fonts;
    public ReportTheme Theme { get; } = theme;

    /// <summary>Every heading of the document, known before layout because composition is finished by then.</summary>
    public IReadOnlyList<OutlineEntry> Headings { get; } = headings;
}

/// <summary>What pieces need while drawing: the page, the page count and where each heading landed.</summary>
internal sealed class DrawContext(SKCanvas canvas, FontCache fonts, ReportTheme theme, int pageNumber, int pageCount, IReadOnlyDictionary<string, int> anchorPages)
{
    public SKCanvas Canvas { get; } = canvas;
    public FontCache Fonts { get; } = fonts;
    public ReportTheme Theme { get; } = theme;
    public int PageNumber { get; } = pageNumber;
    public int PageCount { get; } = pageCount;

    /// <summary>1-based page on which the named heading was placed.</summary>
    public int PageOf(string anchor) => anchorPages[anchor];
}
