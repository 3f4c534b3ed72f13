using System.Text;
using Microsoft.AspNetCore.Mvc;
using Quality.Exports;

namespace Quality.Web.Features.Shared;

/// <summary>A <see cref="ReportTable"/> as a CSV file download, named after the project and the table.</summary>
public static class CsvDownload
{
    public static IActionResult File(ReportTable? table, string projectName, string? suffix = null)
    {
        if (table is null) return new NotFoundObjectResult(new { error = "no such table on this page" });
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        table.WriteCsv(writer);
        var name = $"{Slug(projectName)}-{table.Id}{(suffix is null ? "" : "-" + Slug(suffix))}.csv";
        var bytes = CsvExport.FileEncoding.GetPreamble().Concat(CsvExport.FileEncoding.GetBytes(writer.ToString())).ToArray();
        return new FileContentResult(bytes, "text/csv; charset=utf-8") { FileDownloadName = name };
    }

    /// <summary>Lower-case letters, digits and dashes: safe in a file name on every system.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var s = sb.ToString().Trim('-');
        return s.Length == 0 ? "table" : s.Length > 60 ? s[..60].TrimEnd('-') : s;
    }
}
