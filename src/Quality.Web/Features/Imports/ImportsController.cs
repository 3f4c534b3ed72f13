using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Quality.Ingestion;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Imports;

/// <summary>Upload a file → an import job → a live progress bar → the summary or the error.</summary>
public sealed class ImportsController(UploadStore uploads, ImportProgressTracker tracker, IBackgroundJobClient jobs,
    IOptions<QualityOptions> options) : Controller
{
    [HttpGet("/imports/new")]
    public IActionResult New(string? project)
    {
        ViewData["Formats"] = ImporterCatalog.All.Select(i => i.Format).ToList();
        return View(new NewImportViewModel(project, uploads.Recent(null, 20), options.Value.MaxUploadBytes));
    }

    /// <summary>
    /// Reads the multipart body as a stream, writing the file straight to disk: a 2 GB export never sits in memory.
    /// Form fields must come before the file part (the form is ordered that way).
    /// </summary>
    [HttpPost("/imports")]
    [DisableRequestSizeLimit]
    [RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
    [IgnoreAntiforgeryToken]
    [DisableFormValueModelBinding]
    public async Task<IActionResult> Upload(CancellationToken ct)
    {
        var sizeFeature = HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = options.Value.MaxUploadBytes + 1024 * 1024;
        if (!MediaTypeHeaderValue.TryParse(Request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return UploadError("Send the file as multipart/form-data (the upload form does).");
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return UploadError("The upload has no multipart boundary.");

        var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Upload? upload = null;
        var reader = new MultipartReader(boundary, Request.Body);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (!string.IsNullOrEmpty(fileName))
            {
                var project = form.GetValueOrDefault("project")?.Trim();
                if (string.IsNullOrEmpty(project)) return UploadError("Name the project the file belongs to (the project field comes before the file).");
                var format = Blank(form.GetValueOrDefault("format"));
                if (format is not null && ImporterCatalog.All.All(i => !string.Equals(i.Format, format, StringComparison.OrdinalIgnoreCase)))
                    return UploadError($"Unknown format '{format}'.");
                try
                {
                    upload = await uploads.SaveAsync(project, fileName, section.Body, format,
                        Blank(form.GetValueOrDefault("annotator")), form.GetValueOrDefault("gold") is "on" or "true", ct);
                }
                catch (UploadTooLargeException ex)
                {
                    return UploadError("The " + ex.Message + ".", StatusCodes.Status413PayloadTooLarge);
                }
                break;
            }
            using var sr = new StreamReader(section.Body);
            var value = await sr.ReadToEndAsync(ct);
            if (value.Length > 4096) return UploadError($"The form field '{name}' is too long.");
            form[name] = value;
        }
        if (upload is null) return UploadError("Choose a file to import.");
        if (upload.Bytes == 0)
        {
            uploads.SetStatus(upload.Id, UploadStatus.Failed, null, $"{upload.FileName}: the file is empty");
        }
        else
        {
            var jobId = jobs.Enqueue<ImportJob>(j => j.Run(upload.Id));
            uploads.SetJob(upload.Id, jobId);
        }

        if (Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase)))
            return Accepted($"/api/v1/imports/{upload.Id}", Status(upload.Id));
        return Redirect($"/imports/{upload.Id}");
    }

    [HttpGet("/imports/{id}")]
    public IActionResult Show(string id)
    {
        var upload = uploads.Get(id);
        if (upload is null) return NotFound();
        return View(upload);
    }

    /// <summary>The job's state for the progress bar: polled by the page, and by API clients.</summary>
    [HttpGet("/api/v1/imports/{id}")]
    [Produces("application/json")]
    [ApiExplorerSettings(IgnoreApi = false)]
    [Tags("Imports")]
    [EndpointSummary("An import job's state: status, percent, rows/s, then the summary or the error")]
    public IActionResult Progress(string id)
    {
        var status = Status(id);
        return status is null ? NotFound(new { error = $"no upload {id}" }) : Ok(status);
    }

    private ImportStatusDto? Status(string id)
    {
        // Live progress first, then the stored status: the job records success before it drops its live entry,
        // so read the other way round a finished job could look running with no progress (100% → 0%).
        var live = tracker.Get(id);
        var upload = uploads.Get(id);
        if (upload is null) return null;
        var done = upload.Status is UploadStatus.Succeeded or UploadStatus.Failed;
        var percent = upload.Status == UploadStatus.Succeeded ? 100 : live?.Percent ?? 0;
        return new ImportStatusDto(upload.Id, upload.Project, upload.FileName, upload.Bytes,
            upload.Status.ToString().ToLowerInvariant(), Math.Round(percent, 1),
            live?.Rows ?? 0, Math.Round(live?.RowsPerSecond ?? 0), Math.Round(live?.Elapsed.TotalSeconds ?? (upload.UpdatedAt - upload.CreatedAt).TotalSeconds, 2),
            done, upload.Error,
            upload.SummaryJson is null ? null : JsonSerializer.Deserialize<JsonElement>(upload.SummaryJson));
    }

    private ContentResult UploadError(string message, int status = StatusCodes.Status400BadRequest)
    {
        Response.StatusCode = status;
        return Content(JsonSerializer.Serialize(new { error = message }), "application/json");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The form page's model.</summary>
public sealed record NewImportViewModel(string? Project, IReadOnlyList<Upload> Recent, long MaxUploadBytes);

/// <summary>An import job's state as JSON: status, percent, rows/s, elapsed, then the summary or the error.</summary>
public sealed record ImportStatusDto(string Id, string Project, string File, long Bytes, string Status, double Percent,
    long Rows, double RowsPerSecond, double ElapsedSeconds, bool Done, string? Error, JsonElement? Summary);
