using System.Globalization;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Tests.Ingestion;

/// <summary>A temporary DuckDB file and the real import service over it, with SQL helpers for assertions.</summary>
public sealed class ImportTestBed : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "quality-import-" + Guid.NewGuid().ToString("N"));

    public ImportTestBed()
    {
        Directory.CreateDirectory(_dir);
        Database = new QualityDatabase(Path.Combine(_dir, "q.duckdb"));
        Database.Migrate();
        Service = new ImportService(Database, ImporterCatalog.All);
    }

    public QualityDatabase Database { get; }
    public ImportService Service { get; }

    /// <summary>A fixture under the test output's Fixtures folder.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public ImportSummary Import(string path, string project = "p", string? format = null, string? annotator = null, bool asGold = false) =>
        Service.Import(path, new ImportRequest { Project = project, Format = format, Annotator = annotator, AsGold = asGold });

    /// <summary>Writes a file in the temporary folder (for generated and corrupted inputs).</summary>
    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string name, string content) => Write(name, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Rows of a query, each value as invariant text ("NULL" for null).</summary>
    public List<string[]> Rows(string sql)
    {
        using var connection = Database.Open();
        return connection.Query(sql, r => Enumerable.Range(0, r.FieldCount)
            .Select(i => r.IsDBNull(i) ? "NULL" : r.GetValue(i) switch
            {
                DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString()!,
            }).ToArray());
    }

    /// <summary>The single value of a query.</summary>
    public string Scalar(string sql) => Rows(sql).Single().Single();

    public long Count(string table) => long.Parse(Scalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    /// <summary>Row counts of every project table, to show that a failed import changed nothing.</summary>
    public string Snapshot() => string.Join(",", new[] { "projects", "imports", "fields", "items", "annotators", "annotations", "gold" }.Select(t => $"{t}={Count(t)}"));

    /// <summary>The answers of a project with their item, field and annotator keys, ordered for assertions.</summary>
    public List<Answer> Answers(string project = "p") => Rows(
        $"""
        SELECT i.external_key, f.name, a.external_key, n.value, n.value_num, n.geometry, n.created_at, n.lead_time_s, n.source_id, n.review
        FROM annotations n JOIN projects p USING (project_id) JOIN items i USING (item_id) JOIN fields f USING (field_id)
        JOIN annotators a USING (annotator_id) WHERE p.name = '{project}'
        ORDER BY i.external_key, f.name, a.external_key
        """).Select(r => new Answer(r[0], r[1], r[2], Null(r[3]), Null(r[4]), Null(r[5]), Null(r[6]), Null(r[7]), r[8], Null(r[9]))).ToList();

    public Answer Answer(string item, string field, string annotator, string project = "p") =>
        Answers(project).Single(a => a.Item == item && a.Field == field && a.Annotator == annotator);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string? Null(string s) => s == "NULL" ? null : s;
}

/// <summary>One stored answer, as text.</summary>
public sealed record Answer(string Item, string Field, string Annotator, string? Value, string? ValueNum, string? Geometry,
    string? CreatedAt, string? LeadTime, string SourceId, string? Review);
