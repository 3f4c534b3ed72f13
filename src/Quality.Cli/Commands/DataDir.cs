using Quality.Storage;

namespace Quality.Cli.Commands;

/// <summary>Where the CLI finds the database: --db PATH, else the data folder the web app uses.</summary>
internal static class DataDir
{
    public static QualityDatabase Database(CliArgs args)
    {
        var db = args.Get("db");
        if (db is not null) return new QualityDatabase(db);
        var dir = Environment.GetEnvironmentVariable("Quality__DataDir") ?? "data";
        return QualityDatabase.InDataDir(dir);
    }
}
