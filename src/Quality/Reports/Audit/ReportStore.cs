using System.Data.Common;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Reports.Audit;

/// <summary>A stored report without its bytes (what lists show).</summary>
public sealed record StoredReport(long Id, int ProjectId, string Project, string? Client, ReportPeriod Period, DateTime GeneratedAt,
    string Fingerprint, string QualityVersion, string FileName, long SizeBytes, string PdfSha256, int Pages, string Trigger, string? ScheduleId);

/// <summary>
/// The reports table: insert and read, never update — a report is a record of what was sent. Rows are written
/// only through <see cref="Insert"/>, which takes the rendered bytes and the model they came from.
/// </summary>
public static class ReportStore
{
    private const string Columns =
        "report_id, project_id, project, client, period_from, period_to, generated_at, fingerprint, quality_version, file_name, size_bytes, pdf_sha256, pages, trigger, schedule_id";

    public static long Insert(DuckDBConnection c, int projectId, AuditReportModel model, string fingerprint, DateTimeOffset generatedAt, byte[] pdf,
        string trigger, string? scheduleId)
    {
        if (trigger is not ("manual" or "schedule")) throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "manual or schedule");
        var fileName = FileName(model.Project, model.Period);
        return Convert.ToInt64(c.Scalar(
            """
            INSERT INTO reports (project_id, project, client, period_from, period_to, generated_at, fingerprint, quality_version, file_name,
                                 pdf, size_bytes, pdf_sha256, pages, trigger, schedule_id, model_json)
            VALUES ($pid, $project, $client, $from, $to, $at, $fp, $version, $file, $pdf, $size, $sha, $pages, $trigger, $schedule, $model)
            RETURNING report_id
            """,
            ("pid", projectId), ("project", model.Project), ("client", model.Client), ("from", model.Period.FromUtc), ("to", model.Period.ToUtc),
            ("at", generatedAt.UtcDateTime), ("fp", fingerprint), ("version", model.QualityVersion), ("file", fileName), ("pdf", pdf),
            ("size", (long)pdf.Length), ("sha", Convert.ToHexStringLower(SHA256.HashData(pdf))), ("pages", PdfPages.Count(pdf)),
            ("trigger", trigger), ("schedule", scheduleId), ("model", ReportFingerprint.CanonicalJson(model))), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>"audit-PROJECT-2026-10-05-to-2026-11-01.pdf" (last day inclusive), with the project name made file-safe.</summary>
    public static string FileName(string project, ReportPeriod period)
    {
        var safe = new string(project.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray()).Trim('-');
        if (safe.Length == 0) safe = "project";
        return $"audit-{safe}-{period.From:yyyy-MM-dd}-to-{period.LastDay:yyyy-MM-dd}.pdf".Replace('/', '-');
    }

    public static IReadOnlyList<StoredReport> List(DuckDBConnection c, int projectId) =>
        c.Query($"SELECT {Columns} FROM reports WHERE project_id = $pid ORDER BY report_id DESC", Read, ("pid", projectId));

    public static StoredReport? Get(DuckDBConnection c, long reportId) =>
        c.Query($"SELECT {Columns} FROM reports WHERE report_id = $id", Read, ("id", reportId)).FirstOrDefault();

    public static byte[]? Pdf(DuckDBConnection c, long reportId) =>
        c.Query("SELECT pdf FROM reports WHERE report_id = $id", r => ReadBlob(r, 0), ("id", reportId)).FirstOrDefault();

    /// <summary>The canonical model JSON stored with the report of this fingerprint (the latest one), or null.</summary>
    public static string? ModelJson(DuckDBConnection c, int projectId, string fingerprint) =>
        c.Query("SELECT model_json FROM reports WHERE project_id = $pid AND fingerprint = $fp ORDER BY report_id DESC LIMIT 1",
            r => r.GetString(0), ("pid", projectId), ("fp", fingerprint)).FirstOrDefault();

    private static byte[] ReadBlob(DbDataReader r, int ordinal)
    {
        using var stream = r.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static StoredReport Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.StringOrNull(3),
        new ReportPeriod(DateOnly.FromDateTime(r.GetDateTime(4)), DateOnly.FromDateTime(r.GetDateTime(5))),
        DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc), r.GetString(7), r.GetString(8), r.GetString(9), r.GetInt64(10), r.GetString(11),
        r.GetInt32(12), r.GetString(13), r.StringOrNull(14));
}

/// <summary>Page count of a PDF written by the composer (Skia writes page dictionaries uncompressed).</summary>
internal static class PdfPages
{
    public static int Count(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        return System.Text.RegularExpressions.Regex.Count(text, @"/Type\s*/Page(?![s\w])");
    }
}
