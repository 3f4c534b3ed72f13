using System.Globalization;
using System.Text;
using Quality.Reports.Composition;
using Quality.Reports.Composition.Demo;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Outline;

namespace Quality.Tests.Reports;

/// <summary>The demonstration document rendered once, read back for every test.</summary>
public sealed class CompositionDemoFixture
{
    public CompositionDemoModel Model { get; } = CompositionDemoData.Create();
    public byte[] Pdf { get; }
    public PageSetup Setup { get; }

    public CompositionDemoFixture()
    {
        Pdf = ReportPdf.Render(new CompositionDemoDocument(Model), FixedClock.Default);
        Setup = PageSetup.A4;
    }
}

public sealed class CompositionDemoPdfTests(CompositionDemoFixture demo) : IClassFixture<CompositionDemoFixture>
{
    private static readonly string[] TableHeader = ["Annotator", "Pool", "Labels", "κ", "95 % interval", "Gold accuracy", "Median s/label"];

    private PdfDocument Open() => PdfDocument.Open(demo.Pdf);

    [Fact]
    public void Render_Demo_EveryPageSaysPageXOfYWithTheRealCount()
    {
        using var pdf = Open();
        Assert.True(pdf.NumberOfPages >= 6, $"the demo should span at least 6 pages, got {pdf.NumberOfPages}");
        foreach (var page in pdf.GetPages())
        {
            var footer = PdfText.Lines(page).Where(l => l.Baseline < demo.Setup.MarginBottom).Select(l => l.Text).ToList();
            var label = $"Page {page.Number} of {pdf.NumberOfPages}";
            Assert.Single(footer, f => f.EndsWith(label, StringComparison.Ordinal));
            Assert.Single(PdfText.Lines(page), l => l.Text.Contains("Page ", StringComparison.Ordinal) && l.Text.Contains(" of ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Render_Demo_EveryPageHasTheRunningHeader()
    {
        using var pdf = Open();
        foreach (var page in pdf.GetPages())
        {
            var top = PdfText.Lines(page).First();
            Assert.Equal(CompositionDemoDocument.Title + " · " + demo.Model.Project + " " + demo.Model.Client, top.Text);
        }
    }

    [Fact]
    public void LongTable_Demo_EveryRowAppearsOnceWithItsCellsInOrder()
    {
        using var pdf = Open();
        var rows = pdf.GetPages().SelectMany(p => PdfText.BodyLines(p, demo.Setup)).Where(l => l.Text.StartsWith("ann-", StringComparison.Ordinal)).Select(l => l.Text).ToList();
        // A no-break space reads as a space.
        var expected = demo.Model.Annotators.Select(a => string.Join(' ', CompositionDemoDocument.Cells(a)).Replace('\u00A0', ' ')).ToList();
        Assert.Equal(120, expected.Count);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void LongTable_Demo_HeaderRowRepeatsAboveTheRowsOnEveryPageItSpans()
    {
        using var pdf = Open();
        var header = string.Join(' ', TableHeader);
        var spanned = 0;
        foreach (var page in pdf.GetPages())
        {
            var lines = PdfText.BodyLines(page, demo.Setup);
            var firstRow = lines.FindIndex(l => l.Text.StartsWith("ann-", StringComparison.Ordinal));
            if (firstRow < 0) continue;
            spanned++;
            Assert.True(firstRow > 0 && lines[firstRow - 1].Text == header, $"page {page.Number}: the line above the first row is \"{(firstRow > 0 ? lines[firstRow - 1].Text : "")}\"");
            Assert.Single(lines, l => l.Text == header);
        }
        Assert.True(spanned >= 3, $"the 120-row table should span at least 3 pages, spans {spanned}");
    }

    [Fact]
    public void LongTable_Demo_NumericColumnsAreRightAligned()
    {
        using var pdf = Open();
        var page = pdf.GetPages().First(p => p.GetWords().Any(w => w.Text == "ann-001"));
        // The "Labels" column: every value ends at the same x, whatever its number of digits.
        var rowLines = PdfText.BodyLines(page, demo.Setup).Where(l => l.Text.StartsWith("ann-", StringComparison.Ordinal)).ToList();
        var labelWords = page.GetWords().Where(w => demo.Model.Annotators.Any(a => a.Labels.ToString("N0", CultureInfo.InvariantCulture) == w.Text)
            && rowLines.Any(l => Math.Abs(l.Baseline - w.Letters[0].StartBaseLine.Y) < 0.5)).ToList();
        Assert.True(labelWords.Count >= 10);
        var rights = labelWords.Select(w => w.BoundingBox.Right).ToList();
        Assert.True(rights.Max() - rights.Min() < 1.0, $"right edges spread over {rights.Max() - rights.Min():F2} pt");
        Assert.True(labelWords.Select(w => w.BoundingBox.Left).Distinct().Count() > 1, "values of different widths should start at different x");
    }

    [Fact]
    public void Text_Demo_NonAsciiIsExtractable()
    {
        using var pdf = Open();
        var text = string.Join('\n', pdf.GetPages().SelectMany(p => PdfText.Lines(p)).Select(l => l.Text));
        Assert.Contains("above the contractual threshold of α ≥ 0.800.", text, StringComparison.Ordinal);
        Assert.Contains("Cohen's κ", text, StringComparison.Ordinal);
        Assert.Contains("café-and-terrace", text, StringComparison.Ordinal);
        Assert.Contains("Street-scene sentiment – Q3 relabel", text, StringComparison.Ordinal);
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToHashSet();
        Assert.Contains("café-and-terrace", words);
        Assert.Contains("≥", words);
        Assert.Contains("κ", words);
    }

    [Fact]
    public void Metadata_Demo_InfoAndXmpCarryTheFieldsAndTheClock()
    {
        using var pdf = Open();
        var info = pdf.Information;
        var metadata = new CompositionDemoDocument(demo.Model).Metadata;
        Assert.Equal(metadata.Title, info.Title);
        Assert.Equal("Zoé Lefèvre, Quality assurance", info.Author);
        Assert.Equal(metadata.Subject, info.Subject);
        Assert.Equal("annotation quality, inter-annotator agreement, Krippendorff's α, Cohen's κ", info.Keywords);
        Assert.Equal("Quality", info.Creator);
        Assert.Equal(ReportPdf.Producer, info.Producer);
        Assert.Equal(FixedClock.Default.GetUtcNow(), info.GetCreatedDateTimeOffset());
        Assert.Equal(FixedClock.Default.GetUtcNow(), info.GetModifiedDateTimeOffset());

        Assert.True(pdf.TryGetXmpMetadata(out var xmp));
        var xml = Encoding.UTF8.GetString(xmp.GetXmlBytes());
        Assert.Contains("<pdfaid:part>2</pdfaid:part>", xml, StringComparison.Ordinal);
        Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", xml, StringComparison.Ordinal);
        Assert.Contains("<xmp:CreateDate>2026-11-30T09:15:42+00:00</xmp:CreateDate>", xml, StringComparison.Ordinal);
        // The XMP document ID and the trailer's /ID are the same (content-derived) identifier.
        var trailerId = pdf.Structure.Trailer.Identifier[0].Data;
        var hex = Convert.ToHexString([.. trailerId.Select(b => (byte)b)]).ToLowerInvariant();
        Assert.Contains($"<xmpMM:DocumentID>uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}</xmpMM:DocumentID>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Outline_Demo_BookmarksNestLikeTheHeadingsAndPointAtTheirPages()
    {
        using var pdf = Open();
        Assert.True(pdf.TryGetBookmarks(out var bookmarks, false));
        Assert.Equal(["1 Executive summary", "2 Agreement by annotator", "3 Trends"], bookmarks.Roots.Select(r => r.Title));
        Assert.Equal(["1.1 Scope", "1.2 Method"], bookmarks.Roots[0].Children.Select(c => c.Title));
        Assert.Equal(["1.2.1 Thresholds"], bookmarks.Roots[0].Children[1].Children.Select(c => c.Title));
        Assert.Equal(["3.1 Volume", "3.2 Speed and accuracy"], bookmarks.Roots[2].Children.Select(c => c.Title));
        Assert.Equal(["3.2.1 Caveats"], bookmarks.Roots[2].Children[1].Children.Select(c => c.Title));

        var all = bookmarks.GetNodes().Cast<DocumentBookmarkNode>().ToList();
        Assert.Equal(10, all.Count);
        foreach (var node in all)
        {
            var page = pdf.GetPage(node.PageNumber);
            var heading = Assert.Single(PdfText.BodyLines(page, demo.Setup), l => l.Text == node.Title);
            // The destination's top is at (or just above) the heading, so a viewer shows the heading at the top.
            var top = node.Destination.Coordinates.Top!.Value;
            Assert.InRange(top - heading.Baseline, 0, 30);
        }
    }

    [Fact]
    public void Contents_Demo_EveryEntryLinksToItsHeadingsPageAndPrintsIt()
    {
        using var pdf = Open();
        Assert.True(pdf.TryGetBookmarks(out var bookmarks, false));
        var headings = bookmarks.GetNodes().Cast<DocumentBookmarkNode>().ToDictionary(n => n.Title, n => n.PageNumber);
        var contents = pdf.GetPage(2);
        var links = contents.GetAnnotations().Where(a => a.Type == AnnotationType.Link).ToList();
        Assert.Equal(headings.Count, links.Count);
        var lines = PdfText.BodyLines(contents, demo.Setup);
        foreach (var link in links)
        {
            var target = Assert.IsAssignableFrom<AbstractGoToAction>(link.Action).Destination.PageNumber;
            var line = Assert.Single(lines, l => l.Baseline > link.Rectangle.Bottom && l.Baseline < link.Rectangle.Top);
            var title = headings.Keys.Single(t => line.Text.StartsWith(t + " ", StringComparison.Ordinal));
            Assert.Equal(headings[title], target);
            Assert.Equal($"{title} {target}", line.Text);
        }
    }

    [Fact]
    public void Charts_Demo_AreVectorsWithRealTextAndNoImages()
    {
        using var pdf = Open();
        Assert.All(pdf.GetPages(), page => Assert.Empty(page.GetImages()));
        // No image XObject anywhere in the file (Skia writes object dictionaries uncompressed).
        Assert.Equal(0, Occurrences(demo.Pdf, "/Subtype /Image"));
        Assert.True(Occurrences(demo.Pdf, "/Subtype /Link") > 0, "the raw-byte search must see object dictionaries");
        var volume = pdf.GetPages().Single(p => PdfText.Lines(p).Any(l => l.Text.StartsWith("Figure 1.", StringComparison.Ordinal)));
        var volumeText = PdfText.Lines(volume).Select(l => l.Text).ToList();
        Assert.Contains("Annotations per week", volumeText);
        Assert.Contains("Week starting (Monday, UTC)", volumeText);
        // The y-axis title is drawn rotated: still text, just not horizontal.
        Assert.Contains("Annotations", string.Concat(volume.Letters.Where(l => l.TextOrientation != UglyToad.PdfPig.Content.TextOrientation.Horizontal).Select(l => l.Value)), StringComparison.Ordinal);
        var scatter = pdf.GetPages().Single(p => PdfText.Lines(p).Any(l => l.Text.StartsWith("Figure 2.", StringComparison.Ordinal)));
        var scatterText = PdfText.Lines(scatter).Select(l => l.Text).ToList();
        Assert.Contains("Gold accuracy vs time per label", scatterText);
        Assert.Contains("Median time per label (s)", scatterText);
        Assert.Contains(scatterText, l => l.Contains("Least-squares fit", StringComparison.Ordinal));
    }

    [Fact]
    public void Fonts_Demo_OnlyTheEmbeddedTypefacesAreUsedIncludingByCharts()
    {
        using var pdf = Open();
        var fonts = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+DejaVuSans(-Bold)?$", f));
        // One embedded font program per typeface: a chart that fell back to a system font would add a third.
        Assert.Equal(2, Occurrences(demo.Pdf, "/FontFile2"));
    }

    [Fact]
    public void KeepTogether_Demo_NoHeadingEndsAPageAndCaptionsShareTheirChartsPage()
    {
        using var pdf = Open();
        Assert.True(pdf.TryGetBookmarks(out var bookmarks, false));
        foreach (var node in bookmarks.GetNodes().Cast<DocumentBookmarkNode>())
        {
            var lines = PdfText.BodyLines(pdf.GetPage(node.PageNumber), demo.Setup);
            var at = lines.FindIndex(l => l.Text == node.Title);
            Assert.True(at >= 0 && at < lines.Count - 1, $"\"{node.Title}\" is the last line of page {node.PageNumber}");
        }
    }

    [Fact]
    public void Render_SameModelAndClock_GivesIdenticalBytes()
    {
        var again = ReportPdf.Render(new CompositionDemoDocument(CompositionDemoData.Create()), FixedClock.Default);
        Assert.Equal(demo.Pdf, again);
        var later = ReportPdf.Render(new CompositionDemoDocument(CompositionDemoData.Create()), new FixedClock(FixedClock.Default.GetUtcNow().AddHours(1)));
        Assert.NotEqual(demo.Pdf, later);
    }

    [Fact]
    public void Render_TwoAtOnce_GiveTheSameBytesAsOneAlone()
    {
        // Typefaces and ScottPlot's font resolvers are shared by every render in the process.
        var both = new byte[2][];
        Parallel.For(0, 2, i => both[i] = ReportPdf.Render(new CompositionDemoDocument(CompositionDemoData.Create()), FixedClock.Default));
        Assert.Equal(demo.Pdf, both[0]);
        Assert.Equal(demo.Pdf, both[1]);
    }

    [SkippableFact]
    public void Pages_Demo_RenderToPngsThatAreNotBlank()
    {
        Skip.If(PdfToPng.Tool is null, "poppler-utils' pdftoppm is not on PATH (apt-get install poppler-utils)");
        var dir = Path.Combine(Path.GetTempPath(), "quality-report-pages", "demo");
        var (files, stderr) = PdfToPng.Render(demo.Pdf, dir, 50);
        // Poppler reports a broken cross-reference table or outline on stderr.
        Assert.Equal("", stderr);
        using var pdf = Open();
        Assert.Equal(pdf.NumberOfPages, files.Length);
        foreach (var file in files)
        {
            using var bitmap = SKBitmap.Decode(file);
            var ink = 0;
            for (var y = 0; y < bitmap.Height; y++)
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red < 235 || c.Green < 235 || c.Blue < 235) ink++;
                }
            var share = ink / (double)(bitmap.Width * bitmap.Height);
            Assert.True(share > 0.004, $"{Path.GetFileName(file)} is nearly blank ({share:P2} ink)");
        }
    }

    private static int Occurrences(byte[] data, string token)
    {
        var text = Encoding.Latin1.GetString(data);
        var n = 0;
        for (var i = text.IndexOf(token, StringComparison.Ordinal); i >= 0; i = text.IndexOf(token, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
