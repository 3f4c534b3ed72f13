using System.Reflection;
using DuckDB.NET.Data;

namespace Quality.Storage;

/// <summary>Applies the numbered SQL files in Storage/Migrations, each once, each in its own transaction.</summary>
public static class Migrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = Load();

    public static int Apply(DuckDBConnection connection)
    {
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
        var current = Convert.ToInt32(connection.Scalar("SELECT coalesce(max(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, name, sql) in Migrations.Where(m => m.Version > current))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(sql);
            connection.Execute("INSERT INTO schema_version VALUES ($v, $n, $t)",
                ("v", version), ("n", name), ("t", DateTime.UtcNow));
            tx.Commit();
            current = version;
        }
        return current;
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Quality.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                var version = int.Parse(file[..file.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.version)
            .ToList();
    }
}
