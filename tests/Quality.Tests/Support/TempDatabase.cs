using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Tests.Support;

/// <summary>A real DuckDB file in a fresh temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Dir = Path.Combine(Path.GetTempPath(), "quality-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Database = new QualityDatabase(Path.Combine(Dir, "quality.duckdb"));
        Database.Migrate();
        Imports = new ImportService(Database, ImporterCatalog.All);
    }

    public string Dir { get; }
    public QualityDatabase Database { get; }
    public ImportService Imports { get; }

    /// <summary>Writes a file into the temp folder (UTF-8 without BOM unless bytes are given).</summary>
    public string File(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
        return path;
    }

    public string File(string name, byte[] content)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public ImportSummary Import(string path, string project = "P", string? gold = null, string? format = null) =>
        Imports.Import(path, new ImportRequest { Project = project, GoldFile = gold, Format = format });

    public long Count(string sql, params (string, object?)[] p)
    {
        using var c = Database.Open();
        return c.ScalarLong(sql, p);
    }

    public List<T> Rows<T>(string sql, Func<System.Data.Common.DbDataReader, T> map)
    {
        using var c = Database.Open();
        return c.Query(sql, map);
    }

    /// <summary>Everything the project tables hold, as one string: equal before and after means "unchanged".</summary>
    public string Fingerprint()
    {
        using var c = Database.Open();
        var parts = new List<string>();
        foreach (var table in new[] { "projects", "imports", "fields", "items", "annotators", "annotations", "gold" })
        {
            parts.Add(table + "=" + c.ScalarLong($"SELECT count(*) FROM {table}"));
            parts.Add(Convert.ToString(c.Scalar($"SELECT sum(hash(t::VARCHAR)) FROM {table} t"), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        return string.Join(";", parts);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
