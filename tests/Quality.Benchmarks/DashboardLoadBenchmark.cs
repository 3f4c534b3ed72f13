using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Quality.Simulation;
using Quality.Simulation.Output;
using Quality.Storage;

namespace Quality.Benchmarks;

/// <summary>
/// The dashboard under load: a simulated project of about <c>annotations</c> annotation rows imported with the CLI,
/// the web app (Release build) started as its own process on that data folder, then <c>clients</c> concurrent
/// HTTP clients request the overview, agreement and annotators pages in turn for <c>seconds</c> seconds. Reports
/// latency percentiles per page, against a static file served in the same run as the baseline, and how long the
/// pages take to reflect a new import (cache invalidation and warm-up).
/// </summary>
public static class DashboardLoadBenchmark
{
    private static readonly (string Name, string Path)[] Pages =
        [("overview", "/projects/1"), ("agreement", "/projects/1/agreement"), ("annotators", "/projects/1/annotators")];

    public static string Run(int annotations, int clients, int seconds)
    {
        var dir = BenchmarkDoc.TempDir("dashboard-load");
        Process? web = null;
        try
        {
            var webDll = BuildWeb();
            var items = (int)Math.Round(annotations / 11.4);
            var project = Simulator.Generate(new SimulationOptions { Items = items, Weeks = 26 });
            SimulationWriter.Write(project, dir, SimulationFormats.Csv);
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            var db = Path.Combine(data, "quality.duckdb");
            var import = CliProcess.Run("import", Path.Combine(dir, SimulationWriter.AnnotationsFile), "--project", "Load test",
                "--gold", Path.Combine(dir, SimulationWriter.GoldFile), "--db", db, "--json");
            CliProcess.Run("rates", "import", Path.Combine(dir, SimulationWriter.AnnotatorsFile), "--project", "Load test", "--db", db);
            long rows;
            using (var c = new Quality.Storage.QualityDatabase(db).Open()) rows = c.ScalarLong("SELECT count(*) FROM annotations");

            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            var started = Stopwatch.StartNew();
            web = StartWeb(webDll, data, baseUrl);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
            WaitUntil(() => Get(http, "/css/site.css").Status == HttpStatusCode.OK, TimeSpan.FromMinutes(2), "the web app did not start");
            var listening = started.Elapsed.TotalSeconds;
            // The first request of each page waits for whatever the warm-up has not finished yet.
            var cold = Pages.Select(p => (p.Name, Seconds: Get(http, p.Path).Seconds)).ToList();
            var ready = started.Elapsed.TotalSeconds;
            // Background work after start (the warm-up of every page and the start-up drift check) is left to
            // finish: the load phase measures a server in its steady state.
            var idle = WaitForIdle(web, TimeSpan.FromMinutes(15));

            var baseline = Load(http, [("static", "/css/site.css")], clients, Math.Max(5, seconds / 4));
            var load = Load(http, Pages, clients, seconds);

            // A new import through the web: how long until the overview shows the new data state.
            var extra = Path.Combine(dir, "extra.csv");
            File.WriteAllText(extra, "item,field,annotator,label\nextra-1,sentiment,extra.annotator@example.com,positive\nextra-1,sentiment,extra.other@example.com,positive\n");
            var before = Get(http, "/api/v1/projects/1").Body;
            var clock = Stopwatch.StartNew();
            Upload(http, extra, "Load test");
            WaitUntil(() => Get(http, "/api/v1/projects/1").Body != before, TimeSpan.FromMinutes(10), "the overview never showed the new import");
            var afterImport = clock.Elapsed.TotalSeconds;
            var warm = Pages.Select(p => (p.Name, Seconds: Get(http, p.Path).Seconds)).ToList();
            var rss = PeakRssMb(web);

            var sb = new StringBuilder();
            sb.AppendLine("## Dashboard under load (overview, agreement, annotators)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/Quality.Benchmarks -- dashboard-load --write` (options `--annotations {annotations}`, `--clients {clients}`, `--seconds {seconds}`). Machine: {BenchmarkDoc.Machine()}; the load clients run on the same 2 cores as the server. Project: simulated, {items:N0} items, {rows:N0} annotation rows, 3 fields, 12 annotators, 26 weeks; imported by the CLI in {import.ElapsedSeconds:F1} s. The web app (Release) started as its own process: listening after {listening:F1} s, all three pages answered after {ready:F1} s (first requests: {string.Join(", ", cold.Select(c => $"{c.Name} {c.Seconds:F2} s"))}); background work (warm-up, start-up drift check) done after {idle:F0} s.");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"{clients} concurrent clients, each requesting the pages in turn with no pause, for {seconds} s:");
            sb.AppendLine();
            sb.AppendLine("| page | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, stats) in load.Append(baseline.Single()))
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {(name == "static" ? "baseline: /css/site.css (static file, same clients)" : name)} | {stats.Count:N0} | {stats.Errors} | {stats.P(0.50):F0} | {stats.P(0.95):F0} | {stats.P(0.99):F0} | {stats.P(1):F0} |");
            var worst = load.Max(l => l.Stats.P(0.95));
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Target: p95 under 300 ms on every page → {(worst < 300 ? "met" : "NOT met")} (worst p95 {worst:F0} ms; {worst / Math.Max(1e-9, baseline.Single().Stats.P(0.95)):F1}× the static file's p95). Throughput {load.Sum(l => l.Stats.Count) / (double)seconds:F0} pages/s. Peak memory of the web process: {rss:F0} MB.");
            sb.AppendLine(CultureInfo.InvariantCulture, $"After an upload through the web (2 rows), the overview showed the new data state {afterImport:F1} s after the upload began (import job, cache invalidation and warm-up of the three pages); first requests then: {string.Join(", ", warm.Select(c => $"{c.Name} {1000 * c.Seconds:F0} ms"))}.");
            return sb.ToString();
        }
        finally
        {
            if (web is { HasExited: false })
            {
                web.Kill(entireProcessTree: true);
                web.WaitForExit();
            }
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private sealed class Stats
    {
        private readonly List<double> _ms = [];
        public int Errors;
        public int Count => _ms.Count;
        public void Add(double ms) { lock (_ms) _ms.Add(ms); }
        public double P(double q)
        {
            if (_ms.Count == 0) return double.NaN;
            var sorted = _ms.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    private static List<(string Name, Stats Stats)> Load(HttpClient http, (string Name, string Path)[] pages, int clients, int seconds)
    {
        var stats = pages.Select(p => (p.Name, Stats: new Stats())).ToList();
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var i = client % pages.Length;
            while (Stopwatch.GetTimestamp() < until)
            {
                var (name, path) = pages[i];
                var s = stats[i].Stats;
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref s.Errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref s.Errors);
                }
                s.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                i = (i + 1) % pages.Length;
            }
        })).ToArray();
        Task.WaitAll(tasks);
        return stats;
    }

    private static (HttpStatusCode Status, double Seconds, string Body) Get(HttpClient http, string path)
    {
        var t = Stopwatch.StartNew();
        try
        {
            using var response = http.GetAsync(path).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return (response.StatusCode, t.Elapsed.TotalSeconds, body);
        }
        catch (HttpRequestException)
        {
            return (0, t.Elapsed.TotalSeconds, "");
        }
    }

    private static void Upload(HttpClient http, string file, string project)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(project), "project" },
            { new ByteArrayContent(File.ReadAllBytes(file)), "file", Path.GetFileName(file) },
        };
        using var response = http.PostAsync("/imports", form).GetAwaiter().GetResult();
        if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"upload failed: {response.StatusCode}");
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string message)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException(message);
            Thread.Sleep(200);
        }
    }

    private static string BuildWeb()
    {
        var root = BenchmarkDoc.RepoRoot();
        var psi = new ProcessStartInfo("dotnet", ["build", "-c", "Release", Path.Combine(root, "src", "Quality.Web"), "-v", "quiet", "-nologo"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("building the web app failed: " + output.Result);
        return Path.Combine(root, "src", "Quality.Web", "bin", "Release", "net10.0", "Quality.Web.dll");
    }

    private static Process StartWeb(string dll, string dataDir, string url)
    {
        var psi = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        psi.Environment["Quality__DataDir"] = dataDir;
        psi.Environment["Quality__SampleDataDir"] = "";
        psi.Environment["Urls"] = url;
        psi.Environment["ASPNETCORE_URLS"] = url;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("web: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Waits until the process uses under 10% of a core over 3 s; returns the seconds since it started.</summary>
    private static double WaitForIdle(Process p, TimeSpan timeout)
    {
        static double CpuSeconds(Process p)
        {
            var fields = File.ReadAllText($"/proc/{p.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        var clock = Stopwatch.StartNew();
        var last = CpuSeconds(p);
        while (clock.Elapsed < timeout)
        {
            Thread.Sleep(3000);
            var now = CpuSeconds(p);
            if (now - last < 0.3) break;
            last = now;
        }
        return (DateTime.Now - p.StartTime).TotalSeconds;
    }

    private static double PeakRssMb(Process p)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        return double.NaN;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
