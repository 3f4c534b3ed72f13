using ScottPlot;

namespace Quality.Reports.Composition;

/// <summary>
/// The composition API a document's <see cref="IReportDocument.Compose"/> writes to: blocks are added in reading
/// order and laid out only after composition ends, so page numbers and the page count are known when drawing.
/// </summary>
/// <example>
/// <code>
/// report.Heading(1, "1 Agreement")
///       .Paragraph(p => p.Text("Overall agreement is ").Bold("α = 0.81").Text(", above the 0.80 target."))
///       .Table(t => t.Column("Annotator", ColumnWidth.Relative(2)).Column("κ", ColumnWidth.Fixed(50), TextAlign.Right).Row("ann-01", "0.84"))
///       .Chart(plot, 220, "Figure 1. Weekly volume.");
/// </code>
/// </example>
public sealed class ReportComposer
{
    private readonly List<OutlineEntry> headings = [];
    private List<Block> blocks = [];

    internal ReportComposer(ReportMetadata metadata, DateTimeOffset generatedAt)
    {
        Metadata = metadata;
        GeneratedAt = generatedAt;
        Page = PageSetup.A4 with { HeaderLeft = metadata.Title };
    }

    public ReportMetadata Metadata { get; }

    /// <summary>The renderer's clock reading (UTC, whole seconds): the one "now" a document may print.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>Page size, margins, header and footer; set it before adding blocks.</summary>
    public PageSetup Page { get; set; }

    /// <summary>Sizes and colours; set it before adding blocks (text styles are taken when a block is added).</summary>
    public ReportTheme Theme { get; set; } = ReportTheme.Default;

    /// <summary>Headings added so far, in document order; they become the PDF outline.</summary>
    public IReadOnlyList<OutlineEntry> Outline => headings;

    internal IReadOnlyList<Block> Blocks => blocks;

    /// <summary>A heading of level 1–3: registered in the outline and the contents, never left alone at the bottom of a page.</summary>
    public ReportComposer Heading(int level, string text)
    {
        if (level is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(level), level, "heading levels are 1, 2 and 3");
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var entry = new OutlineEntry(level, text, "q-h" + (headings.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        headings.Add(entry);
        return Add(new HeadingBlock(entry));
    }

    /// <summary>A paragraph in body text.</summary>
    public ReportComposer Paragraph(string text, TextAlign align = TextAlign.Left) => Paragraph(text, Theme.Body, align);

    /// <summary>A paragraph in one given style (cover titles, notes).</summary>
    public ReportComposer Paragraph(string text, TextStyle style, TextAlign align = TextAlign.Left) =>
        Add(new ParagraphBlock([new TextRun(text, style)], style, align));

    /// <summary>A paragraph of runs in several styles: <c>p =&gt; p.Text("κ is ").Bold("0.81")</c>.</summary>
    public ReportComposer Paragraph(Action<ParagraphBuilder> build, TextAlign align = TextAlign.Left)
    {
        var p = new ParagraphBuilder(Theme.Body);
        build(p);
        return Add(new ParagraphBlock(p.Runs, p.BaseStyle, align));
    }

    /// <summary>A small caption that stays on the page of the block after it (a table's title).</summary>
    public ReportComposer Caption(string text) => Add(new ParagraphBlock([new TextRun(text, Theme.Small)], Theme.Small, TextAlign.Left, keepWithNext: true, spaceAfter: 3));

    /// <summary>A bulleted list, one plain-text item per string.</summary>
    public ReportComposer Bullets(IEnumerable<string> items) =>
        Add(new BulletListBlock([.. items.Select(i => (IReadOnlyList<TextRun>)[new TextRun(i, Theme.Body)])], Theme.Body));

    /// <summary>A bulleted list whose items mix styles.</summary>
    public ReportComposer Bullets(params Action<ParagraphBuilder>[] items)
    {
        var runs = items.Select(build =>
        {
            var p = new ParagraphBuilder(Theme.Body);
            build(p);
            return (IReadOnlyList<TextRun>)p.Runs;
        }).ToList();
        return Add(new BulletListBlock(runs, Theme.Body));
    }

    /// <summary>A table that splits across pages between rows and repeats its header row on each page.</summary>
    public ReportComposer Table(Action<TableBuilder> build)
    {
        var table = new TableBuilder(Theme);
        build(table);
        return Add(new TableBlock(table));
    }

    /// <summary>Headline numbers in boxes (label, big value, interval, note), up to <paramref name="perRow"/> per row.</summary>
    public ReportComposer KeyFigures(IReadOnlyList<KeyFigure> figures, int perRow = 3)
    {
        if (figures.Count == 0) throw new ArgumentException("no key figures", nameof(figures));
        ArgumentOutOfRangeException.ThrowIfLessThan(perRow, 1);
        return Add(new KeyFiguresBlock(figures, Math.Min(perRow, figures.Count)));
    }

    /// <summary>
    /// A ScottPlot chart drawn as vectors, <paramref name="height"/> points tall and the column's width (or
    /// <paramref name="width"/>, centred), with an optional caption kept on the same page. The plot's fonts are
    /// switched to the embedded report font when it is drawn.
    /// </summary>
    public ReportComposer Chart(Plot plot, float height, string? caption = null, float? width = null)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Add(new ChartBlock(plot, height, width, caption));
    }

    /// <summary>Blocks that move to the next page together rather than split, as long as together they fit on one page.</summary>
    public ReportComposer KeepTogether(Action<ReportComposer> content)
    {
        var outer = blocks;
        blocks = [];
        try
        {
            content(this);
            outer.Add(new KeepTogetherBlock(blocks));
        }
        finally
        {
            blocks = outer;
        }
        return this;
    }

    /// <summary>Starts the next block on a new page.</summary>
    public ReportComposer PageBreak() => Add(new PageBreakBlock());

    /// <summary>Vertical space in points.</summary>
    public ReportComposer Spacer(float points) => Add(new SpacerBlock(points));

    /// <summary>A linked table of contents listing headings up to <paramref name="maxLevel"/> with their pages.</summary>
    public ReportComposer Contents(string? title = "Contents", int maxLevel = 2) => Add(new ContentsBlock(title, Math.Clamp(maxLevel, 1, 3)));

    private ReportComposer Add(Block block)
    {
        blocks.Add(block);
        return this;
    }
}

/// <summary>Builds a paragraph from runs of text in different styles.</summary>
public sealed class ParagraphBuilder
{
    private readonly List<TextRun> runs = [];

    internal ParagraphBuilder(TextStyle baseStyle) => BaseStyle = baseStyle;

    /// <summary>The paragraph's body style; runs default to it.</summary>
    public TextStyle BaseStyle { get; }

    internal IReadOnlyList<TextRun> Runs => runs;

    public ParagraphBuilder Text(string text) => Styled(text, BaseStyle);

    public ParagraphBuilder Bold(string text) => Styled(text, BaseStyle.AsBold());

    public ParagraphBuilder Styled(string text, TextStyle style)
    {
        runs.Add(new TextRun(text, style));
        return this;
    }
}
