using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Ingestion;

/// <summary>
/// Imports a file into a project: detects its format, streams it through the importer into connection-local
/// staging tables, then merges everything in one transaction. A file lands whole or not at all; the same file
/// (by SHA-256) imported again adds nothing; answers that carry the same source id replace the old ones.
/// </summary>
public sealed class ImportService(QualityDatabase database, IReadOnlyList<IImporter> importers)
{
    private const int HeadBytes = 64 * 1024;

    public IReadOnlyList<IImporter> Importers => importers;

    public ImportSummary Import(string path, ImportRequest request, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var display = request.DisplayName ?? Path.GetFileName(path);
        if (string.IsNullOrWhiteSpace(request.Project)) throw new QualityException("a project name is required");
        if (!File.Exists(path)) throw new QualityException($"{display}: no such file");
        var length = new FileInfo(path).Length;
        if (length == 0) throw new ImportException(display, null, null, "the file is empty");

        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var importer = Choose(path, display, request.Format);

        using var connection = database.Open();
        Migrator.Apply(connection);

        // The file's hash decides whether it was imported before. It is computed on another thread while the file
        // is parsed (reading it twice costs less than hashing first: a 700 MB export hashes in about half a second);
        // when the hash names a previous import, the parse is cancelled and that import's summary is returned.
        using var alreadyImported = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hashing = Task.Run(() =>
        {
            var hash = Sha256Of(path);
            using var c = database.Open();
            var found = FindPrevious(c, request.Project, hash);
            if (found is not null) alreadyImported.Cancel();
            return (Sha: hash, Previous: found);
        }, CancellationToken.None);

        ImportSummary? AlreadyDone()
        {
            var (_, previous) = hashing.GetAwaiter().GetResult();
            if (previous is null) return null;
            progress?.Report(new ImportProgress(length, length, previous.Annotations, clock.Elapsed, true));
            return previous with { AlreadyImported = true };
        }

        using var staging = new ImportStaging(connection, display, length, progress, clock);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            var source = new ImportSource(path, display, request);
            try
            {
                importer.Read(stream, source, staging, alreadyImported.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return AlreadyDone()!;
            }
            catch (System.Text.DecoderFallbackException ex)
            {
                throw TextDecoding.InvalidEncoding(path, display, ex);
            }
            catch (Exception) when (hashing.IsCompleted && hashing.Result.Previous is not null)
            {
                // A file imported before is not re-validated: the previous import stands, whatever the parse hit
                // after the cancellation (importers check the token only now and then).
                return AlreadyDone()!;
            }
        }
        if (AlreadyDone() is { } done) return done;
        var sha = hashing.Result.Sha;
        if (request.GoldFile is not null)
        {
            var goldDisplay = Path.GetFileName(request.GoldFile);
            if (!File.Exists(request.GoldFile)) throw new QualityException($"{goldDisplay}: no such file");
            using var gold = File.OpenRead(request.GoldFile);
            try
            {
                Csv.CrowdCsvImporter.ReadGoldFile(gold, goldDisplay, staging);
            }
            catch (System.Text.DecoderFallbackException ex)
            {
                throw TextDecoding.InvalidEncoding(request.GoldFile, goldDisplay, ex);
            }
        }
        staging.Complete();
        if (staging.AnnotationCount == 0 && staging.GoldCount == 0)
            throw new ImportException(display, null, null,
                staging.SkippedCount > 0
                    ? $"no annotation could be imported ({staging.SkippedCount} skipped: {string.Join("; ", staging.SkippedReasons.Select(kv => $"{kv.Value} {kv.Key}"))})"
                    : "the file holds no annotations");

        cancellationToken.ThrowIfCancellationRequested();
        var summary = ImportMerge.Run(connection, staging, new ImportMerge.Context(
            request.Project, display, importer.Format, sha, length, started, request.ImportedBy));
        progress?.Report(new ImportProgress(length, length, summary.Annotations, clock.Elapsed, true));
        return summary with { Elapsed = clock.Elapsed };
    }

    /// <summary>The importer for a file: the one named by --format, else the one most sure of the content.</summary>
    public IImporter Choose(string path, string display, string? format)
    {
        if (format is not null)
        {
            return importers.FirstOrDefault(i => string.Equals(i.Format, format, StringComparison.OrdinalIgnoreCase))
                ?? throw new QualityException($"unknown format '{format}'; known formats: {string.Join(", ", importers.Select(i => i.Format))}");
        }
        var head = new byte[HeadBytes];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var best = importers.Select(i => (Importer: i, Score: i.Detect(head.AsSpan(0, n), display)))
            .OrderByDescending(x => x.Score).First();
        if (best.Score <= 0)
            throw new ImportException(display, null, null,
                $"the format could not be recognised from the content; name it with --format ({string.Join(", ", importers.Select(i => i.Format))})");
        return best.Importer;
    }

    public static string Sha256Of(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }

    private static ImportSummary? FindPrevious(DuckDBConnection connection, string project, string sha)
    {
        var rows = connection.Query(
            """
            SELECT i.import_id FROM imports i JOIN projects p USING (project_id)
            WHERE p.name = $project AND i.sha256 = $sha AND i.status = 'succeeded'
            ORDER BY i.import_id LIMIT 1
            """,
            r => Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ("project", project), ("sha", sha));
        return rows.Count == 0 ? null : ImportMerge.LoadSummary(connection, rows[0]);
    }
}

/// <summary>How far an import is: drives the progress bar (percent, rows per second, elapsed).</summary>
public sealed record ImportProgress(long BytesRead, long TotalBytes, long Rows, TimeSpan Elapsed, bool Done = false)
{
    public double Percent => TotalBytes <= 0 ? 0 : Math.Min(100, 100.0 * BytesRead / TotalBytes);
    public double RowsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Rows / Elapsed.TotalSeconds;
}

/// <summary>What an import did. Counts are of the file's content; the *Added counts are what it changed.</summary>
public sealed record ImportSummary
{
    public int ImportId { get; init; }
    public required string Project { get; init; }
    public required string File { get; init; }
    public required string Format { get; init; }
    public required string Sha256 { get; init; }
    public long Items { get; init; }
    public long Annotations { get; init; }
    public long Annotators { get; init; }
    public IReadOnlyList<string> Fields { get; init; } = [];
    public long GoldItems { get; init; }
    public long Skipped { get; init; }
    public IReadOnlyDictionary<string, long> SkippedReasons { get; init; } = new Dictionary<string, long>();
    public long ItemsAdded { get; init; }
    public long AnnotatorsAdded { get; init; }
    public long AnnotationsAdded { get; init; }
    public long AnnotationsReplaced { get; init; }
    public bool AlreadyImported { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>The JSON the CLI prints and the web shows (snake_case keys).</summary>
    public string ToJson(bool indented = false)
    {
        var o = new Dictionary<string, object?>
        {
            ["project"] = Project, ["file"] = File, ["format"] = Format, ["sha256"] = Sha256,
            ["items"] = Items, ["annotations"] = Annotations, ["annotators"] = Annotators, ["fields"] = Fields,
            ["gold_items"] = GoldItems, ["skipped"] = Skipped, ["skipped_reasons"] = SkippedReasons,
            ["items_added"] = ItemsAdded, ["annotators_added"] = AnnotatorsAdded,
            ["annotations_added"] = AnnotationsAdded, ["annotations_replaced"] = AnnotationsReplaced,
            ["already_imported"] = AlreadyImported, ["import_id"] = ImportId,
            ["elapsed_s"] = Math.Round(Elapsed.TotalSeconds, 3),
        };
        return JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = indented });
    }
}
