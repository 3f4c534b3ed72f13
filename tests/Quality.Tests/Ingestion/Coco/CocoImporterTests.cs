using System.Text;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Coco;

public sealed class CocoImporterTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static string Fixture => ImportHarness.Fixture("coco", "annotator_3images.json");

    [Fact]
    public void Import_AnnotatorFile_GroupsScatteredAnnotationsPerImageWithNamedCategories()
    {
        var summary = _h.Import(Fixture, annotator: "ann");

        Assert.Equal("coco", summary.Format);
        Assert.Equal(3, summary.Items);
        Assert.Equal(6, summary.Annotations);
        Assert.Equal(["boxes", "segmentation"], summary.Fields);
        Assert.Equal(["box", "polygon"], _h.Query("SELECT kind FROM fields ORDER BY name", r => r.GetString(0)));

        var boxes = _h.Single("a.jpg", "boxes");
        Assert.Equal("cat|dog", boxes.Value);
        var dog = ImportHarness.Regions(boxes.Geometry)[0];
        Assert.Equal("dog", dog.GetProperty("label").GetString());
        Assert.Equal((10.5, 20.0, 30.25, 40.0), (dog.GetProperty("x").GetDouble(), dog.GetProperty("y").GetDouble(), dog.GetProperty("w").GetDouble(), dog.GetProperty("h").GetDouble()));

        // Annotation 1000 has two polygon parts: one polygon region each.
        var segmentation = _h.Single("a.jpg", "segmentation");
        Assert.Equal("cat|cat|dog", segmentation.Value);
        Assert.Equal("[[10.5,20],[40.75,20],[40.75,60]]", ImportHarness.Regions(segmentation.Geometry)[0].GetProperty("points").GetRawText());
        Assert.Equal("[[1,1],[2,1],[2,2]]", ImportHarness.Regions(segmentation.Geometry)[2].GetProperty("points").GetRawText());
    }

    [Fact]
    public void Import_RleMasks_CompressedAndUncompressedBecomeUncompressedCountsWithTheCrowdFlag()
    {
        _h.Import(Fixture, annotator: "ann");

        var masks = ImportHarness.Regions(_h.Single("b.jpg", "segmentation").Geometry);
        Assert.Equal(2, masks.Length);
        // "251N" is pycocotools' string for [2, 5, 1, 3]: the fourth run is stored as 3 − 5 = −2.
        Assert.Equal("{\"counts\":[2,5,1,3],\"size\":[11,1]}", masks[0].GetProperty("rle").GetRawText());
        Assert.Equal("{\"counts\":[0,1,10],\"size\":[11,1]}", masks[1].GetProperty("rle").GetRawText());
        Assert.All(masks, m => Assert.True(m.GetProperty("iscrowd").GetBoolean()));
        Assert.All(ImportHarness.Regions(_h.Single("a.jpg", "boxes").Geometry), b => Assert.False(b.TryGetProperty("iscrowd", out _)));
    }

    [Fact]
    public void Import_ImageWithoutAnnotations_GetsEmptyAnswersAndKeepsItsFileNameAsMedia()
    {
        _h.Import(Fixture, annotator: "ann");

        Assert.All(_h.Answers("i.external_key = 'c.jpg'"), a => Assert.Equal(("", "[]"), (a.Value, a.Geometry)));
        Assert.Equal(2, _h.Answers("i.external_key = 'c.jpg'").Count);
        Assert.Equal("c.jpg", _h.Scalar("SELECT media_ref FROM items WHERE external_key = 'c.jpg'"));
    }

    [Fact]
    public void Import_TwoAnnotatorsFilesOfTheSameImages_MeetOnTheSameItems()
    {
        _h.Import(Fixture, annotator: "ann");
        var other = File.ReadAllText(Fixture).Replace("[10.5, 20, 30.25, 40]", "[11, 21, 30, 40]", StringComparison.Ordinal);
        _h.Import(_h.Write("other.json", other), annotator: "ben");

        Assert.Equal(3, _h.Count("SELECT count(*) FROM items"));
        Assert.Equal(3, _h.Count("SELECT count(*) FROM (SELECT item_id FROM annotations GROUP BY item_id HAVING count(DISTINCT annotator_id) = 2)"));
        Assert.Equal(11, ImportHarness.Regions(_h.Single("a.jpg", "boxes", "ben").Geometry)[0].GetProperty("x").GetDouble());
    }

    [Fact]
    public void Import_AsGold_WritesGoldRows()
    {
        var summary = _h.Import(Fixture, gold: true);

        Assert.Equal(3, summary.GoldItems);
        Assert.Equal(6, _h.Count("SELECT count(*) FROM gold"));
    }

    [Fact]
    public void Import_WithoutAnnotatorOrGold_ThrowsAskingForTheOption()
    {
        var ex = _h.Fails(Fixture);

        Assert.Contains("--annotator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_Fixture_ChoosesCoco()
    {
        Assert.Equal("coco", _h.Service.Choose(Fixture, "x.json", null).Format);
    }

    [Fact]
    public void Detect_HeadHoldingOnlyTheStartOfALongImageList_ChoosesCoco()
    {
        var images = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"{{\"id\": {i}, \"file_name\": \"img{i}.jpg\", \"width\": 640, \"height\": 480}}"));
        var path = _h.Write("long.json", $"{{\"images\": [{images}], \"annotations\": [], \"categories\": []}}");
        Assert.True(new FileInfo(path).Length > 64 * 1024);

        Assert.Equal("coco", _h.Service.Choose(path, "long.json", null).Format);
    }

    [Theory]
    [InlineData("\"category_id\": 5, \"bbox\": [10.5", "\"category_id\": 4, \"bbox\": [10.5", "category_id 4 is not in \"categories\"")]
    [InlineData("[10.5, 20, 30.25, 40]", "[10.5, 20, -30.25, 40]", "negative size")]
    [InlineData("[10.5, 20, 30.25, 40]", "[10.5, 20, 30.25]", "bbox should be [x, y, width, height]")]
    [InlineData("\"iscrowd\": \"1\"", "\"iscrowd\": \"maybe\"", "iscrowd should be 0 or 1")]
    [InlineData("\"counts\": [0, 1, 10]", "\"counts\": [0, 1, 9]", "the RLE counts cover 10 pixels but the mask is 11 × 1 = 11")]
    [InlineData("\"image_id\": 3, \"category_id\": 1", "\"image_id\": 4, \"category_id\": 1", "refer to image_id 4, which is not in \"images\"")]
    [InlineData("\"file_name\": \"b.jpg\"", "\"file_name\": \"a.jpg\"", "file_name 'a.jpg' appears twice")]
    [InlineData("[[10.5, 20, 40.75, 20, 40.75, 60]]", "[[10.5, 20, 40.75, 20, 40.75]]", "has 5 coordinates")]
    public void Import_AbsurdValue_ThrowsNamingTheProblemAndChangesNothing(string find, string replace, string problem)
    {
        var path = _h.Edit(Fixture, find, replace, "absurd.json");

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_AbsurdAnnotation_ErrorNamesTheByteWhereTheAnnotationStarts()
    {
        var text = File.ReadAllText(Fixture).Replace("\"iscrowd\": \"1\"", "\"iscrowd\": \"maybe\"", StringComparison.Ordinal);
        var path = _h.Write("absurd.json", text);
        var start = Encoding.UTF8.GetByteCount(text[..text.IndexOf("{\"id\": 2,", StringComparison.Ordinal)]);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Equal(start, ex.ByteOffset);
    }

    [Fact]
    public void Import_TruncatedFile_ThrowsWithTheByteOffsetAndLeavesTheDatabaseUnchanged()
    {
        _h.Import(Fixture, annotator: "ann");
        var bytes = File.ReadAllBytes(Fixture);
        var path = _h.Write("truncated.json", bytes[..(bytes.Length / 2)]);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.InRange(ex.ByteOffset ?? -1, 0, bytes.Length / 2);
    }

    [Fact]
    public void Import_MalformedJson_ThrowsAtTheBrokenByte()
    {
        var text = File.ReadAllText(Fixture);
        var at = text.IndexOf("\"area\": 5,", StringComparison.Ordinal);
        var path = _h.Write("malformed.json", text[..at] + "\"area\" 5," + text[(at + "\"area\": 5,".Length)..]);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Contains("malformed JSON", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.ByteOffset ?? -1, at, at + 12);
    }

    [Fact]
    public void Import_InvalidUtf8InAString_ThrowsAtItsByte()
    {
        var bytes = File.ReadAllBytes(Fixture);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("c.jpg", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        var path = _h.Write("latin.json", bytes);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.Equal(at, ex.ByteOffset);
    }

    [Fact]
    public void Import_CvatXmlForcedAsCoco_Throws()
    {
        var ex = _h.Fails(ImportHarness.Fixture("cvat", "job_alice_3images.xml"), annotator: "a", format: "coco");

        Assert.Equal(0, ex.ByteOffset);
    }

    [Fact]
    public void Import_ObjectWithoutImages_ThrowsNotCoco()
    {
        var path = _h.Write("notcoco.json", "{\"annotations\": [], \"categories\": []}");

        var ex = _h.Fails(path, annotator: "a", format: "coco");

        Assert.Contains("no \"images\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_CorruptedVariantsOfTheFixture_ImportOrFailCleanly()
    {
        var failures = _h.Fuzz(Fixture, seed: 21, variants: 24, annotator: "ann", format: "coco");

        Assert.InRange(failures, 8, 24);
    }

    // ---- The real COCO files in ../shared/exports/coco ----

    public static TheoryData<string> SharedFiles => new()
    {
        "coco-val2017-subset_instances_10images.json",
        "coco-val2017-subset_instances_with-iscrowd-RLE_10images.json",
        "coco-annotator-style_polygons_iscrowd-as-string_2images.json",
    };

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Import_SharedFile_EveryAnnotationLandsOnItsImageWithItsCategoryAndBox(string name)
    {
        var path = TestPaths.Shared("exports", "coco", name);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var categories = root.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt32(), c => c.GetProperty("name").GetString()!);
        var fileNames = root.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64(), i => i.GetProperty("file_name").GetString()!);
        var annotations = root.GetProperty("annotations").EnumerateArray().ToList();

        var summary = _h.Import(path, annotator: "ann");

        Assert.Equal(fileNames.Count, summary.Items);
        Assert.Equal(fileNames.Count * 2, summary.Annotations);
        foreach (var (imageId, fileName) in fileNames)
        {
            var mine = annotations.Where(a => a.GetProperty("image_id").GetInt64() == imageId).ToList();
            var boxes = _h.Single(fileName, "boxes");
            var regions = ImportHarness.Regions(boxes.Geometry);
            Assert.Equal(mine.Count, regions.Length);
            Assert.Equal(string.Join('|', mine.Select(a => categories[a.GetProperty("category_id").GetInt32()]).Order(StringComparer.Ordinal)), boxes.Value);
            for (var i = 0; i < mine.Count; i++)
            {
                var bbox = mine[i].GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(bbox, new[] { "x", "y", "w", "h" }.Select(k => regions[i].GetProperty(k).GetDouble()));
            }

            // One polygon region per polygon part, one mask per RLE annotation.
            var expectedSegments = mine.Sum(a => a.GetProperty("segmentation") is { ValueKind: JsonValueKind.Array } s ? s.GetArrayLength() : 1);
            var segments = ImportHarness.Regions(_h.Single(fileName, "segmentation").Geometry);
            Assert.Equal(expectedSegments, segments.Length);
            var crowd = mine.Count(a => a.GetProperty("iscrowd") is { ValueKind: JsonValueKind.Number } c && c.GetInt32() == 1);
            Assert.Equal(crowd, segments.Count(s => s.TryGetProperty("rle", out _)));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Detect_SharedFile_ChoosesCoco(string name)
    {
        var path = TestPaths.Shared("exports", "coco", name);

        Assert.Equal("coco", _h.Service.Choose(path, name, null).Format);
    }

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Import_CorruptedVariantsOfSharedFile_ImportOrFailCleanly(string name)
    {
        var path = TestPaths.Shared("exports", "coco", name);

        var failures = _h.Fuzz(path, seed: name.Length, variants: 12, annotator: "ann", format: null);

        Assert.InRange(failures, 1, 12);
    }
}
