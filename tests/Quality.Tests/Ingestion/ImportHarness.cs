using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Tests.Ingestion;

/// <summary>
/// A temporary database with every importer registered, for importer tests: imports through the real
/// <see cref="ImportService"/>, reads the stored answers back with SQL, and checks that failed imports leave
/// the database as it was.
/// </summary>
internal sealed class ImportHarness : IDisposable
{
    public ImportHarness()
    {
        Dir = Path.Combine(Path.GetTempPath(), "quality-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Database = new QualityDatabase(Path.Combine(Dir, "q.duckdb"));
        Database.Migrate();
        Service = new ImportService(Database, ImporterCatalog.All);
    }

    public string Dir { get; }
    public QualityDatabase Database { get; }
    public ImportService Service { get; }

    /// <summary>A fixture file shipped with the tests (tests/Quality.Tests/Fixtures/…).</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public ImportSummary Import(string path, string? annotator = null, string? format = null, bool gold = false, string project = "p") =>
        Service.Import(path, new ImportRequest { Project = project, Annotator = annotator, Format = format, AsGold = gold });

    /// <summary>
    /// Imports a file that must be refused: returns the <see cref="ImportException"/> after checking that it names
    /// the file and that the database is exactly as it was.
    /// </summary>
    public ImportException Fails(string path, string? annotator = null, string? format = null, bool gold = false)
    {
        var before = Snapshot();
        var ex = Assert.Throws<ImportException>(() => Import(path, annotator, format, gold));
        Assert.Equal(before, Snapshot());
        Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
        return ex;
    }

    /// <summary>A copy of a file with one piece of text replaced (which must be there), written into the harness folder.</summary>
    public string Edit(string path, string find, string replace, string name)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Write(name, text.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>Writes a file into the harness folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var connection = Database.Open();
        return connection.Query(sql, map, parameters);
    }

    public long Count(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Database.Open();
        return connection.ScalarLong(sql, parameters);
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Database.Open();
        return connection.Scalar(sql, parameters);
    }

    /// <summary>One stored answer with the names it joins to.</summary>
    public sealed record Answer(string Item, string Field, string Annotator, string? Value, double? ValueNum, string? Geometry, DateTime? CreatedAt, double? LeadTime, string SourceId);

    public const string AnswersSql =
        """
        SELECT i.external_key, f.name, a.external_key, n.value, n.value_num, n.geometry, n.created_at, n.lead_time_s, n.source_id
        FROM annotations n JOIN items i USING (item_id) JOIN fields f USING (field_id) JOIN annotators a USING (annotator_id)
        """;

    /// <summary>Every stored answer, ordered by item, field and annotator.</summary>
    public List<Answer> Answers(string? where = null, params (string Name, object? Value)[] parameters) =>
        Query(AnswersSql + (where is null ? "" : " WHERE " + where) + " ORDER BY 1, 2, 3",
            r => new Answer(r.GetString(0), r.GetString(1), r.GetString(2), r.StringOrNull(3), r.DoubleOrNull(4), r.StringOrNull(5),
                r.DateOrNull(6), r.DoubleOrNull(7), r.GetString(8)), parameters);

    /// <summary>The one answer for an item and field (and annotator, when given).</summary>
    public Answer Single(string item, string field, string? annotator = null) =>
        Assert.Single(Answers("i.external_key = $item AND f.name = $field" + (annotator is null ? "" : " AND a.external_key = $who"),
            annotator is null ? [("item", item), ("field", field)] : [("item", item), ("field", field), ("who", annotator)]));

    /// <summary>The regions of a stored geometry.</summary>
    public static JsonElement[] Regions(string? geometry) => JsonDocument.Parse(geometry!).RootElement.EnumerateArray().ToArray();

    /// <summary>The spans of a stored geometry as (start, end, label, text).</summary>
    public static List<(int Start, int End, string Label, string Text)> Spans(string? geometry) =>
        Regions(geometry).Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("label").GetString()!, s.GetProperty("text").GetString()!)).ToList();

    /// <summary>Row counts of every table an import writes, to check that a failed import changed nothing.</summary>
    public string Snapshot()
    {
        var tables = new[] { "projects", "imports", "fields", "items", "annotators", "annotations", "gold" };
        var sql = "SELECT " + string.Join(" || ', ' || ", tables.Select(t => $"'{t}=' || (SELECT count(*) FROM {t})"));
        return (string)Scalar(sql)!;
    }

    /// <summary>
    /// Imports deterministic corruptions of a file (truncations, flipped bytes, a deleted bracket or quote): each
    /// must either import or fail with an <see cref="ImportException"/> that leaves the database unchanged.
    /// Returns how many variants failed, so callers can check the corruptions were not all harmless.
    /// </summary>
    public int Fuzz(string path, int seed, int variants, string? annotator, string? format)
    {
        var original = File.ReadAllBytes(path);
        var random = new Random(seed);
        var failures = 0;
        for (var v = 0; v < variants; v++)
        {
            var (bytes, what) = Corrupt(original, random, v);
            var file = Write($"fuzz-{seed}-{v}{Path.GetExtension(path)}", bytes);
            var before = Snapshot();
            try
            {
                Import(file, annotator, format, project: "fuzz");
            }
            catch (ImportException ex)
            {
                failures++;
                Assert.True(before == Snapshot(), $"{what}: a failed import changed the database ({ex.Message})");
                Assert.Contains(Path.GetFileName(file), ex.Message, StringComparison.Ordinal);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{Path.GetFileName(path)}, {what}: {ex.GetType().Name} instead of an ImportException: {ex.Message}");
            }
        }
        return failures;
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random random, int variant)
    {
        switch (variant % 4)
        {
            case 0:
                {
                    var cut = random.Next(1, original.Length);
                    return (original[..cut], $"truncated at byte {cut}");
                }
            case 1:
                {
                    var copy = (byte[])original.Clone();
                    var at = random.Next(copy.Length);
                    copy[at] ^= (byte)random.Next(1, 256);
                    return (copy, $"byte {at} flipped");
                }
            case 2:
                {
                    var structural = Enumerable.Range(0, original.Length).Where(i => original[i] is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)'<' or (byte)'>' or (byte)'"').ToList();
                    if (structural.Count == 0) goto default;
                    var at = structural[random.Next(structural.Count)];
                    return ([.. original[..at], .. original[(at + 1)..]], $"'{(char)original[at]}' at byte {at} deleted");
                }
            default:
                {
                    var at = random.Next(original.Length);
                    var junk = new byte[random.Next(1, 8)];
                    random.NextBytes(junk);
                    return ([.. original[..at], .. junk, .. original[at..]], $"{junk.Length} random bytes inserted at {at}");
                }
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
