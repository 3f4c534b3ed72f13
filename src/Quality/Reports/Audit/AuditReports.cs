using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quality.Analytics.Input;
using Quality.Reports.Composition;
using Quality.Storage;

namespace Quality.Reports.Audit;

/// <summary>A rendered audit report: the model it came from, its fingerprint and the PDF.</summary>
public sealed record RenderedReport(AuditReportModel Model, string Fingerprint, byte[] Pdf, DateTimeOffset GeneratedAt);

/// <summary>What a PDF says about itself in its keywords: the fingerprint, the period and the client.</summary>
public sealed record ReportStamp(string Fingerprint, ReportPeriod Period, string? Client);

/// <summary>The outcome of `quality report verify`.</summary>
public sealed record VerifyResult(bool Match, ReportStamp Stamp, string Recomputed, string QualityVersion, IReadOnlyList<string> ChangedSections);

/// <summary>Generating, storing and verifying audit reports: what the CLI and the web job call.</summary>
public static partial class AuditReports
{
    /// <summary>Loads the model, renders the PDF with the clock's time. Nothing is stored.</summary>
    public static RenderedReport Render(QualityDatabase database, string project, DateOnly? from, DateOnly? to, string? client, TimeProvider clock,
        IProgress<ReportProgress>? progress = null)
    {
        var model = AuditReportData.Load(database, project, from, to, client, progress);
        progress?.Report(new ReportProgress("rendering the PDF", 0.8));
        var document = new AuditReportDocument(model);
        var pdf = ReportPdf.Render(document, clock);
        var now = clock.GetUtcNow();
        return new RenderedReport(model, document.Fingerprint, pdf, new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
    }

    /// <summary>Renders and stores a report; returns its id.</summary>
    public static (long Id, RenderedReport Report) Generate(QualityDatabase database, string project, DateOnly? from, DateOnly? to, string? client,
        TimeProvider clock, string trigger = "manual", string? scheduleId = null, IProgress<ReportProgress>? progress = null)
    {
        var rendered = Render(database, project, from, to, client, clock, progress);
        progress?.Report(new ReportProgress("storing", 0.97));
        using var c = database.Open();
        var pid = ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
        var id = ReportStore.Insert(c, pid, rendered.Model, rendered.Fingerprint, rendered.GeneratedAt, rendered.Pdf, trigger, scheduleId);
        return (id, rendered);
    }

    /// <summary>Reads the fingerprint, period and client back from a PDF's keywords (document information and XMP).</summary>
    public static ReportStamp ReadStamp(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var fingerprints = FingerprintPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        if (fingerprints.Count == 0) throw new QualityException("the file carries no Quality report fingerprint: it is not an audit report made by Quality, or its metadata was rewritten");
        if (fingerprints.Count > 1) throw new QualityException("the file carries more than one report fingerprint; it has been edited");
        var periods = PeriodPattern().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ToList();
        if (periods.Count != 1) throw new QualityException("the file does not state its report period exactly once");
        var clients = ClientPattern().Matches(text).Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).Distinct(StringComparer.Ordinal).ToList();
        if (clients.Count > 1) throw new QualityException("the file names more than one client");
        var period = new ReportPeriod(DateOnly.ParseExact(periods[0].Item1, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(periods[0].Item2, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new ReportStamp(fingerprints[0], period, clients.FirstOrDefault());
    }

    /// <summary>Recomputes the model of the PDF's project and period from the database and compares fingerprints.</summary>
    public static VerifyResult Verify(QualityDatabase database, byte[] pdf, string project)
    {
        var stamp = ReadStamp(pdf);
        var model = AuditReportData.Load(database, project, stamp.Period.From, stamp.Period.To, stamp.Client);
        var recomputed = ReportFingerprint.Compute(model);
        var match = string.Equals(recomputed, stamp.Fingerprint, StringComparison.Ordinal);
        IReadOnlyList<string> changed = [];
        if (!match)
        {
            using var c = database.Open();
            var pid = ProjectRatings.ProjectId(c, project)!.Value;
            if (ReportStore.ModelJson(c, pid, stamp.Fingerprint) is { } stored) changed = ChangedSections(stored, ReportFingerprint.CanonicalJson(model));
        }
        return new VerifyResult(match, stamp, recomputed, model.QualityVersion, changed);
    }

    /// <summary>The top-level keys of two canonical models whose values differ.</summary>
    public static IReadOnlyList<string> ChangedSections(string before, string after)
    {
        var a = JsonNode.Parse(before) as JsonObject ?? [];
        var b = JsonNode.Parse(after) as JsonObject ?? [];
        return a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal)
            .Where(k => !JsonNode.DeepEquals(a[k], b[k])).ToList();
    }

    [GeneratedRegex(@"fingerprint sha256:([0-9a-f]{64})")]
    private static partial Regex FingerprintPattern();

    [GeneratedRegex(@"period (\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"client:([A-Za-z0-9\-._~%]+)")]
    private static partial Regex ClientPattern();
}
