using System.Text.Json;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.Labelbox;

/// <summary>
/// The mapping both Labelbox exports share. Classifications are fields named by the question; objects are grouped
/// by geometry into the fields `boxes`, `polygons`, `lines`, `points` and `entities`, the tool's name being the
/// region's label (so a Cat box and a Dog box of one label are one answer, comparable across annotators). Text
/// entity ends are inclusive in Labelbox and stored exclusive. Classifications nested under objects or answers
/// are counted as skipped.
/// </summary>
internal sealed class LabelboxAnswers(IImportSink sink)
{
    public const string Boxes = "boxes", Polygons = "polygons", Lines = "lines", Points = "points", Entities = "entities";
    public const string NestedSkip = "Labelbox nested classification (under an object or an answer)";

    private readonly Dictionary<string, RegionList> _regions = new(StringComparer.Ordinal);
    private readonly List<string> _regionOrder = [];
    private readonly List<(string Field, string Value)> _classifications = [];

    public Dictionary<string, FieldKind> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>A classification answer (radio: a name; checklist: a sorted JSON array; free text).</summary>
    public void Classification(string field, string value, FieldKind kind)
    {
        _classifications.Add((field, value));
        Kinds.TryAdd(field, kind);
    }

    public RegionList Region(string field, FieldKind kind)
    {
        if (!_regions.TryGetValue(field, out var list))
        {
            _regions[field] = list = new RegionList();
        }
        if (list.Count == 0 && !_regionOrder.Contains(field)) _regionOrder.Add(field);
        Kinds.TryAdd(field, kind);
        return list;
    }

    /// <summary>Adds one object: a box, polygon, line, point or text entity; returns false when its kind is not supported.</summary>
    public bool Object(JsonElement o, string label, string? text, Func<string, Exception> error)
    {
        if (Get(o, "bounding_box", "bbox") is { } box)
        {
            double N(string name) => box.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
                ? d : throw error($"the box '{label}' has no numeric '{name}'");
            var (left, top, width, height) = (N("left"), N("top"), N("width"), N("height"));
            if (width < 0 || height < 0) throw error($"the box '{label}' has a negative size ({width}×{height})");
            Region(Boxes, FieldKind.Box).Box(left, top, width, height, label);
            return true;
        }
        if (Get(o, "polygon") is { } polygon)
        {
            Region(Polygons, FieldKind.Polygon).Polygon(PointList(polygon, label, error), label);
            return true;
        }
        if (Get(o, "line") is { } line)
        {
            Region(Lines, FieldKind.Polygon).Polygon(PointList(line, label, error), label);
            return true;
        }
        if (Get(o, "point") is { } point)
        {
            var (x, y) = Point(point, label, error);
            Region(Points, FieldKind.Keypoint).Point(x, y, label);
            return true;
        }
        var location = Get(o, "location") ?? (Get(o, "data") is { } data ? Get(data, "location") : null);
        if (location is { } loc)
        {
            int I(string name) => loc.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) && i >= 0
                ? i : throw error($"the entity '{label}' has no whole-number '{name}'");
            var (start, end) = (I("start"), I("end"));
            if (end < start) throw error($"the entity '{label}' ends ({end}) before it starts ({start})");
            string? covered = text is not null && end < text.Length ? text[start..(end + 1)] : null;
            Region(Entities, FieldKind.Span).Span(start, end + 1, label, covered);
            return true;
        }
        return false;
    }

    /// <summary>The label's answers, one per field; then cleared for the next label.</summary>
    public IEnumerable<(string Field, string Value, string? Geometry)> Drain()
    {
        try
        {
            foreach (var (field, value) in _classifications) yield return (field, value, null);
            foreach (var field in _regionOrder)
            {
                var (value, geometry) = _regions[field].Finish();
                yield return (field, value, geometry);
            }
        }
        finally
        {
            _classifications.Clear();
            _regionOrder.Clear();
            foreach (var r in _regions.Values) r.Clear();
        }
    }

    /// <summary>Writes one label's answers (or its gold) to the sink; a label with none is counted as skipped.</summary>
    public void Emit(string item, string? annotator, DateTime? created, double? lead, string? labelId, string? review, long line)
    {
        var any = false;
        foreach (var (field, value, geometry) in Drain())
        {
            any = true;
            if (annotator is null) sink.Gold(new GoldRow(item, field, value, null, geometry, line));
            else sink.Annotation(new AnnotationRow(item, field, annotator, value, null, geometry, created, lead,
                labelId is null ? null : $"lb:{labelId}:{field}", review, line));
        }
        if (!any) sink.Skip("Labelbox label without any answer");
    }

    public void Declare()
    {
        foreach (var (field, kind) in Kinds) sink.Field(new FieldDefinition(field, kind));
    }

    // Interleaved x, y: the shape RegionList.Polygon takes.
    private static double[] PointList(JsonElement points, string label, Func<string, Exception> error)
    {
        if (points.ValueKind != JsonValueKind.Array) throw error($"the points of '{label}' are not a list");
        var xy = new double[points.GetArrayLength() * 2];
        var i = 0;
        foreach (var p in points.EnumerateArray()) (xy[i++], xy[i++]) = Point(p, label, error);
        return xy;
    }

    private static (double X, double Y) Point(JsonElement p, string label, Func<string, Exception> error)
    {
        if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("x", out var x) && p.TryGetProperty("y", out var y)
            && x.TryGetDouble(out var xd) && y.TryGetDouble(out var yd) && double.IsFinite(xd) && double.IsFinite(yd))
            return (xd, yd);
        throw error($"a point of '{label}' is not {{x, y}} numbers");
    }

    internal static JsonElement? Get(JsonElement o, params string[] names)
    {
        foreach (var name in names)
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null) return v;
        return null;
    }

    internal static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A data row's content: text when it is not a link (text data rows carry their text inline), else media.</summary>
    internal static (string? Text, string? Media) Content(string? rowData)
    {
        if (rowData is null) return (null, null);
        var isLink = rowData.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rowData.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || rowData.StartsWith("gs://", StringComparison.Ordinal) || rowData.StartsWith("s3://", StringComparison.Ordinal);
        return isLink ? (null, rowData) : (rowData, null);
    }
}
