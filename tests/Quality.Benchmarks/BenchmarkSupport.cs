using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Quality.Benchmarks;

/// <summary>Runs the built `quality` CLI as a child process and reads its --stats line.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, double ElapsedSeconds, double PeakRssMb, string Stdout, string Stderr);

    public static string CliDll { get; } = Path.Combine(AppContext.BaseDirectory, "quality.dll");

    public static Result Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--stats");
        var wall = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        wall.Stop();
        var err = stderr.Result;
        var m = Regex.Match(err, @"stats: elapsed_s=([\d.]+) peak_rss_mb=([\d.]+)");
        if (p.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"quality {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
        // Wall time of the whole process (start-up included) is what a user waits for.
        return new Result(p.ExitCode, wall.Elapsed.TotalSeconds, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), stdout.Result, err);
    }
}

/// <summary>Keeps docs/benchmarks.md as sections between markers, one per benchmark, rewritten by --write.</summary>
public static class BenchmarkDoc
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quality.sln"))) return dir.FullName;
        throw new InvalidOperationException("Quality.sln not found");
    }

    public static void WriteSection(string name, string body)
    {
        var path = Path.Combine(RepoRoot(), "docs", "benchmarks.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var begin = $"<!-- benchmark:{name} -->";
        var end = $"<!-- /benchmark:{name} -->";
        var block = $"{begin}\n{body.TrimEnd()}\n{end}";
        var i = text.IndexOf(begin, StringComparison.Ordinal);
        var j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024))} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "quality-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
