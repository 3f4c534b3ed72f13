using System.Text;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Csv;

public sealed class CrowdCsvImporterTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private const string Basic =
        "item,field,annotator,label,created_at,lead_time_s\n" +
        "i1,sentiment,alice,positive,2026-09-07T10:00:00Z,12.5\n" +
        "i1,sentiment,bob,negative,2026-09-07 11:30:00,3\n" +
        "i2,sentiment,alice,neutral,2026-09-08T09:00:00+02:00,\n" +
        "i2,quality,alice,4,1757325600,7\n" +
        "i2,quality,bob,5,1757325600000,8\n";

    [Fact]
    public void Import_ValidLongCsv_StoresEveryAnswerWithUtcTimesAndKinds()
    {
        var summary = _db.Import(_db.File("basic.csv", Basic));

        Assert.Equal("csv", summary.Format);
        Assert.Equal(5, summary.Annotations);
        Assert.Equal(2, summary.Items);
        Assert.Equal(2, summary.Annotators);
        Assert.Equal(["quality", "sentiment"], summary.Fields);
        Assert.Equal(5, _db.Count("SELECT count(*) FROM annotations"));

        var times = _db.Rows("SELECT a.value, a.created_at FROM annotations a ORDER BY a.value",
            r => (r.GetString(0), r.IsDBNull(1) ? (DateTime?)null : r.GetDateTime(1)));
        Assert.Equal(new DateTime(2025, 9, 8, 10, 0, 0), times.Single(t => t.Item1 == "4").Item2);      // epoch seconds
        Assert.Equal(new DateTime(2025, 9, 8, 10, 0, 0), times.Single(t => t.Item1 == "5").Item2);      // epoch milliseconds
        Assert.Equal(new DateTime(2026, 9, 8, 7, 0, 0), times.Single(t => t.Item1 == "neutral").Item2); // +02:00 → UTC
        Assert.Equal(new DateTime(2026, 9, 7, 11, 30, 0), times.Single(t => t.Item1 == "negative").Item2); // no zone = UTC

        var kinds = _db.Rows("SELECT name, kind, categories::VARCHAR FROM fields ORDER BY name", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.Equal(("quality", "ordinal", "[\"4\",\"5\"]"), kinds[0]);
        Assert.Equal(("sentiment", "nominal", "[\"negative\",\"neutral\",\"positive\"]"), kinds[1]);
        Assert.Equal(4.0, _db.Rows("SELECT value_num FROM annotations WHERE value = '4'", r => r.GetDouble(0)).Single());
    }

    [Fact]
    public void Import_SameFileTwice_AddsNothingTheSecondTime()
    {
        var path = _db.File("basic.csv", Basic);
        _db.Import(path);
        var before = _db.Fingerprint();

        var again = _db.Import(path);

        Assert.True(again.AlreadyImported);
        Assert.Equal(before, _db.Fingerprint());
    }

    [Fact]
    public void Import_UpdatedExportOfSameAnswers_ReplacesInsteadOfDuplicating()
    {
        _db.Import(_db.File("v1.csv", Basic));
        var updated = Basic.Replace("i1,sentiment,bob,negative", "i1,sentiment,bob,positive") + "i3,sentiment,bob,mixed,,\n";

        var summary = _db.Import(_db.File("v2.csv", updated));

        Assert.Equal(6, _db.Count("SELECT count(*) FROM annotations"));
        Assert.Equal(1, summary.AnnotationsAdded);
        Assert.Equal(5, summary.AnnotationsReplaced);
        Assert.Equal("positive", _db.Rows(
            "SELECT a.value FROM annotations a JOIN annotators n USING (annotator_id) JOIN items i USING (item_id) WHERE n.external_key = 'bob' AND i.external_key = 'i1'",
            r => r.GetString(0)).Single());
        Assert.Equal(2, _db.Count("SELECT count(*) FROM imports"));
    }

    [Fact]
    public void Import_HeaderAliasesTabsBomAndCrlf_AreRecognised()
    {
        var tsv = "\uFEFF!amt_annotation_ids\t!amt_worker_ids\torig_id\tresponse\tgold\r\n" +
                  "a1\tW1\t266\t1\t1\r\n" +
                  "a2\tW2\t266\t0\t1\r\n" +
                  "a3\tW1\t5:0@35@wsj/23\t1\t0\r\n";
        var summary = _db.Import(_db.File("snow.tsv", tsv));

        Assert.Equal(3, summary.Annotations);
        Assert.Equal(2, summary.Items);
        Assert.Equal(2, summary.GoldItems);
        Assert.Equal(["5:0@35@wsj/23", "266"], _db.Rows("SELECT external_key FROM items ORDER BY external_key DESC", r => r.GetString(0)));
        Assert.Equal(3, _db.Count("SELECT count(DISTINCT source_id) FROM annotations WHERE split_part(source_id, chr(31), 1) IN ('a1','a2','a3')"));
    }

    [Fact]
    public void Import_QuotedFieldsWithDelimitersQuotesAndNewlines_AreKeptWhole()
    {
        var csv = "item,annotator,label\n\"i,1\",alice,\"a \"\"quoted\"\" label\nwith a line break\"\nplain,bob,x\n";
        _db.Import(_db.File("quoted.csv", csv));

        Assert.Equal(["a \"quoted\" label\nwith a line break", "x"], _db.Rows("SELECT value FROM annotations ORDER BY value", r => r.GetString(0)));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM items WHERE external_key = 'i,1'"));
    }

    [Fact]
    public void Import_SeparateGoldFile_LandsInTheSameTransaction()
    {
        var gold = _db.File("gold.csv", "item,field,gold\ni1,sentiment,positive\ni2,quality,5\n");
        var summary = _db.Import(_db.File("basic.csv", Basic), gold: gold);

        Assert.Equal(2, summary.GoldItems);
        Assert.Equal(["5", "positive"], _db.Rows("SELECT value FROM gold ORDER BY value", r => r.GetString(0)));
    }

    [Fact]
    public void Import_SpanAnswersAsJson_BecomeSpanGeometry()
    {
        var csv = "item,field,annotator,label\ni1,entities,alice,\"[{\"\"start\"\":0,\"\"end\"\":5,\"\"label\"\":\"\"PER\"\"}]\"\n";
        _db.Import(_db.File("spans.csv", csv));

        Assert.Equal("span", _db.Rows("SELECT kind FROM fields", r => r.GetString(0)).Single());
        Assert.Equal(("PER", "[{\"start\":0,\"end\":5,\"label\":\"PER\"}]"), _db.Rows("SELECT value, geometry FROM annotations", r => (r.GetString(0), r.GetString(1))).Single());
    }

    [Fact]
    public void Import_EmptyLabels_AreSkippedAndCounted()
    {
        var summary = _db.Import(_db.File("e.csv", "item,annotator,label\ni1,a,x\ni1,b,\ni2,a,\n"));

        Assert.Equal(1, summary.Annotations);
        Assert.Equal(2, summary.Skipped);
        Assert.Equal(2, summary.SkippedReasons["empty label"]);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "missing.csv", Encoding.UTF8.GetBytes("item,annotator\ni1,a\n"), "missing.csv:1: missing required column: label (or answer, response)" },
        { "missing2.csv", Encoding.UTF8.GetBytes("foo,bar,label\n1,2,3\n"), "missing2.csv:1: missing required columns: item (or task, question, orig_id); annotator (or worker, rater)" },
        { "ragged.csv", Encoding.UTF8.GetBytes("item,annotator,label\ni1,a,x\ni2,b\n"), "ragged.csv:3: the row has 2 fields but the header has 3" },
        { "latin1.csv", [.. Encoding.UTF8.GetBytes("item,annotator,label\ni1,a,x\ni2,b,caf"), 0xE9, (byte)'\n'], "latin1.csv:3: the file is not valid UTF-8 (byte 0xE9 at byte offset 36)" },
        { "empty.csv", [], "empty.csv: the file is empty" },
        { "blank.csv", Encoding.UTF8.GetBytes("\n\n"), "blank.csv:1: the file is empty" },
        { "header-only.csv", Encoding.UTF8.GetBytes("item,annotator,label\n"), "header-only.csv: the file holds no annotations" },
        { "unclosed.csv", Encoding.UTF8.GetBytes("item,annotator,label\ni1,a,\"x\ni2,b,y\n"), "unclosed.csv:2: a quoted field is never closed" },
        { "badtime.csv", Encoding.UTF8.GetBytes("item,annotator,label,created_at\ni1,a,x,yesterday\n"), "badtime.csv:2 (column 'created_at'): 'yesterday' is not a time stamp" },
        { "badlead.csv", Encoding.UTF8.GetBytes("item,annotator,label,lead_time_s\ni1,a,x,-4\n"), "badlead.csv:2 (column 'lead_time_s'): '-4' is not a non-negative number of seconds" },
        { "emptyitem.csv", Encoding.UTF8.GetBytes("item,annotator,label\n,a,x\n"), "emptyitem.csv:2 (column 'item'): the item is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Import_BadInput_ErrorNamesFileAndPositionAndDatabaseIsUnchanged(string name, byte[] content, string expected)
    {
        _db.Import(_db.File("good.csv", Basic));
        var before = _db.Fingerprint();

        var ex = Assert.Throws<ImportException>(() => _db.Import(_db.File(name, content), format: "csv"));

        Assert.StartsWith(expected, ex.Message);
        Assert.Equal(before, _db.Fingerprint());
    }

    [Fact]
    public void Import_BadRowAfterManyGoodOnes_ImportsNothing()
    {
        var sb = new StringBuilder("item,annotator,label\n");
        for (var i = 0; i < 50_000; i++) sb.Append("i").Append(i).Append(",a").Append(i % 7).Append(",x\n");
        sb.Append("broken,row\n");
        var before = _db.Fingerprint();

        var ex = Assert.Throws<ImportException>(() => _db.Import(_db.File("late.csv", sb.ToString())));

        Assert.Contains("late.csv:50002", ex.Message);
        Assert.Equal(before, _db.Fingerprint());
        Assert.Equal(0, _db.Count("SELECT count(*) FROM projects"));
    }

    [Fact]
    public void Import_DuplicateAnswerInOneFile_KeepsTheLastAndSaysSo()
    {
        var summary = _db.Import(_db.File("dup.csv", "item,annotator,label\ni1,a,x\ni1,a,y\n"));

        Assert.Equal("y", _db.Rows("SELECT value FROM annotations", r => r.GetString(0)).Single());
        Assert.Equal(1, summary.Skipped);
        Assert.Contains(summary.SkippedReasons.Keys, k => k.StartsWith("duplicate answer", StringComparison.Ordinal));
    }

    [Fact]
    public void Choose_WithoutFormat_DetectsCsvFromHeaderNotExtension()
    {
        var path = _db.File("export.txt", "worker,question,answer\nw1,q1,yes\n");

        Assert.Equal("csv", _db.Imports.Choose(path, "export.txt", null).Format);
    }
}
