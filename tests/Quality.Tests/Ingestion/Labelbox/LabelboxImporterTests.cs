using System.Globalization;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Labelbox;

public sealed class LabelboxImporterTests : IDisposable
{
    private readonly ImportHarness _bed = new();
    private static string V2 => ImportHarness.Fixture("labelbox", "export-v2.ndjson");
    private static string V1 => ImportHarness.Fixture("labelbox", "export-v1.json");

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void ImportV2_Export_CountsAnswersPerLabelAndField()
    {
        var summary = _bed.Import(V2);

        Assert.Equal("labelbox", summary.Format);
        Assert.Equal(3, summary.Items);
        // L1: quality, issues, comment, boxes, polygons, points, lines; L2: quality; L3: entities.
        Assert.Equal(9, summary.Annotations);
        Assert.Equal(2, summary.Annotators);
        Assert.Equal(1, summary.SkippedReasons["skipped label (the annotator skipped the data row)"]);
        Assert.Equal(1, summary.SkippedReasons["Labelbox nested classification (under an object or an answer)"]);
        Assert.Equal(1, summary.SkippedReasons["Labelbox object 'ImageSegmentationMask' is not supported (masks and other kinds)"]);
    }

    [Fact]
    public void ImportV2_Classifications_UseTheOptionNames()
    {
        _bed.Import(V2);

        var quality = _bed.Single("dr1", "quality", "a@example.com");
        Assert.Equal(("good", ImportHarness.Utc("2024-02-01T10:00:00"), 12.0, "lb:L1:quality", "accepted"),
            (quality.Value, quality.CreatedAt, quality.LeadTime, quality.SourceId, quality.Review));
        Assert.Equal(ImportHarness.Utc("2024-02-01T10:00:00"), _bed.Single("dr1", "quality", "b@example.com").CreatedAt); // 12:00 at +02:00
        Assert.Equal("""["blur","dark"]""", _bed.Single("dr1", "issues", "a@example.com").Value);
        Assert.Equal("fine", _bed.Single("dr1", "comment", "a@example.com").Value);
        var kinds = _bed.Pairs("SELECT name, kind FROM fields");
        Assert.Equal(("nominal", "multi_label", "text"), (kinds["quality"], kinds["issues"], kinds["comment"]));
    }

    [Fact]
    public void ImportV2_Objects_AreGroupedByGeometryWithTheToolAsLabel()
    {
        _bed.Import(V2);

        Assert.Equal("""[{"x":20,"y":10,"w":40,"h":30,"label":"Cat"}]""", _bed.Single("dr1", "boxes", "a@example.com").Geometry);
        Assert.Equal("""[{"points":[[1,2],[3,4],[5,6]],"label":"Roof"}]""", _bed.Single("dr1", "polygons", "a@example.com").Geometry);
        Assert.Equal("""[{"x":7,"y":8,"label":"Eye"}]""", _bed.Single("dr1", "points", "a@example.com").Geometry);
        Assert.Equal("""[{"points":[[0,0],[10,10]],"label":"Edge"}]""", _bed.Single("dr1", "lines", "a@example.com").Geometry);
    }

    [Fact]
    public void ImportV2_TextEntity_InclusiveEndBecomesExclusive()
    {
        _bed.Import(V2);

        // "Hello Paris": Labelbox's location {start 6, end 10} includes index 10.
        Assert.Equal("""[{"start":6,"end":11,"label":"LOC","text":"Paris"}]""", _bed.Single("dr2", "entities", "a@example.com").Geometry);
        Assert.Equal("Hello Paris", _bed.Text("SELECT text FROM items WHERE external_key = 'dr2'"));
    }

    [Fact]
    public void ImportV2_LabelWithoutDetails_NeedsAnAnnotator()
    {
        var file = ImportHarness.Fixture("labelbox", "no-details.ndjson");

        var error = _bed.Fails(file);

        Assert.Equal(1, error.Line);
        Assert.Contains("--annotator", error.Message);
        _bed.Import(file, annotator: "vendor-team");
        Assert.Equal("good", _bed.Single("dr9", "quality", "vendor-team").Value);
    }

    [Fact]
    public void ImportV1_Export_MapsLikeExportV2()
    {
        var summary = _bed.Import(V1);

        Assert.Equal("labelbox-v1", summary.Format);
        Assert.Equal(3, summary.Items);
        Assert.Equal(6, summary.Annotations); // lab1: quality, issues, comment, boxes, points; lab2: entities
        Assert.Equal(1, summary.SkippedReasons["skipped label (the annotator skipped the data row)"]);
        Assert.Equal(1, summary.SkippedReasons["Labelbox nested classification (under an object or an answer)"]);
        Assert.Equal(1, summary.SkippedReasons["Labelbox v1 object without inline geometry (segmentation mask)"]);

        var quality = _bed.Single("dr1", "quality", "a@example.com");
        Assert.Equal(("good", ImportHarness.Utc("2021-07-13T21:19:39"), 150.9, "lb:lab1:quality", "rejected"),
            (quality.Value, quality.CreatedAt, quality.LeadTime, quality.SourceId, quality.Review)); // the later review was a thumbs-down
        Assert.Equal("""["blur","dark"]""", _bed.Single("dr1", "issues", "a@example.com").Value);
        Assert.Equal("fine", _bed.Single("dr1", "comment", "a@example.com").Value);
        Assert.Equal("""[{"x":20,"y":10,"w":40,"h":30,"label":"Cat"}]""", _bed.Single("dr1", "boxes", "a@example.com").Geometry);
        Assert.Equal("""[{"start":6,"end":11,"label":"LOC","text":"Paris"}]""", _bed.Single("dr2", "entities", "b@example.com").Geometry);
    }

    [SkippableFact]
    public void ImportV2_SharedRoofWearExport_MatchesTheFilesOwnAnswers()
    {
        var path = TestPaths.Shared("exports", "labelbox", "labelbox_export-v2_roof-wear-highres_102rows.ndjson");
        var expected = new Dictionary<(string Row, string Field), string>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var row = doc.RootElement.GetProperty("data_row").GetProperty("id").GetString()!;
            foreach (var project in doc.RootElement.GetProperty("projects").EnumerateObject())
                foreach (var label in project.Value.GetProperty("labels").EnumerateArray())
                    foreach (var c in label.GetProperty("annotations").GetProperty("classifications").EnumerateArray())
                        expected[(row, c.GetProperty("name").GetString()!)] = c.GetProperty("radio_answer").GetProperty("name").GetString()!;
        }

        // The export was made without label details: nobody is named, so the annotator comes from --annotator.
        _bed.Fails(path);
        var summary = _bed.Import(path, annotator: "roof-team");

        Assert.Equal("labelbox", _bed.Service.Choose(path, Path.GetFileName(path), null).Format);
        Assert.Equal(File.ReadLines(path).Count(l => l.Length > 0), summary.Items);
        Assert.Equal(expected.Count, summary.Annotations);
        var stored = _bed.Answers().ToDictionary(a => (a.Item, a.Field), a => a.Value);
        Assert.Equal(expected.OrderBy(kv => kv.Key), stored.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)));
    }

    public static TheoryData<string> SharedV1() => ["labelbox_export-v1_image_bbox.json", "labelbox_export-v1_text_entity.json"];

    [SkippableTheory]
    [MemberData(nameof(SharedV1))]
    public void ImportV1_SharedExport_MatchesTheFilesOwnContent(string name)
    {
        var path = TestPaths.Shared("exports", "labelbox", name);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var row = doc.RootElement; // these legacy files hold one row as a bare object
        var label = row.GetProperty("Label");
        var objects = label.GetProperty("objects").EnumerateArray().ToList();
        string? Kind(JsonElement o) =>
            o.TryGetProperty("bbox", out _) ? "boxes" : o.TryGetProperty("polygon", out _) ? "polygons" : o.TryGetProperty("line", out _) ? "lines"
            : o.TryGetProperty("point", out _) ? "points" : o.TryGetProperty("data", out _) ? "entities" : null;
        var geometryFields = objects.Select(Kind).Where(k => k is not null).Distinct().Count();
        var nested = objects.Sum(o => o.TryGetProperty("classifications", out var c) ? c.GetArrayLength() : 0);

        var summary = _bed.Import(path);

        Assert.Equal("labelbox-v1", _bed.Service.Choose(path, name, null).Format);
        Assert.Equal(geometryFields + label.GetProperty("classifications").GetArrayLength(), summary.Annotations);
        Assert.Equal(nested, summary.SkippedReasons.GetValueOrDefault("Labelbox nested classification (under an object or an answer)"));
        Assert.Equal(objects.Count(o => Kind(o) is null), summary.SkippedReasons.GetValueOrDefault("Labelbox v1 object without inline geometry (segmentation mask)"));
        var annotator = row.GetProperty("Created By").GetString()!;
        var seconds = row.GetProperty("Seconds to Label").GetDouble();
        Assert.All(_bed.Answers(), a => Assert.Equal((annotator, (double?)seconds, row.GetProperty("DataRow ID").GetString()), (a.Annotator, a.LeadTime, a.Item)));
        var regions = _bed.Count("SELECT coalesce(sum(json_array_length(geometry)), 0)::BIGINT FROM annotations");
        Assert.Equal(objects.Count(o => Kind(o) is not null), regions);
    }
}
