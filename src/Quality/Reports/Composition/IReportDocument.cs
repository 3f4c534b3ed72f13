namespace Quality.Reports.Composition;

/// <summary>
/// A document layout: turns a report model (data only) into blocks. Implementations hold the model and draw
/// nothing themselves; <see cref="ReportPdf"/> lays the blocks out and writes the PDF.
/// </summary>
public interface IReportDocument
{
    ReportMetadata Metadata { get; }

    /// <summary>Adds the document's blocks, in reading order. Called once per render.</summary>
    void Compose(ReportComposer report);
}

/// <summary>What the PDF says about itself (document information and XMP); dates come from the renderer's clock.</summary>
public sealed record ReportMetadata(string Title)
{
    public string? Author { get; init; }
    public string? Subject { get; init; }

    /// <summary>Comma-separated keywords.</summary>
    public string? Keywords { get; init; }

    /// <summary>The application that made the content.</summary>
    public string Creator { get; init; } = "Quality";

    /// <summary>Ask Skia's PDF backend for PDF/A-2b (XMP identification, sRGB output intent, document ID).</summary>
    public bool PdfA { get; init; } = true;
}
