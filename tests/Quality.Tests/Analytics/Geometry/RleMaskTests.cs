using System.Text.Json;
using Quality.Analytics.Geometry;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Geometry;

public class RleMaskTests
{
    // 3 × 3, column-major. counts [1,2,3,1,2]: pixel 0 off, 1–2 on (column 0, rows 1–2), 3–5 off, 6 on (column 2,
    // row 0), 7–8 off.
    private static readonly RleMask Hooks = new(3, 3, [1, 2, 3, 1, 2]);
    // counts [0,3,6]: the whole first column.
    private static readonly RleMask FirstColumn = new(3, 3, [0, 3, 6]);

    [Fact]
    public void Decode_ColumnMajorRuns_SetsExpectedPixels()
    {
        var pixels = Hooks.Decode();

        Assert.Equal([false, true, true, false, false, false, true, false, false], pixels);
        Assert.Equal(3, Hooks.Area);
        Assert.Equal(new Box(0, 0, 3, 3), Hooks.BoundingBox());
        Assert.Equal(new Box(0, 0, 1, 3), FirstColumn.BoundingBox());
    }

    [Fact]
    public void IoU_HandExample_IsHalf()
    {
        // Shared pixels 1 and 2; union 3 + 3 − 2 = 4.
        Assert.Equal(2, RleMask.IntersectionArea(Hooks, FirstColumn));
        Assert.Equal(0.5, RleMask.IoU(Hooks, FirstColumn));
    }

    [Fact]
    public void IoU_BothEmpty_IsNull()
    {
        var empty = new RleMask(2, 2, [4]);

        Assert.Null(RleMask.IoU(empty, empty));
        Assert.Equal(0.0, RleMask.IoU(empty, new RleMask(2, 2, [1, 1, 2])));
    }

    [Fact]
    public void IntersectionArea_RandomMasks_EqualsPixelCount()
    {
        var random = new Random(9);
        for (var trial = 0; trial < 100; trial++)
        {
            int h = random.Next(1, 12), w = random.Next(1, 12);
            var a = RandomMask(random, h, w);
            var b = RandomMask(random, h, w);

            var pa = a.Decode();
            var pb = b.Decode();
            var expected = pa.Zip(pb).Count(p => p.First && p.Second);

            Assert.Equal(expected, RleMask.IntersectionArea(a, b));
            Assert.Equal(pa.Count(p => p), a.Area);
        }
    }

    [Fact]
    public void Problem_RunsNotCoveringImage_IsReported()
    {
        Assert.NotNull(RleMask.Problem(new RleMask(2, 2, [1, 2])));
        Assert.Null(RleMask.Problem(new RleMask(2, 2, [1, 2, 1])));
        Assert.Throws<ArgumentException>(() => RleMask.IntersectionArea(new RleMask(2, 2, [4]), new RleMask(1, 4, [4])));
    }

    [Fact]
    public void Pairwise_MasksAboveThreshold_MatchOneToOne()
    {
        var set = ShapeAgreement.MaskBuilder()
            .Add("img", "a", "person", Hooks)
            .Add("img", "b", "person", FirstColumn)
            .Build();

        var pair = ShapeAgreement.Pairwise(set).Single();

        Assert.Equal(1, pair.Total.TruePositives);
        Assert.Equal(0.5, pair.Total.MeanMatchedScore);
    }

    [SkippableFact]
    public void Decode_CocoCrowdAnnotations_BoundingBoxesAgreeWithFile()
    {
        var path = TestPaths.Shared("exports", "coco", "coco-val2017-subset_instances_with-iscrowd-RLE_10images.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var crowd = doc.RootElement.GetProperty("annotations").EnumerateArray()
            .Where(a => a.GetProperty("iscrowd").ValueKind == JsonValueKind.Number && a.GetProperty("iscrowd").GetInt32() == 1)
            .ToList();
        Assert.Equal(10, crowd.Count);

        foreach (var annotation in crowd)
        {
            var segmentation = annotation.GetProperty("segmentation");
            var size = segmentation.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var mask = new RleMask(size[0], size[1], segmentation.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            var bbox = annotation.GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()).ToArray();

            Assert.Null(RleMask.Problem(mask));
            var box = mask.BoundingBox()!.Value;
            // The file's boxes run from the first to the last foreground pixel (width = last − first), one less
            // than the pixel count pycocotools' toBbox reports; the corner must agree exactly, which it only does
            // when the runs are read column-major.
            Assert.Equal((bbox[0], bbox[1]), (box.X, box.Y));
            Assert.Equal((bbox[2] + 1, bbox[3] + 1), (box.Width, box.Height));
        }
    }

    private static RleMask RandomMask(Random random, int h, int w)
    {
        var counts = new List<int>();
        var left = h * w;
        while (left > 0)
        {
            var run = Math.Min(left, random.Next(0, 6));
            counts.Add(run);
            left -= run;
        }
        return new RleMask(h, w, counts.ToArray());
    }
}
