using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Quality.Web.Tests.Support;

/// <summary>The real web app over a temp data folder: real DuckDB, real Hangfire on SQLite, real HTTP.</summary>
public sealed class QualityWebFactory : WebApplicationFactory<Program>
{
    private readonly string? _sampleDir;
    private readonly bool _ownsDir;

    /// <param name="dataDir">An existing data folder to reuse (a "restart"); a new temp folder when null.</param>
    /// <param name="sampleDir">The sample project to load on an empty database; "" for none.</param>
    public QualityWebFactory(string? dataDir = null, string? sampleDir = "")
    {
        _ownsDir = dataDir is null;
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "quality-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDir);
        _sampleDir = sampleDir;
    }

    public string DataDir { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Quality:DataDir", DataDir);
        builder.UseSetting("Quality:SampleDataDir", _sampleDir ?? "");
        builder.UseEnvironment("Production");
    }

    /// <summary>Deletes the data folder too, unless the caller wants to reuse it.</summary>
    public void DeleteData()
    {
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDir && !KeepData) DeleteData();
    }

    public bool KeepData { get; set; }
}

/// <summary>Paths the web tests need.</summary>
public static class WebTestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The committed sample project.</summary>
    public static string SampleData => Path.Combine(RepoRoot, "sample-data");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quality.sln"))) return dir.FullName;
        throw new InvalidOperationException("Quality.sln not found");
    }
}
