namespace Quality.Tests.Support;

/// <summary>Where the repository and the read-only shared material are, seen from a test run.</summary>
public static class TestPaths
{
    /// <summary>The folder that holds Quality.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The shared material (real exports, reference values) that lives beside the clone as ../shared.
    /// QUALITY_SHARED_DIR overrides it. Null on a user's clone, where tests that need it skip.
    /// </summary>
    public static string? SharedDir { get; } = FindShared();

    public const string SharedMissing = "../shared (real exports and reference values) is not beside this clone; set QUALITY_SHARED_DIR to run this test";

    /// <summary>A file under ../shared, or a skip with the reason when the folder is absent.</summary>
    public static string Shared(params string[] parts)
    {
        Skip.If(SharedDir is null, SharedMissing);
        var path = Path.Combine([SharedDir!, .. parts]);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"{path} is not in this copy of ../shared");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quality.sln"))) return dir.FullName;
        throw new InvalidOperationException("Quality.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        var env = Environment.GetEnvironmentVariable("QUALITY_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }
}
