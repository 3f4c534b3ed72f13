using Microsoft.Extensions.Options;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Web.Infrastructure;

/// <summary>The DuckDB database in the data folder, migrated at start, with the sample project on first run.</summary>
public static class StorageSetup
{
    public static IServiceCollection AddQualityStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => QualityDatabase.InDataDir(sp.GetRequiredService<IOptions<QualityOptions>>().Value.DataDirFullPath));
        services.AddSingleton(sp => new ImportService(sp.GetRequiredService<QualityDatabase>(), ImporterCatalog.All));
        services.AddHostedService<StartupTasks>();
        return services;
    }
}

/// <summary>Runs before the server takes requests: schema migrations, then the sample project if the database is empty.</summary>
internal sealed class StartupTasks(QualityDatabase database, ImportService imports, IOptions<QualityOptions> options,
    IWebHostEnvironment environment, ILogger<StartupTasks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var version = database.Migrate();
        logger.LogInformation("Database {Path} at schema version {Version}", database.Path, version);
        var sampleDir = SampleDataLocator.Find(options.Value.SampleDataDir, environment.ContentRootPath);
        if (sampleDir is null)
        {
            logger.LogInformation("No sample data folder found; starting with an empty database");
            return Task.CompletedTask;
        }
        var loaded = SampleProject.LoadIfEmpty(database, imports, sampleDir, options.Value.SampleProjectName);
        if (loaded) logger.LogInformation("Loaded the sample project from {Dir}", sampleDir);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Finds sample-data/: the configured folder, else the repository's, looked for above the content root.</summary>
internal static class SampleDataLocator
{
    public static string? Find(string? configured, string contentRoot)
    {
        if (configured is not null) return configured.Length == 0 || !Directory.Exists(configured) ? null : Path.GetFullPath(configured);
        foreach (var start in new[] { contentRoot, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "sample-data");
                if (File.Exists(Path.Combine(candidate, "annotations.csv"))) return candidate;
            }
        return null;
    }
}
