using System.Text.Json;
using Quality.Ingestion.Json;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.Coco;

/// <summary>
/// COCO instances JSON: one annotator's file (--annotator) or a reference set (--gold). Items are images keyed by
/// file_name; each image gets a `boxes` answer (bbox) and, when the file has masks, a `segmentation` answer
/// (polygons and RLE). Read in two streaming passes: images, categories and per-image annotation counts first
/// (COCO writes categories after the annotations), then the annotations, each image's answer written as soon as
/// its last annotation is read.
/// </summary>
public sealed class CocoImporter : IImporter
{
    public const string BoxesField = "boxes";
    public const string SegmentationField = "segmentation";

    public string Format => "coco";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (JsonHead.Object(head) is not { } text) return 0;
        var images = text.Contains("\"images\"", StringComparison.Ordinal);
        var annotations = text.Contains("\"annotations\"", StringComparison.Ordinal);
        var imageId = text.Contains("\"image_id\"", StringComparison.Ordinal);
        var category = text.Contains("\"category_id\"", StringComparison.Ordinal) || text.Contains("\"categories\"", StringComparison.Ordinal);
        if ((images && annotations) || (imageId && category)) return 90;
        // A large file's head may hold nothing but the start of its image list.
        return images && text.Contains("\"file_name\"", StringComparison.Ordinal) ? 80 : 0;
    }

    private sealed class Image(string key, long index, int annotations)
    {
        public string Key { get; } = key;
        public long Index { get; } = index;
        public int Remaining { get; set; } = annotations;
        public RegionList? Boxes { get; set; }
        public RegionList? Segments { get; set; }
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var request = source.Request;
        var annotator = request.AsGold ? null : request.Annotator
            ?? throw new ImportException(file, null, null, "a COCO file names no annotator; pass --annotator NAME (or --gold for a reference set)");
        if (!stream.CanSeek) throw new ImportException(file, null, null, "COCO files are read twice; the input must be a file");

        // Pass 1: images, categories, and how many annotations each image has.
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        var images = new Dictionary<string, Image>(StringComparer.Ordinal);
        var imageOrder = new List<Image>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        bool anyBox = false, anySegmentation = false, sawImages = false, sawAnnotations = false;
        TopLevelArrays.Read(stream, file, name => name switch
        {
            "categories" => (e, _, at) =>
            {
                var r = Record(e, file, at, "a category");
                var id = r.Id("id") ?? throw r.Error("a category has no id");
                var categoryName = r.String("name") ?? throw r.Error($"category {id} has no name");
                if (!categories.TryAdd(id, categoryName)) throw r.Error($"category id {id} appears twice");
            }
            ,
            "images" => (e, index, at) =>
            {
                sawImages = true;
                var r = Record(e, file, at, "an image");
                var id = r.Id("id") ?? throw r.Error("an image has no id");
                var key = r.String("file_name") ?? throw r.Error($"image {id} has no file_name");
                if (key.Length == 0) throw r.Error($"image {id} has an empty file_name");
                foreach (var size in new[] { "width", "height" })
                    if (r.Double(size) is { } v && v <= 0) throw r.Error($"image {id} has {size} {v}");
                if (images.ContainsKey(id)) throw r.Error($"image id {id} appears twice");
                if (!keys.Add(key)) throw r.Error($"file_name '{key}' appears twice (image {id})");
                var image = new Image(key, index, 0);
                images[id] = image;
                imageOrder.Add(image);
            }
            ,
            "annotations" => (e, _, at) =>
            {
                sawAnnotations = true;
                var r = Record(e, file, at, "an annotation");
                var imageId = r.Id("image_id") ?? throw r.Error("an annotation has no image_id");
                counts[imageId] = counts.GetValueOrDefault(imageId) + 1;
                anyBox |= r.Get("bbox") is not null;
                anySegmentation |= r.Get("segmentation") is { } s && !(s.ValueKind == JsonValueKind.Array && s.GetArrayLength() == 0);
            }
            ,
            _ => null,
        }, cancellationToken);
        if (!sawImages) throw new ImportException(file, null, null, "the file has no \"images\" array: it is not a COCO instances file");
        if (!sawAnnotations) throw new ImportException(file, null, null, "the file has no \"annotations\" array: it is not a COCO instances file");
        foreach (var (imageId, count) in counts)
        {
            if (!images.TryGetValue(imageId, out var image))
                throw new ImportException(file, null, null, $"{count} annotation(s) refer to image_id {imageId}, which is not in \"images\"");
            image.Remaining = count;
        }

        if (anyBox) sink.Field(new FieldDefinition(BoxesField, FieldKind.Box));
        if (anySegmentation) sink.Field(new FieldDefinition(SegmentationField, FieldKind.Polygon));
        if (annotator is not null) sink.Annotator(annotator, null);

        void Emit(Image image, string field, RegionList? regions)
        {
            var (value, geometry) = regions?.Finish() ?? ("", "[]");
            if (annotator is null) sink.Gold(new GoldRow(image.Key, field, value, null, geometry, image.Index + 1));
            else sink.Annotation(new AnnotationRow(image.Key, field, annotator, value, null, geometry, null, null, null, null, image.Index + 1));
        }
        void Complete(Image image)
        {
            if (anyBox) Emit(image, BoxesField, image.Boxes);
            if (anySegmentation) Emit(image, SegmentationField, image.Segments);
            image.Boxes = image.Segments = null;
        }

        // Every listed image is an item; one the annotator left without objects is an empty answer.
        foreach (var image in imageOrder)
        {
            sink.Item(image.Key, null, image.Key);
            if (image.Remaining == 0) Complete(image);
        }

        // Pass 2: the annotations.
        stream.Position = 0;
        long read = 0;
        TopLevelArrays.Read(stream, file, name => name != "annotations" ? null : (e, _, at) =>
        {
            var r = Record(e, file, at, "an annotation");
            var imageId = r.Id("image_id")!;
            var image = images[imageId];
            var categoryId = r.Id("category_id") ?? throw r.Error("the annotation has no category_id");
            if (!categories.TryGetValue(categoryId, out var label))
                throw r.Error($"category_id {categoryId} is not in \"categories\"");
            var crowd = Crowd(r);
            var extras = RegionExtras.Of(crowd, false, null);

            if (r.Get("bbox") is { } bbox)
            {
                if (bbox.ValueKind != JsonValueKind.Array || bbox.GetArrayLength() != 4) throw r.Error("bbox should be [x, y, width, height]");
                double x = r.DoubleOf(bbox[0], "bbox x"), y = r.DoubleOf(bbox[1], "bbox y"), w = r.DoubleOf(bbox[2], "bbox width"), h = r.DoubleOf(bbox[3], "bbox height");
                if (w < 0 || h < 0) throw r.Error($"bbox has a negative size ({JsonRecord.Number(w)} × {JsonRecord.Number(h)})");
                (image.Boxes ??= new RegionList()).Box(x, y, w, h, label, 0, extras);
            }
            if (r.Get("segmentation") is { } segmentation)
                AddSegmentation(r, segmentation, label, extras, image.Segments ??= new RegionList());

            if (--image.Remaining == 0) Complete(image);
            if ((++read & 0x3FFF) == 0) sink.Progress(stream.Position);
        }, cancellationToken);
        sink.Progress(stream.Position);
    }

    private static JsonRecord Record(JsonElement e, string file, long at, string what) => new JsonRecord(e, file, null, at).RequireObject(what);

    // iscrowd is 0/1, a boolean, or (COCO Annotator) the strings "false"/"true".
    private static bool Crowd(JsonRecord r)
    {
        if (r.Get("iscrowd") is not { } v) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            JsonValueKind.String when v.GetString() is "true" or "1" => true,
            JsonValueKind.String when v.GetString() is "false" or "0" => false,
            _ => throw r.Error($"iscrowd should be 0 or 1, found {JsonRecord.Describe(v)}"),
        };
    }

    private static void AddSegmentation(JsonRecord r, JsonElement segmentation, string label, RegionExtras? extras, RegionList regions)
    {
        if (segmentation.ValueKind == JsonValueKind.Array)
        {
            // Polygons: [[x1, y1, x2, y2, …], …]; an object in several parts gives one polygon per part.
            foreach (var polygon in segmentation.EnumerateArray())
            {
                if (polygon.ValueKind != JsonValueKind.Array) throw r.Error("segmentation should be a list of polygons [[x, y, …], …] or an RLE object");
                var n = polygon.GetArrayLength();
                if (n == 0) continue;
                if (n % 2 != 0) throw r.Error($"a segmentation polygon has {n} coordinates; it needs x, y pairs");
                var xy = new double[n];
                var i = 0;
                foreach (var c in polygon.EnumerateArray()) xy[i++] = r.DoubleOf(c, "a polygon coordinate");
                regions.Polygon(xy, label, extras);
            }
            return;
        }
        if (segmentation.ValueKind != JsonValueKind.Object) throw r.Error($"segmentation should be polygons or RLE, found {JsonRecord.Describe(segmentation)}");

        var rle = r.Child(segmentation);
        var size = segmentation.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() == 2
            ? (H: r.LongOf(s[0], "RLE height"), W: r.LongOf(s[1], "RLE width"))
            : throw r.Error("an RLE segmentation needs \"size\": [height, width]");
        if (size.H <= 0 || size.W <= 0) throw r.Error($"the RLE size {size.H} × {size.W} is not positive");
        if (rle.Get("counts") is not { } countsElement) throw r.Error("an RLE segmentation needs \"counts\"");
        List<long> counts;
        if (countsElement.ValueKind == JsonValueKind.String)
            counts = CompressedRle.Decode(countsElement.GetString()!) ?? throw r.Error("the compressed RLE counts string is corrupt");
        else if (countsElement.ValueKind == JsonValueKind.Array)
        {
            counts = new List<long>(countsElement.GetArrayLength());
            foreach (var c in countsElement.EnumerateArray()) counts.Add(r.LongOf(c, "an RLE count"));
        }
        else throw r.Error($"RLE counts should be a list of numbers or a string, found {JsonRecord.Describe(countsElement)}");
        long total = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw r.Error($"an RLE count is negative ({c})");
            total += c;
        }
        if (total != size.H * size.W)
            throw r.Error($"the RLE counts cover {total} pixels but the mask is {size.H} × {size.W} = {size.H * size.W}");
        regions.Mask(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(counts), size.H, size.W, label, extras);
    }
}

/// <summary>pycocotools' compressed RLE strings (LEB128-like, 6 bits a character, runs after the second as deltas).</summary>
internal static class CompressedRle
{
    /// <summary>The run lengths, or null when the string is not a valid encoding.</summary>
    public static List<long>? Decode(string s)
    {
        var counts = new List<long>();
        var p = 0;
        while (p < s.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                if (p >= s.Length || k > 12) return null;
                var c = s[p] - 48;
                if (c is < 0 or > 63) return null;
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (counts.Count > 2) x += counts[^2];
            counts.Add(x);
        }
        return counts;
    }
}
