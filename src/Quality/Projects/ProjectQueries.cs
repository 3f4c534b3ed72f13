using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Projects;

/// <summary>A project in the portfolio list.</summary>
public sealed record ProjectSummary(int Id, string Name, string? Client, long Items, long Annotations, long Annotators,
    long GoldItems, DateTime? FirstAnnotation, DateTime? LastAnnotation);

/// <summary>A field of a project with its answer count.</summary>
public sealed record FieldSummary(int Id, string Name, string Kind, IReadOnlyList<string> Categories, long Annotations, long GoldItems);

/// <summary>The numbers of a project's overview page.</summary>
public sealed record ProjectOverview(ProjectSummary Project, IReadOnlyList<FieldSummary> Fields,
    IReadOnlyList<(DateTime WeekStart, long Count)> Weeks, IReadOnlyList<ImportRecord> Imports);

/// <summary>One import in a project's history.</summary>
public sealed record ImportRecord(int Id, string FileName, string Format, string Sha256, long Annotations, long AnnotationsAdded,
    long Skipped, DateTime FinishedAt, double Seconds, string? ImportedBy);

/// <summary>Read-side SQL for projects: counts and histories, aggregated in DuckDB.</summary>
public static class ProjectQueries
{
    private const string SummarySql =
        """
        SELECT p.project_id, p.name, p.client,
               (SELECT count(*) FROM items i WHERE i.project_id = p.project_id),
               (SELECT count(*) FROM annotations a WHERE a.project_id = p.project_id),
               (SELECT count(DISTINCT annotator_id) FROM annotations a WHERE a.project_id = p.project_id),
               (SELECT count(DISTINCT item_id) FROM gold g WHERE g.project_id = p.project_id),
               (SELECT min(created_at) FROM annotations a WHERE a.project_id = p.project_id),
               (SELECT max(created_at) FROM annotations a WHERE a.project_id = p.project_id)
        FROM projects p
        """;

    public static IReadOnlyList<ProjectSummary> List(DuckDBConnection c) =>
        c.Query(SummarySql + " ORDER BY p.name", MapSummary);

    public static ProjectSummary? Find(DuckDBConnection c, string name)
    {
        var rows = c.Query(SummarySql + " WHERE p.name = $name", MapSummary, ("name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    public static ProjectOverview? Overview(DuckDBConnection c, string name)
    {
        var project = Find(c, name);
        if (project is null) return null;
        var pid = ("pid", (object?)project.Id);
        var fields = c.Query(
            """
            SELECT f.field_id, f.name, f.kind, f.categories,
                   (SELECT count(*) FROM annotations a WHERE a.field_id = f.field_id),
                   (SELECT count(*) FROM gold g WHERE g.field_id = f.field_id)
            FROM fields f WHERE f.project_id = $pid ORDER BY f.field_id
            """,
            r => new FieldSummary(r.GetInt32(0), r.GetString(1), r.GetString(2),
                r.StringOrNull(3) is { } json ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [] : [],
                r.GetInt64(4), r.GetInt64(5)),
            pid);
        var weeks = WeeklyCounts(c, project.Id);
        var imports = c.Query(
            """
            SELECT import_id, file_name, format, sha256, annotations, annotations_added, skipped, finished_at,
                   epoch(finished_at - started_at), imported_by
            FROM imports WHERE project_id = $pid ORDER BY import_id DESC
            """,
            r => new ImportRecord(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt64(6), DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc), r.DoubleOrNull(8) ?? 0, r.StringOrNull(9)),
            pid);
        return new ProjectOverview(project, fields, weeks, imports);
    }

    /// <summary>Annotations per ISO week (Monday start, UTC), with empty weeks filled in as zero.</summary>
    public static IReadOnlyList<(DateTime WeekStart, long Count)> WeeklyCounts(DuckDBConnection c, int projectId)
    {
        var rows = c.Query(
            """
            WITH w AS (
                SELECT date_trunc('week', created_at) AS wk, count(*) AS n
                FROM annotations WHERE project_id = $pid AND created_at IS NOT NULL GROUP BY 1),
            r AS (SELECT min(wk) AS lo, max(wk) AS hi FROM w)
            SELECT g.wk, coalesce(w.n, 0)
            FROM r, LATERAL (SELECT unnest(generate_series(r.lo, r.hi, INTERVAL 7 DAY)) AS wk) g
            LEFT JOIN w ON w.wk = g.wk
            ORDER BY g.wk
            """,
            r => (DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc), r.GetInt64(1)),
            ("pid", projectId));
        return rows;
    }

    private static ProjectSummary MapSummary(System.Data.Common.DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), r.StringOrNull(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
        r.DateOrNull(7), r.DateOrNull(8));
}
