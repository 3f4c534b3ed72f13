using System.Globalization;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Storage;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.SageMaker;

public sealed class SageMakerManifestImporterTests : IDisposable
{
    private readonly ImportHarness _bed = new();
    private static string Manifest => ImportHarness.Fixture("sagemaker", "output.manifest");

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Import_Manifest_CountsEveryLabelAttribute()
    {
        var summary = _bed.Import(Manifest);

        Assert.Equal("sagemaker", summary.Format);
        Assert.Equal(8, summary.Items);
        // img1, img2, img3, img4 (consolidated + 2 workers), img5, img6 (automated), the text line.
        Assert.Equal(9, summary.Annotations);
        Assert.Equal(7, summary.Annotators);
        Assert.Equal(1, summary.SkippedReasons["SageMaker semantic segmentation mask (a PNG on S3; pixel masks are not imported)"]);
    }

    [Fact]
    public void Import_ConsolidatedLabel_IsThePseudoAnnotatorOfTheJob()
    {
        _bed.Import(Manifest);

        var dog = _bed.Single("s3://bucket/img1.jpg", "animal", "sagemaker-consolidated:animals");
        Assert.Equal("Dog", dog.Value);
        Assert.Equal(ImportHarness.Utc("2024-05-01T10:00:00.123456"), dog.CreatedAt); // no zone: UTC
        Assert.Equal("sm:animals:s3://bucket/img1.jpg:animal", dog.SourceId);
        Assert.Equal(ImportHarness.Utc("2024-05-01T11:00:00"), _bed.Single("s3://bucket/img4.jpg", "animal", "sagemaker-consolidated:animals").CreatedAt); // +02:00
        Assert.Equal("SageMaker consolidated label (job animals)",
            _bed.Text("SELECT display_name FROM annotators WHERE external_key = 'sagemaker-consolidated:animals'"));
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM gold"));
    }

    [Fact]
    public void Import_WorkerAnswers_AreAnnotationsOfTheWorkers()
    {
        _bed.Import(Manifest);

        var w1 = _bed.Single("s3://bucket/img4.jpg", "animal", "private.us-east-1.w1");
        Assert.Equal(("Cat", 4.5, ImportHarness.Utc("2024-05-01T10:59:00")), (w1.Value, w1.LeadTime, w1.CreatedAt));
        Assert.Equal("Dog", _bed.Single("s3://bucket/img4.jpg", "animal", "private.us-east-1.w2").Value);
        Assert.Equal("Cat", _bed.Single("s3://bucket/img4.jpg", "animal", "sagemaker-consolidated:animals").Value);
    }

    [Fact]
    public void Import_ClassIds_AreNamedByTheClassMap()
    {
        _bed.Import(Manifest);

        Assert.Equal("""["outdoor","people"]""", _bed.Single("s3://bucket/img2.jpg", "tags", "sagemaker-consolidated:tags").Value);
        var fields = _bed.Query("SELECT name, kind, categories FROM fields", r => (r.GetString(0), r.GetString(1), r.StringOrNull(2))).ToDictionary(r => r.Item1, r => (r.Item2, r.Item3));
        Assert.Equal(("multi_label", """["outdoor","people"]"""), fields["tags"]);
        Assert.Equal(("nominal", """["Cat","Dog"]"""), fields["animal"]);
        Assert.Equal("box", fields["boxes"].Item1);
    }

    [Fact]
    public void Import_Boxes_ArePixelsWithTheirClassNames()
    {
        _bed.Import(Manifest);

        var boxes = _bed.Single("s3://bucket/img3.jpg", "boxes", "sagemaker-consolidated:boxes");
        Assert.Equal("""[{"x":10,"y":20,"w":30,"h":40,"label":"Cat"},{"x":5,"y":5,"w":10,"h":10,"label":"Dog"}]""", boxes.Geometry);
        Assert.Equal("Cat|Dog", boxes.Value);
        // An image without boxes is an answer too: "nothing here".
        var empty = _bed.Single("s3://bucket/img5.jpg", "boxes", "sagemaker-consolidated:boxes");
        Assert.Equal(("[]", ""), (empty.Geometry, empty.Value));
    }

    [Fact]
    public void Import_AutomatedLabels_AreKeptApartFromTheHumanConsensus()
    {
        _bed.Import(Manifest);

        Assert.Equal("Dog", _bed.Single("s3://bucket/img6.jpg", "animal", "sagemaker-auto-labeled:animals").Value);
        Assert.DoesNotContain(_bed.Answers(), a => a.Item == "s3://bucket/img6.jpg" && a.Annotator.StartsWith("sagemaker-consolidated:", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_NamedEntities_AreCodePointSpansOfTheSourceText()
    {
        _bed.Import(Manifest);

        var ents = _bed.Single("I 😀 love Paris", "ents", "sagemaker-consolidated:ents");
        Assert.Equal("""[{"start":9,"end":14,"label":"LOC","text":"Paris"}]""", ents.Geometry);
        Assert.Equal("I 😀 love Paris", _bed.Text("SELECT text FROM items WHERE external_key = 'I 😀 love Paris'"));
    }

    [Fact]
    public void Import_AsGold_MakesTheConsensusGold()
    {
        var summary = _bed.Import(Manifest, gold: true);

        Assert.Equal(0, summary.Annotations);
        Assert.Equal("Dog", _bed.Text("SELECT g.value FROM gold g JOIN items i USING (item_id) WHERE i.external_key = 's3://bucket/img1.jpg'"));
    }

    [Fact]
    public void Import_ClassIdMissingFromTheClassMap_IsAnErrorNamingTheLine()
    {
        var text = File.ReadAllText(Manifest).Replace("\"class_id\":1,", "\"class_id\":7,", StringComparison.Ordinal);

        var error = _bed.Fails(_bed.Write("bad.manifest", text));

        Assert.Equal(3, error.Line);
        Assert.Contains("class_id 7", error.Message);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM annotations"));
    }

    public static TheoryData<string> SharedManifests() =>
    [
        "gt_image-classification_vehicle-demo_output.manifest",
        "gt_object-detection_cat-ground-truth_output.manifest",
    ];

    [SkippableTheory]
    [MemberData(nameof(SharedManifests))]
    public void Import_SharedManifest_MatchesTheFilesOwnContent(string name)
    {
        var path = TestPaths.Shared("exports", "sagemaker-ground-truth", name);
        var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l)).ToList();

        var summary = _bed.Import(path);

        Assert.Equal("sagemaker", _bed.Service.Choose(path, name, null).Format);
        Assert.Equal(lines.Count, summary.Items);
        Assert.Equal(lines.Count, summary.Annotations);
        foreach (var line in lines)
        {
            var root = line.RootElement;
            var attribute = root.EnumerateObject().Select(p => p.Name).Single(n => root.TryGetProperty(n + "-metadata", out _));
            var metadata = root.GetProperty(attribute + "-metadata");
            var job = metadata.GetProperty("job-name").GetString()!["labeling-job/".Length..];
            var answer = _bed.Single(root.GetProperty("source-ref").GetString()!, attribute, "sagemaker-consolidated:" + job);
            var created = DateTime.Parse(metadata.GetProperty("creation-date").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.Equal(created, answer.CreatedAt);
            var label = root.GetProperty(attribute);
            if (label.ValueKind == JsonValueKind.Number)
                Assert.Equal(metadata.GetProperty("class-name").GetString(), answer.Value);
            else
            {
                var classMap = metadata.GetProperty("class-map");
                var expected = label.GetProperty("annotations").EnumerateArray()
                    .Select(b => new
                    {
                        x = b.GetProperty("left").GetDouble(), y = b.GetProperty("top").GetDouble(),
                        w = b.GetProperty("width").GetDouble(), h = b.GetProperty("height").GetDouble(),
                        label = classMap.GetProperty(b.GetProperty("class_id").GetRawText()).GetString(),
                    }).ToList();
                using var stored = JsonDocument.Parse(answer.Geometry!);
                Assert.Equal(expected.Count, stored.RootElement.GetArrayLength());
                for (var i = 0; i < expected.Count; i++)
                {
                    var s = stored.RootElement[i];
                    Assert.Equal(expected[i], new
                    {
                        x = s.GetProperty("x").GetDouble(), y = s.GetProperty("y").GetDouble(),
                        w = s.GetProperty("w").GetDouble(), h = s.GetProperty("h").GetDouble(),
                        label = s.GetProperty("label").GetString(),
                    });
                }
            }
        }
    }

    [SkippableFact]
    public void Import_SharedSegmentationManifest_HasNothingImportableAndSaysWhy()
    {
        var path = TestPaths.Shared("exports", "sagemaker-ground-truth", "gt_semantic-segmentation_pcb_output.manifest");
        var masks = File.ReadLines(path).Count(l => l.Contains("-ref-metadata", StringComparison.Ordinal));

        var error = _bed.Fails(path);

        Assert.Contains($"{masks} SageMaker semantic segmentation mask", error.Message);
        Assert.Equal("sagemaker", _bed.Service.Choose(path, Path.GetFileName(path), null).Format);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM imports"));
    }
}
