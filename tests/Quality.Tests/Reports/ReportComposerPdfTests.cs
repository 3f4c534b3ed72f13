using Quality.Reports.Composition;
using ScottPlot;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Quality.Tests.Reports;

/// <summary>Small documents whose layout can be worked out by hand, rendered and read back.</summary>
public sealed class ReportComposerPdfTests
{
    private static readonly PageSetup Setup = PageSetup.A4;

    // A4 is 841.89 pt tall; the margins are 70 pt (top) and 62 pt (bottom).
    private const float ContentHeight = 841.89f - 70f - 62f;

    private sealed class Doc(Action<ReportComposer> compose, bool pdfA = true) : IReportDocument
    {
        public ReportMetadata Metadata { get; } = new("Composition test") { PdfA = pdfA };

        public void Compose(ReportComposer report) => compose(report);
    }

    private static PdfDocument Render(Action<ReportComposer> compose) => PdfDocument.Open(ReportPdf.Render(new Doc(compose), FixedClock.Default));

    private static int PageOf(PdfDocument pdf, string text) =>
        Assert.Single(pdf.GetPages(), p => PdfText.BodyLines(p, Setup).Any(l => l.Text == text)).Number;

    private static string Sentences(int n) => string.Join(' ', Enumerable.Range(1, n).Select(i => $"Sentence {i} of the paragraph says something about agreement between annotators."));

    [Fact]
    public void PageBreak_ThreeBreaks_FourPagesEachLabelledXOfFour()
    {
        using var pdf = Render(r => r.Paragraph("one").PageBreak().Paragraph("two").PageBreak().Paragraph("three").PageBreak().Paragraph("four"));
        Assert.Equal(4, pdf.NumberOfPages);
        foreach (var page in pdf.GetPages())
            Assert.Contains(PdfText.Lines(page), l => l.Text == $"Page {page.Number} of 4");
        Assert.Equal(3, PageOf(pdf, "three"));
    }

    [Fact]
    public void Spacer_SixHalfPages_FillThreePages()
    {
        using var pdf = Render(r =>
        {
            for (var i = 0; i < 6; i++) r.Spacer(ContentHeight / 2);
        });
        Assert.Equal(3, pdf.NumberOfPages);
    }

    [Fact]
    public void Heading_NoRoomForItsFirstLines_MovesToTheNextPage()
    {
        // 40 pt are left: room for the heading (about 17 pt), not for it and two lines of text (about 28 pt more).
        using var moved = Render(r => r.Spacer(ContentHeight - 40).Heading(2, "Moved heading").Paragraph(Sentences(3)));
        Assert.Equal(2, PageOf(moved, "Moved heading"));
        using var kept = Render(r => r.Spacer(ContentHeight - 120).Heading(2, "Kept heading").Paragraph(Sentences(3)));
        Assert.Equal(1, PageOf(kept, "Kept heading"));
    }

    [Fact]
    public void Heading_FollowedByHeading_BothMoveWithTheFirstParagraph()
    {
        using var pdf = Render(r => r.Spacer(ContentHeight - 70).Heading(1, "Section").Heading(2, "Subsection").Paragraph(Sentences(3)));
        Assert.Equal(2, PageOf(pdf, "Section"));
        Assert.Equal(2, PageOf(pdf, "Subsection"));
    }

    [Fact]
    public void KeepTogether_GroupThatDoesNotFit_MovesWholeWhereASplitWouldOccurOtherwise()
    {
        void Body(ReportComposer r) => r.Paragraph("First line of the group.").Paragraph(Sentences(6)).Paragraph("Last line of the group.");
        using var split = Render(r => { r.Spacer(ContentHeight - 100); Body(r); });
        Assert.Equal(1, PageOf(split, "First line of the group."));
        Assert.Equal(2, PageOf(split, "Last line of the group."));
        using var together = Render(r => r.Spacer(ContentHeight - 100).KeepTogether(Body));
        Assert.Equal(2, PageOf(together, "First line of the group."));
        Assert.Equal(2, PageOf(together, "Last line of the group."));
    }

    [Fact]
    public void Paragraph_SplitAcrossPages_LeavesNeitherAnOrphanNorAWidow()
    {
        using var pdf = Render(r => r.Spacer(ContentHeight - 30).Paragraph(Sentences(12)));
        var first = PdfText.BodyLines(pdf.GetPage(1), Setup);
        Assert.DoesNotContain(first, l => l.Text.StartsWith("Sentence", StringComparison.Ordinal));

        // Room for 13 lines after the paragraph's 7 pt space: 14 lines would leave one widow line, so two go over.
        var lineHeight = 10f * ReportTheme.Default.LineSpacing;
        using var widow = Render(r => r.Spacer(ContentHeight - ReportTheme.Default.BlockSpacing - 13.5f * lineHeight).Paragraph(string.Join('\n', Enumerable.Range(1, 14).Select(i => $"Line {i}"))));
        Assert.Equal(12, PdfText.BodyLines(widow.GetPage(1), Setup).Count(l => l.Text.StartsWith("Line ", StringComparison.Ordinal)));
        Assert.Equal(2, PdfText.BodyLines(widow.GetPage(2), Setup).Count(l => l.Text.StartsWith("Line ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Table_RoomForTheHeaderOnly_StartsOnTheNextPage()
    {
        using var pdf = Render(r => r.Spacer(ContentHeight - 25).Table(t =>
        {
            t.Column("Name", ColumnWidth.Relative()).Column("Value", ColumnWidth.Fixed(60), TextAlign.Right);
            for (var i = 1; i <= 5; i++) t.Row($"row-{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }));
        Assert.Equal(2, PageOf(pdf, "Name Value"));
        Assert.Equal(2, PageOf(pdf, "row-1 1"));
    }

    [Fact]
    public void Table_LongCellText_WrapsInsideItsColumnAndTheRowStaysWhole()
    {
        const string note = "This note is far too long for a narrow column and has to wrap over several lines inside its cell.";
        using var pdf = Render(r => r.Table(t => t.Column("Id", ColumnWidth.Fixed(50)).Column("Note", ColumnWidth.Fixed(120)).Column("n", ColumnWidth.Relative(), TextAlign.Right).Row("a-1", note, "42")));
        var lines = PdfText.BodyLines(pdf.GetPage(1), Setup);
        var first = lines.FindIndex(l => l.Text.StartsWith("a-1 ", StringComparison.Ordinal));
        // The row's first line holds all three cells; the note goes on below, inside its column (x > 100 pt).
        Assert.EndsWith(" 42", lines[first].Text, StringComparison.Ordinal);
        var continued = lines.Skip(first + 1).TakeWhile(l => l.Left > 100).Select(l => l.Text).ToList();
        Assert.True(continued.Count >= 2, "the note should wrap over three or more lines");
        Assert.Equal(note, string.Join(' ', [lines[first].Text["a-1 ".Length..^" 42".Length], .. continued]));
        Assert.Single(pdf.GetPages());
    }

    [Fact]
    public void Outline_LevelsThatSkip_NestUnderTheNearestLowerLevelAndKeepNonAsciiTitles()
    {
        using var pdf = Render(r => r.Heading(1, "Agreement κ – α ≥ 0.8 (é)").Paragraph("a").Heading(3, "Deep").Paragraph("b").Heading(2, "Middle").Paragraph("c").Heading(1, "Second").Paragraph("d"));
        Assert.True(pdf.TryGetBookmarks(out var bookmarks, false));
        Assert.Equal(["Agreement κ – α ≥ 0.8 (é)", "Second"], bookmarks.Roots.Select(b => b.Title));
        Assert.Equal(["Deep", "Middle"], bookmarks.Roots[0].Children.Select(b => b.Title));
        Assert.All(bookmarks.GetNodes(), b => Assert.Equal(1, Assert.IsType<DocumentBookmarkNode>(b).PageNumber));
    }

    [Fact]
    public void Outline_IsAnIncrementalUpdate_TheFirstRevisionIsSkiasFileUntouched()
    {
        var bytes = ReportPdf.Render(new Doc(r => r.Heading(1, "Only heading").Paragraph("text")), FixedClock.Default);
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var firstEof = text.IndexOf("%%EOF", StringComparison.Ordinal);
        Assert.True(firstEof > 0 && text.IndexOf("%%EOF", firstEof + 1, StringComparison.Ordinal) > firstEof, "two revisions expected");
        using var original = PdfDocument.Open(bytes[..(firstEof + 6)]);
        Assert.False(original.TryGetBookmarks(out _, false));
        using var updated = PdfDocument.Open(bytes);
        Assert.True(updated.TryGetBookmarks(out var b, false));
        Assert.Equal("Only heading", Assert.Single(b.Roots).Title);
        Assert.Contains("/PageMode /UseOutlines", text[firstEof..], StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_OnAPage_IsDrawnOnceAndKeepsItsCaption()
    {
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 1, 2, 3, 4 }, new double[] { 2, 4, 3, 5 });
        plot.Title("Chart title once");
        using var pdf = Render(r => r.Spacer(ContentHeight - 150).Chart(plot, 200, "Figure 9. Caption under the chart."));
        // 150 pt are left for a 200 pt chart: chart and caption move to page 2 together.
        Assert.Equal(2, PageOf(pdf, "Chart title once"));
        Assert.Equal(2, PageOf(pdf, "Figure 9. Caption under the chart."));
        Assert.Single(pdf.GetPage(2).Letters, l => l.Value == "C" && PdfText.Lines(pdf.GetPage(2)).Any(x => x.Text == "Chart title once" && Math.Abs(x.Baseline - l.StartBaseLine.Y) < 1));
    }

    [Fact]
    public void KeyFigures_Values_AreTextInTheirBoxes()
    {
        using var pdf = Render(r => r.KeyFigures([new KeyFigure("Krippendorff's α", "0.812", "95 % CI 0.794–0.829", "Target ≥ 0.800"), new KeyFigure("Items", "12,400")]));
        var lines = PdfText.BodyLines(pdf.GetPage(1), Setup).Select(l => l.Text).ToList();
        Assert.Contains("Krippendorff's α Items", lines);
        Assert.Contains("0.812 12,400", lines);
        Assert.Contains("95 % CI 0.794–0.829", lines);
        Assert.Contains("Target ≥ 0.800", lines);
    }

    [Fact]
    public void Text_CharactersTheFontLacks_BecomeVisibleReplacementCharacters()
    {
        // DejaVu Sans has no CJK ideographs and no emoji; Greek, dashes and accents it has.
        using var pdf = Render(r => r.Paragraph("Client 日本 GmbH 🙂 – κ é").Heading(1, "Über 日本"));
        var lines = PdfText.BodyLines(pdf.GetPage(1), Setup).Select(l => l.Text).ToList();
        Assert.Contains("Client \uFFFD\uFFFD GmbH \uFFFD – κ é", lines);
        Assert.Contains("Über \uFFFD\uFFFD", lines);
    }

    [Fact]
    public void Render_WithoutPdfA_HasNoXmpAndIsStillDeterministic()
    {
        var a = ReportPdf.Render(new Doc(r => r.Heading(1, "Plain").Paragraph("text"), pdfA: false), FixedClock.Default);
        var b = ReportPdf.Render(new Doc(r => r.Heading(1, "Plain").Paragraph("text"), pdfA: false), FixedClock.Default);
        Assert.Equal(a, b);
        using var pdf = PdfDocument.Open(a);
        Assert.False(pdf.TryGetXmpMetadata(out _));
        Assert.Equal("Composition test", pdf.Information.Title);
    }

    [Fact]
    public void Composer_InvalidInput_IsRejectedWhenAdded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportPdf.Render(new Doc(r => r.Heading(4, "Too deep")), FixedClock.Default));
        Assert.Throws<ArgumentException>(() => ReportPdf.Render(new Doc(r => r.Table(t => t.Column("a", ColumnWidth.Relative()).Row("1", "2"))), FixedClock.Default));
        Assert.Throws<InvalidOperationException>(() => ReportPdf.Render(new Doc(r => r.KeepTogether(k => k.Paragraph("a").PageBreak())), FixedClock.Default));
    }
}
