using Microsoft.AspNetCore.Mvc;
using Quality.Storage;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Imports;

/// <summary>The import history: every import that landed, and every upload with its job's state.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class HistoryController(QualityDatabase database, UploadStore uploads) : Controller
{
    [HttpGet("/imports")]
    public IActionResult Index() => View("/Features/Imports/History.cshtml", new ImportHistoryPage(ImportHistory.Imports(database), uploads.Recent(null, 100)));

    [HttpGet("/imports/history.csv")]
    public IActionResult Csv() => CsvDownload.File(ImportHistory.Imports(database), "quality");
}

/// <summary>The history page's model.</summary>
public sealed record ImportHistoryPage(ReportTable Imports, IReadOnlyList<Upload> Uploads);
