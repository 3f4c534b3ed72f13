using Microsoft.Extensions.Options;
using Quality.Storage;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Imports;

public enum UploadStatus { Queued, Running, Succeeded, Failed }

/// <summary>An uploaded file waiting for, or done with, its import job.</summary>
public sealed record Upload(string Id, string Project, string FileName, string StoredPath, long Bytes, string? Format,
    string? Annotator, bool AsGold, UploadStatus Status, string? SummaryJson, string? Error, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Uploads on disk (data/uploads) and their job state in the uploads table.</summary>
public sealed class UploadStore(QualityDatabase database, IOptions<QualityOptions> options)
{
    public string UploadDir => Path.Combine(options.Value.DataDirFullPath, "uploads");

    /// <summary>Streams the request body to disk without buffering it in memory; enforces the size limit as it goes.</summary>
    public async Task<Upload> SaveAsync(string project, string fileName, Stream content, string? format, string? annotator, bool asGold, CancellationToken ct)
    {
        Directory.CreateDirectory(UploadDir);
        var id = Guid.NewGuid().ToString("N");
        var safeName = Path.GetFileName(fileName);
        var stored = Path.Combine(UploadDir, id + Path.GetExtension(safeName));
        long total = 0;
        var limit = options.Value.MaxUploadBytes;
        try
        {
            await using var file = new FileStream(stored, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await content.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > limit) throw new UploadTooLargeException(limit);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        catch
        {
            File.Delete(stored);
            throw;
        }

        var now = DateTime.UtcNow;
        using var c = database.Open();
        c.Execute(
            """
            INSERT INTO uploads (upload_id, project, file_name, stored_path, bytes, format, annotator, as_gold, status, created_at, updated_at)
            VALUES ($id, $project, $name, $path, $bytes, $format, $annotator, $gold, 'queued', $now, $now)
            """,
            ("id", id), ("project", project), ("name", safeName), ("path", stored), ("bytes", total), ("format", format),
            ("annotator", annotator), ("gold", asGold), ("now", now));
        return Get(id)!;
    }

    public Upload? Get(string id)
    {
        using var c = database.Open();
        var rows = c.Query(Select + " WHERE upload_id = $id", Map, ("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public IReadOnlyList<Upload> Recent(string? project, int limit = 50)
    {
        using var c = database.Open();
        return c.Query(Select + " WHERE ($project IS NULL OR project = $project) ORDER BY created_at DESC LIMIT $limit", Map,
            ("project", project), ("limit", limit));
    }

    public void SetJob(string id, string jobId)
    {
        using var c = database.Open();
        c.Execute("UPDATE uploads SET job_id = $job WHERE upload_id = $id", ("id", id), ("job", jobId));
    }

    public void SetStatus(string id, UploadStatus status, string? summaryJson, string? error)
    {
        using var c = database.Open();
        c.Execute("UPDATE uploads SET status = $status, summary = coalesce($summary, summary), error = $error, updated_at = $now WHERE upload_id = $id",
            ("id", id), ("status", status.ToString().ToLowerInvariant()), ("summary", summaryJson), ("error", error), ("now", DateTime.UtcNow));
    }

    private const string Select =
        "SELECT upload_id, project, file_name, stored_path, bytes, format, annotator, as_gold, status, summary, error, created_at, updated_at FROM uploads";

    private static Upload Map(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.StringOrNull(5), r.StringOrNull(6),
        r.GetBoolean(7), Enum.Parse<UploadStatus>(r.GetString(8), ignoreCase: true), r.StringOrNull(9), r.StringOrNull(10),
        DateTime.SpecifyKind(r.GetDateTime(11), DateTimeKind.Utc), DateTime.SpecifyKind(r.GetDateTime(12), DateTimeKind.Utc));
}

/// <summary>The upload exceeded Quality:MaxUploadBytes.</summary>
public sealed class UploadTooLargeException(long limit)
    : Exception($"the file is larger than the upload limit of {limit / (1024 * 1024)} MB (Quality:MaxUploadBytes)");
