using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Benchmarks;

/// <summary>
/// Times the import of a generated Label Studio JSON export (the size of a large real project) through the real
/// <see cref="ImportService"/> into a fresh DuckDB file: annotations per second and the process's peak memory.
/// </summary>
public static class LabelStudioImportBenchmark
{
    private static readonly string[] Labels = ["Positive", "Negative", "Neutral"];

    /// <summary>Generates the export in <paramref name="workDir"/>, imports it, and deletes both afterwards.</summary>
    public static (double Seconds, double AnnotationsPerSecond, double PeakWorkingSetMb) Run(int annotations, string workDir)
    {
        Directory.CreateDirectory(workDir);
        var file = Path.Combine(workDir, $"ls-bench-{annotations}.json");
        var dbPath = Path.Combine(workDir, $"ls-bench-{annotations}.duckdb");
        try
        {
            Generate(file, annotations);
            foreach (var f in new[] { dbPath, dbPath + ".wal" }) File.Delete(f);
            var database = new QualityDatabase(dbPath);
            database.Migrate();

            ResetPeak();
            var clock = Stopwatch.StartNew();
            var summary = new ImportService(database, ImporterCatalog.All).Import(file, new ImportRequest { Project = "bench" });
            clock.Stop();
            if (summary.Annotations != annotations)
                throw new InvalidOperationException($"imported {summary.Annotations} annotations, expected {annotations}");
            var peak = PeakWorkingSetBytes() / (1024d * 1024d);
            return (clock.Elapsed.TotalSeconds, annotations / clock.Elapsed.TotalSeconds, peak);
        }
        finally
        {
            foreach (var f in new[] { file, dbPath, dbPath + ".wal" })
                if (File.Exists(f)) File.Delete(f);
        }
    }

    /// <summary>
    /// Writes a Label Studio 1.19-shaped export: tasks with three annotations each by 50 annotators, one `choices`
    /// result per annotation, and the bookkeeping fields a real export carries. Deterministic.
    /// </summary>
    public static void Generate(string path, int annotations)
    {
        var random = new Random(20250619);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var ci = CultureInfo.InvariantCulture;
        var start = new DateTime(2025, 1, 6, 8, 0, 0, DateTimeKind.Utc);
        writer.Write('[');
        var annotationId = 0;
        for (var task = 1; annotationId < annotations; task++)
        {
            if (task > 1) writer.Write(',');
            writer.Write("{\"id\":"); writer.Write(task);
            writer.Write(",\"annotations\":[");
            for (var a = 0; a < 3 && annotationId < annotations; a++)
            {
                annotationId++;
                var user = 1 + random.Next(50);
                var created = start.AddSeconds(annotationId * 7 + random.Next(5)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", ci);
                if (a > 0) writer.Write(',');
                writer.Write("{\"id\":"); writer.Write(annotationId);
                writer.Write(",\"completed_by\":"); writer.Write(user);
                writer.Write(",\"result\":[{\"value\":{\"choices\":[\""); writer.Write(Labels[random.Next(Labels.Length)]);
                writer.Write("\"]},\"id\":\""); writer.Write(RegionId(random));
                writer.Write("\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"origin\":\"manual\"}]");
                writer.Write(",\"was_cancelled\":false,\"ground_truth\":false,\"created_at\":\""); writer.Write(created);
                writer.Write("\",\"updated_at\":\""); writer.Write(created);
                writer.Write("\",\"draft_created_at\":null,\"lead_time\":"); writer.Write((1 + random.NextDouble() * 60).ToString("0.###", ci));
                writer.Write(",\"prediction\":{},\"result_count\":0,\"unique_id\":\""); writer.Write(Guid.NewGuid().ToString());
                writer.Write("\",\"import_id\":null,\"last_action\":null,\"bulk_created\":false,\"task\":"); writer.Write(task);
                writer.Write(",\"project\":1,\"updated_by\":"); writer.Write(user);
                writer.Write(",\"parent_prediction\":null,\"parent_annotation\":null,\"last_created_by\":null}");
            }
            writer.Write("],\"file_upload\":\"tweets.json\",\"drafts\":[],\"predictions\":[],\"data\":{\"text\":\"Tweet number ");
            writer.Write(task);
            writer.Write(" about the weather, the match last night and a planetary fire age https://t.co/Vvo9noqQfA\"},\"meta\":{},\"created_at\":\"2025-01-06T08:00:00.000000Z\",\"updated_at\":\"2025-01-06T08:00:00.000000Z\",\"inner_id\":");
            writer.Write(task);
            writer.Write(",\"total_annotations\":3,\"cancelled_annotations\":0,\"total_predictions\":0,\"comment_count\":0,\"unresolved_comment_count\":0,\"last_comment_updated_at\":null,\"project\":1,\"updated_by\":1,\"comment_authors\":[]}");
        }
        writer.Write(']');
    }

    private static string RegionId(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Span<char> id = stackalloc char[10];
        for (var i = 0; i < id.Length; i++) id[i] = alphabet[random.Next(alphabet.Length)];
        return new string(id);
    }

    // Linux keeps the peak resident set (VmHWM) per process; writing 5 to clear_refs resets it so that the figure
    // is the import's, not the generator's. Elsewhere the lifetime peak is reported.
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
