using Quality.Storage;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Imports;

/// <summary>Every import that landed, in every project, newest first, and the uploads still queued or failed.</summary>
public static class ImportHistory
{
    public static ReportTable Imports(QualityDatabase database)
    {
        using var c = database.Open();
        var rows = c.Query(
            """
            SELECT i.import_id, p.project_id, p.name, i.file_name, i.format, i.annotations, i.annotations_added, i.annotations_replaced,
                   i.gold_added, i.skipped, i.finished_at, epoch(i.finished_at - i.started_at), i.imported_by, i.sha256
            FROM imports i JOIN projects p ON p.project_id = i.project_id
            ORDER BY i.finished_at DESC, i.import_id DESC
            """,
            r => new object?[]
            {
                r.GetInt32(0), new Link(r.GetString(2), $"/projects/{r.GetInt32(1)}"), r.GetString(3), r.GetString(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), DateTime.SpecifyKind(r.GetDateTime(10), DateTimeKind.Utc),
                r.DoubleOrNull(11), r.StringOrNull(12), r.GetString(13),
            });
        var t = new ReportTable("imports", "Imports",
        [
            new("id", "#", CellFormat.Count), new("project", "Project"), new("file", "File"), new("format", "Format"),
            new("annotations", "Answers in file", CellFormat.Count), new("added", "New", CellFormat.Count),
            new("replaced", "Replaced", CellFormat.Count), new("gold_added", "Gold added", CellFormat.Count),
            new("skipped", "Skipped", CellFormat.Count), new("finished_at", "Finished", CellFormat.DateTime),
            new("seconds", "Took", CellFormat.Seconds), new("imported_by", "By"), new("sha256", "SHA-256", CellFormat.Code),
        ])
        {
            EmptyText = "Nothing imported yet. Upload a file with the form above.",
        };
        foreach (var row in rows) t.Add(Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture), row);
        return t;
    }
}
