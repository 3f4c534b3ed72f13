using Quality.Ingestion;

namespace Quality.Tests.Ingestion.LabelStudio;

public sealed class LabelStudioMinAndCsvImporterTests : IDisposable
{
    private readonly ImportHarness _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void ImportMin_Records_ControlsAreTheKeysBetweenIdAndAnnotator()
    {
        var summary = _bed.Import(ImportHarness.Fixture("label-studio", "min.json"));

        Assert.Equal("label-studio-min", summary.Format);
        Assert.Equal(["ner", "quality", "sentiment", "tags"], summary.Fields); // not the data keys text and source
        Assert.Equal(6, summary.Annotations);
        Assert.Equal(2, summary.Items);
        Assert.Equal(1, summary.SkippedReasons["task without annotations (record with no annotation_id)"]);
        Assert.Equal("Positive", _bed.Single("1", "sentiment", "1").Value);
        Assert.Equal("Negative", _bed.Single("1", "sentiment", "bea@example.com").Value);
        Assert.Equal("nothing to see", _bed.Text("SELECT text FROM items WHERE external_key = '2'"));
    }

    [Fact]
    public void ImportMin_ValueShapes_MapLikeTheFullExport()
    {
        _bed.Import(ImportHarness.Fixture("label-studio", "min.json"));

        Assert.Equal("""[{"start":9,"end":14,"label":"LOC","text":"Paris"}]""", _bed.Single("1", "ner", "1").Geometry);
        Assert.Equal("""["a","b"]""", _bed.Single("1", "tags", "1").Value);
        Assert.Equal("""["a","c"]""", _bed.Single("1", "tags", "bea@example.com").Value);
        Assert.Equal(4.0, _bed.Single("1", "quality", "1").ValueNum);
        Assert.Equal(ImportHarness.Utc("2024-03-01T08:00:00"), _bed.Single("1", "sentiment", "1").CreatedAt);
        Assert.Equal("ls:102:sentiment", _bed.Single("1", "sentiment", "bea@example.com").SourceId);
        var kinds = _bed.Pairs("SELECT name, kind FROM fields");
        Assert.Equal(("span", "multi_label", "ordinal", "nominal"), (kinds["ner"], kinds["tags"], kinds["quality"], kinds["sentiment"]));
    }

    [Fact]
    public void ImportCsv_Export_ReadsVaryingAndStructuredColumnsAsControls()
    {
        var summary = _bed.Import(ImportHarness.Fixture("label-studio", "export.tsv"));

        Assert.Equal("label-studio-csv", summary.Format);
        Assert.Equal(["ner", "sentiment"], summary.Fields);
        Assert.Equal(3, summary.Annotations);
        Assert.Equal("Positive", _bed.Single("1", "sentiment", "1").Value);
        Assert.Equal("Negative", _bed.Single("1", "sentiment", "bea@example.com").Value);
        Assert.Equal("""[{"start":9,"end":14,"label":"LOC","text":"Paris"}]""", _bed.Single("1", "ner", "1").Geometry);
        Assert.Equal(ImportHarness.Utc("2024-03-01T08:00:00"), _bed.Single("1", "ner", "1").CreatedAt);
        Assert.Equal("I 😀 love Paris", _bed.Text("SELECT text FROM items"));
        // text and title never differ between the two answers: they cannot be told from task data.
        Assert.Equal(2, summary.Skipped);
        Assert.Contains(summary.SkippedReasons.Keys, r => r.StartsWith("Label Studio CSV column 'title' read as task data", StringComparison.Ordinal));
    }

    [Fact]
    public void ImportCsv_OnlyColumnsThatNeverDiffer_FailsSayingWhichColumnsAndWhatToExport()
    {
        var file = _bed.Write("one-annotator.csv",
            "annotation_id,annotator,created_at,id,lead_time,sentiment,text,updated_at\n" +
            "1,7,2024-01-01T00:00:00Z,10,1.5,Positive,good day,2024-01-01T00:00:00Z\n" +
            "2,7,2024-01-01T00:00:00Z,11,1.5,Negative,bad day,2024-01-01T00:00:00Z\n");

        var error = _bed.Fails(file);

        Assert.Contains("column 'sentiment' read as task data", error.Message);
        Assert.Contains("JSON-MIN", error.Message);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM annotations"));
    }
}
