using System.Collections.Concurrent;
using Hangfire;
using Quality.Ingestion;
using Quality.Storage;
using Quality.Web.Features.Drift;

namespace Quality.Web.Features.Imports;

/// <summary>
/// Imports an uploaded file in the background. Takes the upload's id only; safe to re-run (the import itself is
/// idempotent by file hash), and records its outcome in the database so it outlives the process.
/// </summary>
public sealed class ImportJob(ImportService imports, UploadStore uploads, ImportProgressTracker tracker, IBackgroundJobClient jobs,
    QualityDatabase database)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Import upload {0}")]
    public void Run(string uploadId)
    {
        var upload = uploads.Get(uploadId) ?? throw new InvalidOperationException($"upload {uploadId} is not recorded");
        uploads.SetStatus(uploadId, UploadStatus.Running, null, null);
        tracker.Report(uploadId, new ImportProgress(0, upload.Bytes, 0, TimeSpan.Zero));
        try
        {
            var summary = imports.Import(upload.StoredPath, new ImportRequest
            {
                Project = upload.Project,
                Format = upload.Format,
                Annotator = upload.Annotator,
                AsGold = upload.AsGold,
                DisplayName = upload.FileName,
                ImportedBy = "web",
            }, new Progress(tracker, uploadId));
            uploads.SetStatus(uploadId, UploadStatus.Succeeded, summary.ToJson(), null);
            // New data may show drift: re-check the project in its own job, so the import never waits for it.
            if (!summary.AlreadyImported) jobs.EnqueueCheck(database, upload.Project);
        }
        catch (QualityException ex)
        {
            // Bad input is the user's to fix, not a job to retry: record the message and finish.
            uploads.SetStatus(uploadId, UploadStatus.Failed, null, ex.Message);
        }
        catch (Exception ex)
        {
            uploads.SetStatus(uploadId, UploadStatus.Failed, null, "internal error: " + ex.Message);
            throw;
        }
        finally
        {
            tracker.Finish(uploadId);
        }
    }

    // Synchronous IProgress: Progress<T> would post to the thread pool and could report out of order.
    private sealed class Progress(ImportProgressTracker tracker, string id) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => tracker.Report(id, value);
    }
}

/// <summary>Live progress of running imports, by upload id (finished ones are read from the database).</summary>
public sealed class ImportProgressTracker
{
    private readonly ConcurrentDictionary<string, ImportProgress> _live = new();

    public void Report(string id, ImportProgress progress) =>
        _live.AddOrUpdate(id, progress, (_, old) => progress.BytesRead >= old.BytesRead ? progress : old);

    public ImportProgress? Get(string id) => _live.TryGetValue(id, out var p) ? p : null;

    public void Finish(string id) => _live.TryRemove(id, out _);
}
