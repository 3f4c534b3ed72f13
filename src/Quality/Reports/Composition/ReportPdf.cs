using Quality.Reports.Fonts;
using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>
/// Renders an <see cref="IReportDocument"/> to PDF bytes: compose, measure, paginate, then draw every page with
/// Skia's PDF backend, then add the outline. The output depends only on the document and the clock.
/// </summary>
public static class ReportPdf
{
    /// <summary>The PDF Producer entry: this composer and the Skia build under it.</summary>
    public static string Producer { get; } = "Quality report composer, Skia/PDF (SkiaSharp " + typeof(SKDocument).Assembly.GetName().Version?.ToString(3) + ")";

    public static byte[] Render(IReportDocument document, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(clock);
        ReportFonts.RegisterForCharts();
        var now = clock.GetUtcNow();
        // PDF dates carry whole seconds; truncating keeps the info dictionary, the XMP and GeneratedAt in step.
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

        var report = new ReportComposer(document.Metadata, now);
        document.Compose(report);
        var page = report.Page;
        using var fonts = new FontCache();
        var context = new LayoutContext(fonts, report.Theme, report.Outline);
        var layouts = report.Blocks.Select(b => b.Layout(context, page.ContentWidth)).ToList();
        var pages = Paginator.Paginate(layouts, page.ContentTop, page.ContentBottom);
        var anchorPages = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < pages.Count; p++)
        {
            foreach (var (piece, _) in pages[p].Items)
                if (piece.Anchor is { } anchor) anchorPages[anchor] = p + 1;
        }

        var metadata = document.Metadata;
        var pdfMetadata = new SKDocumentPdfMetadata
        {
            Title = metadata.Title,
            Author = metadata.Author ?? "",
            Subject = metadata.Subject ?? "",
            Keywords = metadata.Keywords ?? "",
            Creator = metadata.Creator,
            Producer = Producer,
            Creation = now.UtcDateTime,
            Modified = now.UtcDateTime,
            PdfA = metadata.PdfA,
            RasterDpi = 300,
            EncodingQuality = 101,
        };
        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, pdfMetadata))
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var canvas = pdf.BeginPage(page.Width, page.Height);
                var draw = new DrawContext(canvas, fonts, report.Theme, p + 1, pages.Count, anchorPages);
                PageChrome.Draw(draw, page, metadata.Title);
                foreach (var (piece, y) in pages[p].Items) piece.Draw(draw, page.MarginLeft, y, page.ContentWidth);
                pdf.EndPage();
            }
            pdf.Close();
        }
        // The ID first, while Skia's trailer is the file's last part (its rewrite may change its length), then the
        // outline as an incremental update, which copies the new ID into its own trailer.
        return PdfOutlineWriter.Append(PdfDocumentId.MakeDeterministic(stream.ToArray()), report.Outline);
    }
}
