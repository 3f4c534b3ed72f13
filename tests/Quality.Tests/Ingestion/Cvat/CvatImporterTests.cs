using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Cvat;

public sealed class CvatImporterTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static string JobFixture => ImportHarness.Fixture("cvat", "job_alice_3images.xml");
    private static string ProjectFixture => ImportHarness.Fixture("cvat", "project_2tasks_subsets.xml");

    [Fact]
    public void Import_JobExport_StoresPixelBoxesPolygonsPointsAndTagsOfTheAssignee()
    {
        var summary = _h.Import(JobFixture);

        Assert.Equal("cvat", summary.Format);
        Assert.Equal(["boxes", "points", "polygons", "tags"], summary.Fields);
        Assert.Equal(3, summary.Items);
        Assert.Equal(12, summary.Annotations);
        Assert.Equal(1, summary.SkippedReasons["CVAT <mask> (not imported)"]);
        Assert.Equal(("alice@example.com", "alice"), _h.Query("SELECT external_key, display_name FROM annotators", r => (r.GetString(0), r.GetString(1))).Single());
        Assert.Equal("a.jpg", _h.Scalar("SELECT media_ref FROM items WHERE external_key = 'a.jpg'"));

        var boxes = _h.Single("a.jpg", "boxes");
        Assert.Equal("cat|dog", boxes.Value);
        var cat = ImportHarness.Regions(boxes.Geometry)[0];
        Assert.Equal(10.5, cat.GetProperty("x").GetDouble());
        Assert.Equal(20.25, cat.GetProperty("y").GetDouble());
        Assert.Equal(100.25, cat.GetProperty("w").GetDouble());
        Assert.Equal(50, cat.GetProperty("h").GetDouble());
        Assert.True(cat.GetProperty("occluded").GetBoolean());
        Assert.Equal("{\"color\":\"red\",\"size\":\"big\"}", cat.GetProperty("attributes").GetRawText());
        Assert.False(ImportHarness.Regions(boxes.Geometry)[1].TryGetProperty("rotation", out _));

        var polygon = Assert.Single(ImportHarness.Regions(_h.Single("a.jpg", "polygons").Geometry));
        Assert.Equal("[[1,2],[30.5,2],[30.5,40.25]]", polygon.GetProperty("points").GetRawText());
        Assert.Equal("dog", polygon.GetProperty("label").GetString());

        var points = _h.Single("a.jpg", "points");
        Assert.Equal("cat|cat", points.Value);
        Assert.Equal([(5.0, 6.0), (7.5, 8.0)], ImportHarness.Regions(points.Geometry).Select(p => (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble())));

        Assert.Equal("[\"outdoor\"]", _h.Single("a.jpg", "tags").Value);
        Assert.Equal(["box", "keypoint", "multi_label", "polygon"], _h.Query("SELECT kind FROM fields ORDER BY kind", r => r.GetString(0)));
    }

    [Fact]
    public void Import_ImageWithoutShapes_GetsAnEmptyAnswerForEveryShapeKindTheFileUses()
    {
        _h.Import(JobFixture);

        var answers = _h.Answers("i.external_key = 'c.jpg'");
        Assert.Equal(["boxes", "points", "polygons", "tags"], answers.Select(a => a.Field));
        Assert.All(answers.Where(a => a.Field != "tags"), a => Assert.Equal(("", "[]"), (a.Value, a.Geometry)));
        Assert.Equal("[]", answers.Single(a => a.Field == "tags").Value);
    }

    [Fact]
    public void Import_RotatedBox_PivotsOnTheTurnedTopLeftCorner()
    {
        _h.Import(JobFixture);

        // A 40 × 20 box at the origin turned 90° clockwise about its centre (20, 10): its top-left corner lands at (30, -10).
        var box = Assert.Single(ImportHarness.Regions(_h.Single("b.jpg", "boxes").Geometry));
        Assert.Equal(30, box.GetProperty("x").GetDouble(), 9);
        Assert.Equal(-10, box.GetProperty("y").GetDouble(), 9);
        Assert.Equal(40, box.GetProperty("w").GetDouble());
        Assert.Equal(20, box.GetProperty("h").GetDouble());
        Assert.Equal(90, box.GetProperty("rotation").GetDouble());
    }

    [Fact]
    public void Import_ProjectExport_UsesEachTasksAssigneeElseTheAnnotatorOptionAndKeysBySubset()
    {
        var summary = _h.Import(ProjectFixture, annotator: "carol");

        Assert.Equal(2, summary.Items);
        var answers = _h.Answers();
        Assert.Equal([("Test/x.jpg", "carol", "car|car"), ("Train/x.jpg", "bob", "car")], answers.Select(a => (a.Item, a.Annotator, a.Value)));
        var box = Assert.Single(ImportHarness.Regions(answers[1].Geometry));
        Assert.Equal((1.0, 2.0, 2.0, 2.0), (box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("w").GetDouble(), box.GetProperty("h").GetDouble()));
    }

    [Fact]
    public void Import_TaskWithoutAssigneeAndNoAnnotatorOption_ThrowsNamingTheTask()
    {
        var ex = _h.Fails(ProjectFixture);

        Assert.Contains("task 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--annotator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SameImageNameInTwoTasksForOneAnnotator_ThrowsInsteadOfMerging()
    {
        var xml = File.ReadAllText(ProjectFixture).Replace("subset=\"Test\"", "subset=\"Train\"", StringComparison.Ordinal)
            .Replace("<assignee><username>bob</username><email></email></assignee>", "<assignee></assignee>", StringComparison.Ordinal);
        var path = _h.Write("same-names.xml", xml);
        var second = xml.IndexOf("<image", xml.IndexOf("<image", StringComparison.Ordinal) + 1, StringComparison.Ordinal);

        var ex = _h.Fails(path, annotator: "carol");

        Assert.Contains("'Train/x.jpg' appears a second time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(xml[..second].Count(c => c == '\n') + 1, ex.Line);
    }

    [Fact]
    public void Import_AsGold_WritesGoldRowsAndNoAnnotations()
    {
        var summary = _h.Import(JobFixture, gold: true);

        Assert.Equal(0, summary.Annotations);
        Assert.Equal(3, summary.GoldItems);
        Assert.Equal(12, _h.Count("SELECT count(*) FROM gold"));
        Assert.Equal(0, _h.Count("SELECT count(*) FROM annotators"));
    }

    [Fact]
    public void Detect_JobFixture_ChoosesCvat()
    {
        Assert.Equal("cvat", _h.Service.Choose(JobFixture, "job.xml", null).Format);
    }

    [Fact]
    public void Import_TruncatedFile_ThrowsWithTheLineAndLeavesTheDatabaseUnchanged()
    {
        _h.Import(ProjectFixture, annotator: "carol");
        var text = File.ReadAllText(JobFixture);
        var path = _h.Write("truncated.xml", text[..text.IndexOf("<image id=\"1\"", StringComparison.Ordinal)]);

        var ex = _h.Fails(path);

        Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Import_MismatchedTag_ThrowsWithItsLineAndPosition()
    {
        var lines = File.ReadAllLines(JobFixture);
        var bad = Array.FindIndex(lines, l => l.Contains("</polygon>", StringComparison.Ordinal));
        lines[bad] = lines[bad].Replace("</polygon>", "</polygn>", StringComparison.Ordinal);
        var path = _h.Write("mismatched.xml", string.Join('\n', lines));

        var ex = _h.Fails(path);

        Assert.Equal(bad + 1, ex.Line);
        Assert.Contains("malformed XML at position", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_InvalidUtf8_ThrowsNamingTheLine()
    {
        var bytes = File.ReadAllBytes(JobFixture);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("label=\"dog\"", StringComparison.Ordinal) + 8;
        bytes[at] = 0xFF;
        var path = _h.Write("latin.xml", bytes);
        var expectedLine = bytes[..at].Count(b => b == (byte)'\n') + 1;

        var ex = _h.Fails(path);

        Assert.Equal(expectedLine, ex.Line);
    }

    [Fact]
    public void Import_EmptyFile_Throws()
    {
        var path = _h.Write("empty.xml", "");

        var ex = _h.Fails(path, format: "cvat");

    }

    [Fact]
    public void Import_CocoJsonForcedAsCvat_ThrowsMalformedXmlAtLineOne()
    {
        var ex = _h.Fails(ImportHarness.Fixture("coco", "annotator_3images.json"), annotator: "x", format: "cvat");

        Assert.Equal(1L, ex.Line);
    }

    [Fact]
    public void Import_VideoExport_ThrowsAskingForCvatForImages()
    {
        var path = _h.Write("video.xml", "<?xml version=\"1.0\"?>\n<annotations>\n<version>1.1</version>\n<track id=\"0\" label=\"car\"><box frame=\"0\" xtl=\"1\" ytl=\"1\" xbr=\"2\" ybr=\"2\" outside=\"0\" occluded=\"0\" keyframe=\"1\"/></track>\n</annotations>");

        var ex = _h.Fails(path, annotator: "a");

        Assert.Contains("CVAT for images 1.1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4L, ex.Line);
    }

    [Fact]
    public void Import_DocumentTypeDeclaration_IsRefused()
    {
        var path = _h.Write("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE annotations [<!ENTITY x \"boom\">]>\n<annotations><image id=\"0\" name=\"&x;.jpg\"><tag label=\"a\"/></image></annotations>");

        var ex = _h.Fails(path, annotator: "a", format: "cvat");

        Assert.Contains("DTD is prohibited", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xtl=\"10.50\"", "xtl=\"abc\"", "xtl 'abc' is not a number")]
    [InlineData("xbr=\"110.75\"", "xbr=\"1.00\"", "negative size")]
    [InlineData("points=\"5.00,6.00;7.50,8.00\"", "points=\"5.00;7.50,8.00\"", "point '5.00' is not \"x,y\"")]
    [InlineData("<tag label=\"outdoor\"", "<tag", "a <tag> has no label")]
    public void Import_AbsurdShape_ThrowsNamingTheShapesLine(string find, string replace, string problem)
    {
        var path = _h.Edit(JobFixture, find, replace, "absurd.xml");
        var text = File.ReadAllText(JobFixture);
        var line = text[..text.IndexOf(find, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var ex = _h.Fails(path);

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.Line);
    }

    [Fact]
    public void Import_CorruptedVariantsOfTheFixtures_ImportOrFailCleanly()
    {
        var failures = _h.Fuzz(JobFixture, seed: 11, variants: 16, annotator: null, format: "cvat")
            + _h.Fuzz(ProjectFixture, seed: 12, variants: 16, annotator: "carol", format: "cvat");

        Assert.InRange(failures, 8, 32);
    }

    // ---- The real CVAT exports in ../shared/exports/cvat ----

    public static TheoryData<string> SharedFiles => new()
    {
        "cvat-images-1.1_job-export_cats_14images_same-as-LS-project-1.xml",
        "cvat-images-1.1_project-export_3subsets_attributes_polygons_datumaro-test-asset.xml",
    };

    private static readonly Dictionary<string, string> FieldOfElement = new()
    {
        ["box"] = "boxes", ["polygon"] = "polygons", ["polyline"] = "polylines", ["points"] = "points", ["tag"] = "tags",
    };

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Import_SharedExport_OneAnswerPerImageAndUsedShapeKindWithTheFilesCoordinates(string name)
    {
        var path = TestPaths.Shared("exports", "cvat", name);
        var doc = XDocument.Load(path);
        var images = doc.Root!.Elements("image").ToList();
        var used = images.SelectMany(i => i.Elements()).Select(e => FieldOfElement[e.Name.LocalName]).Distinct().ToList();

        var summary = _h.Import(path, annotator: "reviewer");

        Assert.Equal(images.Count, summary.Items);
        Assert.Equal(images.Count * used.Count, summary.Annotations);
        Assert.Equal(used.Order(StringComparer.Ordinal), summary.Fields);
        Assert.Equal(0, summary.Skipped);
        foreach (var image in images)
        {
            var subset = (string?)image.Attribute("subset");
            var key = subset is null ? (string)image.Attribute("name")! : $"{subset}/{(string)image.Attribute("name")!}";
            foreach (var field in used)
            {
                var shapes = image.Elements().Where(e => FieldOfElement[e.Name.LocalName] == field).ToList();
                var answer = _h.Single(key, field, "reviewer");
                var regions = ImportHarness.Regions(answer.Geometry);
                // A <points> shape holds several points; each is one keypoint region.
                var expected = field == "points" ? shapes.Sum(s => ((string)s.Attribute("points")!).Split(';').Length) : shapes.Count;
                Assert.Equal(expected, regions.Length);
                Assert.Equal(string.Join('|', regions.Select(r => r.GetProperty("label").GetString()).Order(StringComparer.Ordinal)), answer.Value);
                if (field != "boxes") continue;
                for (var i = 0; i < shapes.Count; i++)
                {
                    decimal D(string attribute) => decimal.Parse((string)shapes[i].Attribute(attribute)!, CultureInfo.InvariantCulture);
                    Assert.Equal((double)D("xtl"), regions[i].GetProperty("x").GetDouble());
                    Assert.Equal((double)D("ytl"), regions[i].GetProperty("y").GetDouble());
                    Assert.Equal((double)(D("xbr") - D("xtl")), regions[i].GetProperty("w").GetDouble());
                    Assert.Equal((double)(D("ybr") - D("ytl")), regions[i].GetProperty("h").GetDouble());
                    Assert.Equal(shapes[i].Elements("attribute").Count(), regions[i].TryGetProperty("attributes", out var a) ? a.EnumerateObject().Count() : 0);
                }
            }
        }
    }

    [SkippableFact]
    public void Import_SharedJobExportWithoutAssignee_NeedsTheAnnotatorOption()
    {
        var path = TestPaths.Shared("exports", "cvat", "cvat-images-1.1_job-export_cats_14images_same-as-LS-project-1.xml");

        var ex = _h.Fails(path);

        Assert.Contains("job 1", ex.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Detect_SharedExport_ChoosesCvat(string name)
    {
        var path = TestPaths.Shared("exports", "cvat", name);

        Assert.Equal("cvat", _h.Service.Choose(path, name, null).Format);
    }

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Import_CorruptedVariantsOfSharedExport_ImportOrFailCleanly(string name)
    {
        var path = TestPaths.Shared("exports", "cvat", name);

        var failures = _h.Fuzz(path, seed: name.Length, variants: 12, annotator: "reviewer", format: null);

        Assert.InRange(failures, 1, 12);
    }
}
