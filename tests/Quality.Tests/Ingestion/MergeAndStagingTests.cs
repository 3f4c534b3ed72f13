namespace Quality.Tests.Ingestion;

/// <summary>The staging and merge behaviours changed with the Label Studio importer's speed work.</summary>
public sealed class MergeAndStagingTests : IDisposable
{
    private readonly ImportHarness _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Import_SameAnswerTwiceInAFile_KeepsTheLastAndCountsTheOther()
    {
        // The task is exported twice (an export concatenated by hand); answer 101 changes from Positive to Negative.
        var task = """{"id": 1, "annotations": [{"id": 101, "completed_by": 1, "result": [{"value": {"choices": ["LABEL"]}, "from_name": "s", "to_name": "t", "type": "choices"}]}], "data": {"text": "x"}}""";
        var file = _bed.Write("twice.json", $"[{task.Replace("LABEL", "Positive", StringComparison.Ordinal)}, {task.Replace("LABEL", "Negative", StringComparison.Ordinal)}]");

        var summary = _bed.Import(file);

        Assert.Equal(1, summary.Annotations);
        Assert.Equal(1, summary.SkippedReasons["duplicate answer in the file (same answer id, or same item, field and annotator): the last one was kept"]);
        Assert.Equal("Negative", _bed.Single("1", "s", "1").Value);
    }

    [Fact]
    public void Import_DistinctAnswers_AreAllKept()
    {
        var summary = _bed.Import(ImportHarness.Fixture("label-studio", "tasks.json"));

        Assert.DoesNotContain(summary.SkippedReasons.Keys, r => r.StartsWith("duplicate", StringComparison.Ordinal));
        Assert.Equal(summary.Annotations, _bed.Count("SELECT count(*) FROM annotations"));
    }

    [Fact]
    public void Import_CsvWithoutItemDeclarations_CreatesItemsFromTheAnswersAndDropsRepeats()
    {
        // The crowd CSV importer names items only through its answers: the merge's general path.
        var file = _bed.Write("crowd.csv", "item,worker,label\na,w1,yes\nb,w1,no\na,w2,no\na,w1,no\n");

        var summary = _bed.Import(file);

        Assert.Equal(2, summary.Items);
        Assert.Equal(3, summary.Annotations);
        Assert.Equal(2, _bed.Count("SELECT count(*) FROM items"));
        Assert.Equal("no", _bed.Single("a", "label", "w1").Value); // the later row of w1 on a
        Assert.Equal(1, summary.SkippedReasons["duplicate answer in the file (same answer id, or same item, field and annotator): the last one was kept"]);
    }

    [Fact]
    public void Import_LaterExportWithText_FillsItInButNeverOverwritesIt()
    {
        _bed.Import(_bed.Write("crowd.csv", "item,worker,label\n1,w1,yes\n"));
        Assert.Null(_bed.Text("SELECT text FROM items WHERE external_key = '1'"));

        _bed.Import(ImportHarness.Fixture("label-studio", "tasks.json"));
        Assert.Equal("I 😀 love Paris", _bed.Text("SELECT text FROM items WHERE external_key = '1'"));

        var edited = File.ReadAllText(ImportHarness.Fixture("label-studio", "tasks.json")).Replace("love Paris", "love Rome", StringComparison.Ordinal)
            .Replace("\"start\": 10, \"end\": 15, \"text\": \"Paris\"", "\"start\": 10, \"end\": 14, \"text\": \"Rome\"", StringComparison.Ordinal);
        _bed.Import(_bed.Write("edited.json", edited));
        Assert.Equal("I 😀 love Paris", _bed.Text("SELECT text FROM items WHERE external_key = '1'"));
        Assert.Equal(2, _bed.Count("SELECT count(*) FROM items"));
    }

    [Fact]
    public void Import_BareLabelsOfAMultiLabelGoldField_AreWrappedToo()
    {
        var tasks = """
            [{"id": 1, "annotations": [
               {"id": 1, "completed_by": 1, "result": [{"value": {"choices": ["a", "b"]}, "from_name": "tags", "to_name": "t", "type": "choices"}]},
               {"id": 2, "ground_truth": true, "completed_by": 2, "result": [{"value": {"choices": ["a"]}, "from_name": "tags", "to_name": "t", "type": "choices"}]}],
              "data": {"text": "x"}}]
            """;

        _bed.Import(_bed.Write("gold.json", tasks));

        Assert.Equal("""["a"]""", _bed.Text("SELECT value FROM gold"));
        Assert.Equal("""["a","b"]""", _bed.Single("1", "tags", "1").Value);
    }
}
