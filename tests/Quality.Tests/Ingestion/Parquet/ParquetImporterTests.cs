using DuckDB.NET.Data;
using Quality.Ingestion;
using Quality.Storage;

namespace Quality.Tests.Ingestion.Parquet;

public sealed class ParquetImporterTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    // Snow et al.'s shape: an assignment id covering several items, gold repeated on every row, a zoned time stamp.
    private const string CrowdRows =
        """
        SELECT * FROM (VALUES
            ('t1', 'w1', 1.0::DOUBLE, TIMESTAMPTZ '2024-01-02 03:04:05+02:00', 12.5::DOUBLE, 1, 'A1'),
            ('t1', 'w2', 0.0, NULL, NULL, 1, 'A2'),
            ('t2', 'w1', 1.5, TIMESTAMPTZ '2024-01-02 00:00:00+00:00', 3, 0, 'A1'),
            ('t2', 'w3', NULL, NULL, NULL, 0, 'A3'))
        AS t("Item", worker, label, created_at, lead_time_s, gold, amt_annotation_ids)
        """;

    /// <summary>Writes the rows of a query to a Parquet file with DuckDB's own writer.</summary>
    private string Parquet(string name, string select)
    {
        var path = Path.Combine(_h.Dir, name);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute($"COPY ({select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)");
        return path;
    }

    [Fact]
    public void Import_CrowdColumns_NumbersTimesGoldAndPerItemAnswerIds()
    {
        var summary = _h.Import(Parquet("crowd.parquet", CrowdRows));

        Assert.Equal("parquet", summary.Format);
        Assert.Equal(2, summary.Items);
        Assert.Equal(3, summary.Annotations);
        Assert.Equal(2, summary.GoldItems);
        Assert.Equal(1, summary.SkippedReasons["empty label"]);
        var first = _h.Single("t1", "label", "w1");
        Assert.Equal(("1", 1.0), (first.Value, first.ValueNum));
        Assert.Equal(new DateTime(2024, 1, 2, 1, 4, 5, DateTimeKind.Utc), first.CreatedAt);
        Assert.Equal(12.5, first.LeadTime);
        Assert.Equal("1.5", _h.Single("t2", "label", "w1").Value);
        // A1 covers two items: the answer ids stay distinct, so neither answer replaces the other.
        Assert.Equal("A1|t1|label", first.SourceId);
        Assert.Equal("A1|t2|label", _h.Single("t2", "label", "w1").SourceId);
        Assert.Equal([("t1", "1"), ("t2", "0")], _h.Query("SELECT i.external_key, g.value FROM gold g JOIN items i USING (item_id) ORDER BY 1", r => (r.GetString(0), r.GetString(1))));
    }

    [Fact]
    public void Import_TextTimesIntegerIdsAndAFieldColumn_AreReadLikeTheCsv()
    {
        var path = Parquet("typed.parquet",
            """
            SELECT * FROM (VALUES
                (42, 'ann', 'yes', 'sentiment', '2024-03-01T10:00:00+05:30', '7'),
                (42, 'bob', 'no', NULL, '1709287200', NULL),
                (43, 'ann', 'no', 'sentiment', NULL, NULL))
            AS t(task_id, annotator, answer, field, timestamp, duration_s)
            """);

        _h.Import(path);

        var first = _h.Single("42", "sentiment", "ann");
        Assert.Equal(new DateTime(2024, 3, 1, 4, 30, 0, DateTimeKind.Utc), first.CreatedAt);
        Assert.Equal(7, first.LeadTime);
        var second = _h.Single("42", "label", "bob");
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1709287200), second.CreatedAt);
        Assert.Equal(["ann", "bob"], _h.Query("SELECT external_key FROM annotators ORDER BY 1", r => r.GetString(0)));
    }

    [Theory]
    [InlineData("TIMESTAMP '2024-05-06 07:08:09'", "2024-05-06T07:08:09")]
    [InlineData("TIMESTAMP_NS '2024-05-06 07:08:09.123456789'", "2024-05-06T07:08:09.123456")]
    [InlineData("TIMESTAMP_MS '2024-05-06 07:08:09.123'", "2024-05-06T07:08:09.123")]
    [InlineData("TIMESTAMP_S '2024-05-06 07:08:09'", "2024-05-06T07:08:09")]
    [InlineData("DATE '2024-05-06'", "2024-05-06T00:00:00")]
    public void Import_ZonelessTimeColumn_IsTakenAsUtc(string value, string expectedUtc)
    {
        var path = Parquet("naive.parquet", $"SELECT 'i' AS item, 'a' AS annotator, 'x' AS label, {value} AS created_at");

        _h.Import(path);

        var expected = DateTime.SpecifyKind(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(expected, _h.Single("i", "label").CreatedAt);
    }

    [Fact]
    public void Import_WithoutAnnotatorColumn_UsesTheOption()
    {
        var path = Parquet("noworker.parquet", "SELECT 'i' AS item, 'x' AS label");

        _h.Import(path, annotator: "solo");

        Assert.Equal("solo", _h.Single("i", "label").Annotator);
    }

    [Fact]
    public void Import_AsGold_WritesTheLabelsAsGold()
    {
        var summary = _h.Import(Parquet("gold.parquet", "SELECT 'i' || range AS item, 'x' AS label FROM range(3)"), gold: true);

        Assert.Equal(3, summary.GoldItems);
    }

    [Fact]
    public void Detect_ParquetMagic_ChoosesParquet()
    {
        var path = Parquet("detect.bin", CrowdRows);

        Assert.Equal("parquet", _h.Service.Choose(path, "detect.bin", null).Format);
    }

    [Fact]
    public void Import_MissingLabelColumn_ThrowsListingTheColumns()
    {
        var path = Parquet("nolabel.parquet", "SELECT 'i' AS item, 'a' AS annotator, 3 AS score");

        var ex = _h.Fails(path);

        Assert.Contains("label (or answer, response)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("item, annotator, score", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ListColumn_ThrowsNamingIt()
    {
        var path = Parquet("list.parquet", "SELECT 'i' AS item, 'a' AS annotator, ['x', 'y'] AS label");

        var ex = _h.Fails(path);

        Assert.Equal("label", ex.Column);
    }

    [Fact]
    public void Import_EmptyItem_ThrowsNamingTheRow()
    {
        var path = Parquet("emptyitem.parquet", "SELECT * FROM (VALUES ('i', 'a', 'x'), ('', 'a', 'y')) t(item, annotator, label)");

        var ex = _h.Fails(path);

        Assert.Equal(2L, ex.Line);
        Assert.Equal("item", ex.Column);
    }

    [Fact]
    public void Import_TruncatedFile_ThrowsAndLeavesTheDatabaseUnchanged()
    {
        _h.Import(Parquet("good.parquet", CrowdRows));
        var bytes = File.ReadAllBytes(Path.Combine(_h.Dir, "good.parquet"));
        var path = _h.Write("truncated.parquet", bytes[..(bytes.Length - 20)]);

        var ex = _h.Fails(path);

        Assert.Contains("unreadable Parquet file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ParquetForcedAsCsv_ThrowsNotUtf8()
    {
        var path = Parquet("as-csv.parquet", CrowdRows);

        var ex = _h.Fails(path, format: "csv");

        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_CsvForcedAsParquet_Throws()
    {
        var path = _h.Write("labels.csv", "item,annotator,label\ni,a,x\n");

        var ex = _h.Fails(path, format: "parquet");

    }

    [Fact]
    public void Import_CorruptedVariants_ImportOrFailCleanly()
    {
        var path = Parquet("fuzz.parquet", CrowdRows);

        var failures = _h.Fuzz(path, seed: 51, variants: 24, annotator: null, format: "parquet");

        Assert.InRange(failures, 6, 24);
    }
}
