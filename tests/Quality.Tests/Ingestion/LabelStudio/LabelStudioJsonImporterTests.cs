using Quality.Ingestion;

namespace Quality.Tests.Ingestion.LabelStudio;

public sealed class LabelStudioJsonImporterTests : IDisposable
{
    private readonly ImportHarness _bed = new();
    private static string Tasks => ImportHarness.Fixture("label-studio", "tasks.json");

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Import_TasksFixture_CountsWhatTheFileHolds()
    {
        var summary = _bed.Import(Tasks);

        Assert.Equal("label-studio", summary.Format);
        Assert.Equal(2, summary.Items);
        // Task 1: ner + sentiment by user 1, sentiment by bea; task 2: eight controls by user 1, three by user 2.
        Assert.Equal(14, summary.Annotations);
        Assert.Equal(3, summary.Annotators);
        Assert.Equal(1, summary.GoldItems);
        Assert.Equal(3, summary.Skipped);
        Assert.Equal(1, summary.SkippedReasons["cancelled annotation (was_cancelled)"]);
        Assert.Equal(1, summary.SkippedReasons["model prediction (predictions are not annotations)"]);
        Assert.Equal(1, summary.SkippedReasons["Label Studio relation between regions"]);
        Assert.Equal(14, _bed.Count("SELECT count(*) FROM annotations"));
    }

    [Fact]
    public void Import_SpanAfterAnEmoji_StoresCodePointOffsets()
    {
        _bed.Import(Tasks);

        var ner = _bed.Single("1", "ner", "1");
        // "I 😀 love Paris": Label Studio counts the emoji as two UTF-16 units (Paris at 10..15); it is one code point.
        Assert.Equal("""[{"start":9,"end":14,"label":"LOC","text":"Paris"},{"start":0,"end":1,"label":"PER","text":"I"}]""", ner.Geometry);
        Assert.Equal("LOC|PER", ner.Value);
        Assert.Equal("I 😀 love Paris", _bed.Text("SELECT text FROM items WHERE external_key = '1'"));
    }

    [Fact]
    public void Import_RectanglesInPercent_StoresPixelsOfTheOriginalImage()
    {
        _bed.Import(Tasks);

        // 200×100 image: x 10% → 20 px, y 20% → 20 px, w 50% → 100 px, h 30% → 30 px; the rotated box keeps its angle.
        var boxes = _bed.Single("img-2", "boxes", "1");
        Assert.Equal("""[{"x":20,"y":20,"w":100,"h":30,"label":"Cat"},{"x":120,"y":10,"w":50,"h":50,"label":"Dog","rotation":15}]""", boxes.Geometry);
        Assert.Equal("Cat|Dog", boxes.Value);
        // Without original_width/height the percentages stay, marked as such.
        Assert.Equal("""[{"x":10,"y":20,"w":50,"h":30,"label":"Cat","unit":"percent"}]""", _bed.Single("img-2", "boxes", "2").Geometry);
        Assert.Equal("/data/upload/1/cat.jpg", _bed.Text("SELECT media_ref FROM items WHERE external_key = 'img-2'"));
    }

    [Fact]
    public void Import_PolygonAndKeypoint_StorePixels()
    {
        _bed.Import(Tasks);

        Assert.Equal("""[{"points":[[20,10],[100,10],[100,50]],"label":"Roof"}]""", _bed.Single("img-2", "shapes", "1").Geometry);
        Assert.Equal("""[{"x":50,"y":50,"label":"Eye"}]""", _bed.Single("img-2", "points", "1").Geometry);
    }

    [Fact]
    public void Import_Classifications_MapToTheirKinds()
    {
        _bed.Import(Tasks);

        var kinds = _bed.Pairs("SELECT name, kind FROM fields");
        Assert.Equal("span", kinds["ner"]);
        Assert.Equal("nominal", kinds["sentiment"]);
        Assert.Equal("box", kinds["boxes"]);
        Assert.Equal("polygon", kinds["shapes"]);
        Assert.Equal("keypoint", kinds["points"]);
        Assert.Equal("multi_label", kinds["tags"]);
        Assert.Equal("ordinal", kinds["quality"]);
        Assert.Equal("numeric", kinds["count"]);
        Assert.Equal("text", kinds["notes"]);
        Assert.Equal("nominal", kinds["kind"]);

        Assert.Equal("""["a","b"]""", _bed.Single("img-2", "tags", "1").Value);
        var rating = _bed.Single("img-2", "quality", "1");
        Assert.Equal(("4", 4.0), (rating.Value, rating.ValueNum));
        var number = _bed.Single("img-2", "count", "1");
        Assert.Equal(("3.5", 3.5), (number.Value, number.ValueNum));
        Assert.Equal("hello\nworld", _bed.Single("img-2", "notes", "1").Value);
        Assert.Equal("Animal/Cat", _bed.Single("img-2", "kind", "1").Value);
    }

    [Fact]
    public void Import_MultiLabelFieldWithASingleChoice_StoresItAsAnArray()
    {
        _bed.Import(Tasks);

        // User 2 picked one tag; the field is multi-label (user 1 picked two), so every answer is an array.
        Assert.Equal("""["a"]""", _bed.Single("img-2", "tags", "2").Value);
        Assert.Equal("""["a","b"]""", _bed.Text("SELECT categories FROM fields WHERE name = 'tags'"));
    }

    [Fact]
    public void Import_TimeStamps_AreStoredInUtc()
    {
        _bed.Import(Tasks);

        Assert.Equal(ImportHarness.Utc("2024-03-01T08:00:00.5"), _bed.Single("1", "ner", "1").CreatedAt); // +02:00 offset
        Assert.Equal(ImportHarness.Utc("2024-03-03T08:00:00.123456"), _bed.Single("img-2", "tags", "1").CreatedAt); // Z with microseconds
        Assert.Equal(ImportHarness.Utc("2024-03-03T09:00:00"), _bed.Single("img-2", "tags", "2").CreatedAt); // no zone: UTC
        Assert.Equal(12.5, _bed.Single("1", "ner", "1").LeadTime);
        Assert.Null(_bed.Single("img-2", "tags", "2").LeadTime);
    }

    [Fact]
    public void Import_CompletedByObject_KeysTheAnnotatorByEmail()
    {
        _bed.Import(Tasks);

        Assert.Equal("Bea Two", _bed.Text("SELECT display_name FROM annotators WHERE external_key = 'bea@example.com'"));
        Assert.Equal("Negative", _bed.Single("1", "sentiment", "bea@example.com").Value);
        Assert.Null(_bed.Text("SELECT display_name FROM annotators WHERE external_key = '1'"));
    }

    [Fact]
    public void Import_Reviews_KeepTheLatestVerdict()
    {
        _bed.Import(Tasks);

        Assert.Equal("rejected", _bed.Single("1", "sentiment", "bea@example.com").Review); // rejected after being accepted
        Assert.Equal("accepted", _bed.Single("img-2", "tags", "2").Review); // last_action
        Assert.Null(_bed.Single("1", "sentiment", "1").Review);
    }

    [Fact]
    public void Import_GroundTruthAnnotation_BecomesGoldNotAnAnswer()
    {
        _bed.Import(Tasks);

        var gold = _bed.Query("SELECT i.external_key, f.name, g.value FROM gold g JOIN items i USING (item_id) JOIN fields f USING (field_id)",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.Equal(("1", "sentiment", "Positive"), Assert.Single(gold));
        Assert.DoesNotContain(_bed.Answers(), a => a.Annotator == "9");
        Assert.DoesNotContain(_bed.Answers(), a => a.Annotator == "3"); // the cancelled one
    }

    [Fact]
    public void Import_SourceIds_AreAnnotationIdAndControl()
    {
        _bed.Import(Tasks);

        Assert.Equal("ls:101:ner", _bed.Single("1", "ner", "1").SourceId);
        Assert.Equal("ls:202:tags", _bed.Single("img-2", "tags", "2").SourceId);
    }

    [Fact]
    public void Import_UpdatedExport_ReplacesAnswersBySourceId()
    {
        _bed.Import(Tasks);
        var updated = File.ReadAllText(Tasks).Replace("\"choices\": [\"Negative\"]", "\"choices\": [\"Neutral\"]", StringComparison.Ordinal);

        var summary = _bed.Import(_bed.Write("tasks-updated.json", updated));

        Assert.Equal(14, summary.AnnotationsReplaced);
        Assert.Equal(0, summary.AnnotationsAdded);
        Assert.Equal(14, _bed.Count("SELECT count(*) FROM annotations"));
        Assert.Equal("Neutral", _bed.Single("1", "sentiment", "bea@example.com").Value);
    }

    [Fact]
    public void Import_AnnotationWithoutCompletedBy_NeedsAnAnnotator()
    {
        var file = ImportHarness.Fixture("label-studio", "no-annotator.json");

        var error = _bed.Fails(file);
        Assert.Contains("--annotator", error.Message);

        _bed.Import(file, annotator: "ann@example.com");
        Assert.Equal("Yes", _bed.Single("7", "ok", "ann@example.com").Value);
    }

    [Fact]
    public void Import_SingleTaskObject_IsReadAsOneTask()
    {
        var summary = _bed.Import(ImportHarness.Fixture("label-studio", "single-task.json"));

        Assert.Equal((1L, 1L), (summary.Items, summary.Annotations));
        var answer = _bed.Single("5", "label", "4");
        Assert.Equal(("Cat", 346193.271), (answer.Value, answer.LeadTime));
    }

    [Fact]
    public void Import_AsGold_MakesEveryAnswerGold()
    {
        var summary = _bed.Import(Tasks, gold: true);

        Assert.Equal(0, summary.Annotations);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM annotations"));
        Assert.Equal(2, summary.GoldItems);
        // The last answer per item and field wins: bea's Negative comes after user 1's Positive, then the ground truth.
        Assert.Equal("Positive", _bed.Text("SELECT g.value FROM gold g JOIN fields f USING (field_id) JOIN items i USING (item_id) WHERE f.name = 'sentiment'"));
    }

    [Fact]
    public void Import_SpanTextNotInTheTask_IsAnErrorNamingTheRegion()
    {
        var json = File.ReadAllText(Tasks).Replace("\"text\": \"Paris\"", "\"text\": \"Rome\"", StringComparison.Ordinal);
        var file = _bed.Write("bad-span.json", json);

        var error = _bed.Fails(file);

        Assert.Contains("region r1", error.Message);
        Assert.Contains("Rome", error.Message);
        Assert.NotNull(error.ByteOffset);
    }

    [Fact]
    public void Import_NegativeBoxWidth_IsAnError()
    {
        var json = File.ReadAllText(Tasks).Replace("\"width\": 50, \"height\": 30, \"rotation\": 0", "\"width\": -50, \"height\": 30, \"rotation\": 0", StringComparison.Ordinal);

        var error = _bed.Fails(_bed.Write("negative.json", json));

        Assert.Contains("negative size", error.Message);
    }

    [Fact]
    public void Import_SpanWithCodePointOffsets_IsAcceptedWhenItsTextMatches()
    {
        // Exports written through the API may carry code-point offsets; the span's text tells which.
        var json = File.ReadAllText(Tasks).Replace("\"start\": 10, \"end\": 15, \"text\": \"Paris\"", "\"start\": 9, \"end\": 14, \"text\": \"Paris\"", StringComparison.Ordinal);

        _bed.Import(_bed.Write("code-points.json", json));

        Assert.StartsWith("""[{"start":9,"end":14,"label":"LOC","text":"Paris"}""", _bed.Single("1", "ner", "1").Geometry);
    }
}
