using DuckDB.NET.Data;

namespace Quality.Storage;

/// <summary>The DuckDB file that holds every project. Hands out one connection per unit of work.</summary>
public sealed class QualityDatabase
{
    public QualityDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }

    public string Path { get; }

    /// <summary>The default file inside a data folder.</summary>
    public static QualityDatabase InDataDir(string dataDir) => new(System.IO.Path.Combine(dataDir, "quality.duckdb"));

    /// <summary>Opens a new connection; the caller disposes it at the end of its unit of work.</summary>
    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection($"Data Source={Path}");
        connection.Open();
        return connection;
    }

    /// <summary>Opens the database and applies pending migrations; returns the schema version.</summary>
    public int Migrate()
    {
        using var connection = Open();
        return Migrator.Apply(connection);
    }
}
