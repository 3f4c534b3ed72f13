using System.Globalization;
using System.Text.Json;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.LabelStudio;

/// <summary>What a Label Studio control produces, as read from a result's `type` or, without one, from its value's keys.</summary>
internal enum LsShape { Choices, Taxonomy, Rating, Number, TextArea, Span, Box, Polygon, Keypoint, Unsupported }

/// <summary>Where a result sits in the file, for error messages: a byte offset (JSON) or a line (CSV).</summary>
internal readonly record struct LsWhere(string File, long ByteOffset, string TaskId, string? AnnotationId, long? Line = null)
{
    public ImportException Error(string problem, string? regionId = null)
    {
        var text = $"task {TaskId}{(AnnotationId is null ? "" : $", annotation {AnnotationId}")}{(regionId is null ? "" : $", region {regionId}")}: {problem}";
        return Line is { } line ? new ImportException(File, line, null, text) : ImportException.AtByte(File, ByteOffset, text);
    }
}

/// <summary>
/// Turns the results of one Label Studio annotation into one answer per control (`from_name`): classifications
/// become a label (or a sorted JSON array when several), regions become the shared region JSON. Used by the JSON,
/// JSON-MIN and CSV readers, which differ only in how they find the values. Reused from annotation to annotation.
/// </summary>
internal sealed class LabelStudioAnswers
{
    private readonly Dictionary<string, FieldAnswer> _answers = new(StringComparer.Ordinal);
    private readonly List<FieldAnswer> _order = [];
    private readonly Stack<FieldAnswer> _pool = new();
    private readonly List<double> _points = [];
    private readonly HashSet<string> _bare = new(StringComparer.Ordinal);

    /// <summary>Every field seen in the file with the kind its answers had; declared to the sink at the end.</summary>
    public Dictionary<string, FieldKind> Kinds { get; } = new(StringComparer.Ordinal);

    public int Count => _order.Count;

    public static LsShape ShapeOf(string? type, JsonElement value)
    {
        if (type is not null)
        {
            switch (type.ToLowerInvariant())
            {
                case "choices": return LsShape.Choices;
                case "taxonomy": return LsShape.Taxonomy;
                case "rating": return LsShape.Rating;
                case "number": return LsShape.Number;
                case "textarea": return LsShape.TextArea;
                case "labels": return LsShape.Span;
                case "rectanglelabels" or "rectangle": return LsShape.Box;
                case "polygonlabels" or "polygon": return LsShape.Polygon;
                case "keypointlabels" or "keypoint": return LsShape.Keypoint;
                default: return LsShape.Unsupported;
            }
        }
        if (value.ValueKind != JsonValueKind.Object) return LsShape.Unsupported;
        if (value.TryGetProperty("rectanglelabels", out _)) return LsShape.Box;
        if (value.TryGetProperty("polygonlabels", out _)) return LsShape.Polygon;
        if (value.TryGetProperty("keypointlabels", out _)) return LsShape.Keypoint;
        if (value.TryGetProperty("labels", out _)) return LsShape.Span;
        if (value.TryGetProperty("choices", out _)) return LsShape.Choices;
        if (value.TryGetProperty("taxonomy", out _)) return LsShape.Taxonomy;
        if (value.TryGetProperty("rating", out _)) return LsShape.Rating;
        if (value.TryGetProperty("number", out _)) return LsShape.Number;
        if (value.TryGetProperty("text", out var t) && t.ValueKind is JsonValueKind.Array or JsonValueKind.String) return LsShape.TextArea;
        return LsShape.Unsupported;
    }

    /// <summary>Adds one result's value to the answer of its field. Returns a skip reason when the result is not imported.</summary>
    public string? Add(string field, string? type, JsonElement value, double? width, double? height, string? regionId, LsTaskText text, in LsWhere where)
    {
        var shape = ShapeOf(type, value);
        if (shape == LsShape.Unsupported)
            return $"Label Studio result type '{type ?? "unknown"}' is not supported";
        if (value.ValueKind != JsonValueKind.Object) throw where.Error($"the value of control '{field}' is not a JSON object", regionId);

        var answer = Answer(field);
        var region = RegionShape(shape, value);
        if (region is { } regionShape)
        {
            if (answer.Shape is { } s && !IsRegion(s))
                return $"Label Studio control mixing regions and classifications in one annotation";
            answer.Shape ??= regionShape;
            AddRegion(answer, regionShape, shape, value, width, height, regionId, text, where);
            Note(field, KindOf(regionShape), false);
            return null;
        }
        if (answer.Shape is { } existing && existing != shape)
            return $"Label Studio control mixing result types in one annotation";
        answer.Shape = shape;
        switch (shape)
        {
            case LsShape.Choices:
                foreach (var c in Strings(Property(value, "choices", field, regionId, where), field, regionId, where)) answer.Labels.Add(c);
                break;
            case LsShape.Taxonomy:
                foreach (var path in Taxonomy(value, field, regionId, where)) answer.Labels.Add(path);
                break;
            case LsShape.Rating or LsShape.Number:
                var n = Property(value, shape == LsShape.Rating ? "rating" : "number", field, regionId, where);
                if (n.ValueKind != JsonValueKind.Number || !n.TryGetDouble(out var d) || !double.IsFinite(d))
                    throw where.Error($"the {(shape == LsShape.Rating ? "rating" : "number")} of control '{field}' is not a number", regionId);
                answer.Number = d;
                break;
            case LsShape.TextArea:
                var t = Property(value, "text", field, regionId, where);
                if (t.ValueKind == JsonValueKind.String) answer.Labels.Add(t.GetString()!);
                else foreach (var s in Strings(t, field, regionId, where)) answer.Labels.Add(s);
                break;
        }
        Note(field, KindOf(shape), answer.Labels.Count > 1 && shape is LsShape.Choices or LsShape.Taxonomy);
        return null;
    }

    /// <summary>The labels of a plain choice control (no region): the fast path of the JSON reader.</summary>
    public string? AddChoices(string field, List<string> labels)
    {
        var answer = Answer(field);
        if (answer.Shape is { } existing && existing != LsShape.Choices)
            return IsRegion(existing) ? "Label Studio control mixing regions and classifications in one annotation" : "Label Studio control mixing result types in one annotation";
        answer.Shape = LsShape.Choices;
        answer.Labels.AddRange(labels);
        Note(field, FieldKind.Nominal, answer.Labels.Count > 1);
        return null;
    }

    /// <summary>
    /// Adds a JSON-MIN/CSV shorthand: one choice or one text written as a bare string. Which of the two it is the
    /// file does not say, so the field's kind is left to the staging's inference unless other answers tell.
    /// </summary>
    public void AddBareString(string field, string value)
    {
        var answer = Answer(field);
        answer.Shape ??= LsShape.Choices;
        answer.Labels.Add(value);
        _bare.Add(field);
    }

    /// <summary>The answers of the annotation, one per field, in the order the fields first appeared; then cleared.</summary>
    public IEnumerable<(string Field, string? Value, double? Num, string? Geometry)> Drain()
    {
        try
        {
            foreach (var a in _order)
            {
                var shape = a.Shape!.Value;
                if (IsRegion(shape))
                {
                    var (value, geometry) = a.Regions.Finish();
                    yield return (a.Field, value, null, geometry);
                }
                else if (shape is LsShape.Rating or LsShape.Number)
                    yield return (a.Field, a.Number!.Value.ToString("R", CultureInfo.InvariantCulture), a.Number, null);
                else if (shape == LsShape.TextArea)
                    yield return (a.Field, string.Join("\n", a.Labels), null, null);
                else if (a.Labels.Count == 1)
                    yield return (a.Field, a.Labels[0], null, null);
                else
                {
                    a.Labels.Sort(StringComparer.Ordinal);
                    yield return (a.Field, JsonSerializer.Serialize(a.Labels.Distinct(StringComparer.Ordinal).ToArray()), null, null);
                }
            }
        }
        finally
        {
            Clear();
        }
    }

    public void Clear()
    {
        foreach (var a in _order)
        {
            a.Reset();
            _pool.Push(a);
        }
        _order.Clear();
        _answers.Clear();
    }

    /// <summary>The declarations for the sink: a choice or taxonomy field is multi-label once any answer had several labels.</summary>
    public IEnumerable<FieldDefinition> Definitions() =>
        Kinds.Select(kv => new FieldDefinition(kv.Key, kv.Value))
            .Concat(_bare.Where(f => !Kinds.ContainsKey(f)).Select(f => new FieldDefinition(f, null)));

    private void Note(string field, FieldKind kind, bool multi)
    {
        if (multi) kind = FieldKind.MultiLabel;
        if (!Kinds.TryGetValue(field, out var known)) Kinds[field] = kind;
        else if (known == FieldKind.Nominal && kind == FieldKind.MultiLabel) Kinds[field] = kind;
    }

    private FieldAnswer Answer(string field)
    {
        if (_answers.TryGetValue(field, out var a)) return a;
        a = _pool.Count > 0 ? _pool.Pop() : new FieldAnswer();
        a.Field = field;
        _answers[field] = a;
        _order.Add(a);
        return a;
    }

    private static bool IsRegion(LsShape s) => s is LsShape.Span or LsShape.Box or LsShape.Polygon or LsShape.Keypoint;

    private static FieldKind KindOf(LsShape s) => s switch
    {
        LsShape.Choices or LsShape.Taxonomy => FieldKind.Nominal,
        LsShape.Rating => FieldKind.Ordinal,
        LsShape.Number => FieldKind.Numeric,
        LsShape.TextArea => FieldKind.Text,
        LsShape.Span => FieldKind.Span,
        LsShape.Box => FieldKind.Box,
        LsShape.Polygon => FieldKind.Polygon,
        _ => FieldKind.Keypoint,
    };

    // A classification drawn on a region (perRegion choices, OCR text areas, the taxonomy of a repeater box) keeps
    // its region: the class becomes the region's label.
    private static LsShape? RegionShape(LsShape shape, JsonElement value)
    {
        if (IsRegion(shape)) return shape;
        if (value.TryGetProperty("points", out _)) return LsShape.Polygon;
        if (value.TryGetProperty("x", out _) && value.TryGetProperty("y", out _))
            return value.TryGetProperty("height", out _) ? LsShape.Box : LsShape.Keypoint;
        if (value.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.Number) return LsShape.Span;
        return null;
    }

    private void AddRegion(FieldAnswer answer, LsShape region, LsShape shape, JsonElement value, double? width, double? height,
        string? regionId, LsTaskText text, in LsWhere where)
    {
        var field = answer.Field;
        var label = RegionLabel(shape, value, field, regionId, where);
        width ??= OptionalNumber(value, "original_width", field, regionId, where);
        height ??= OptionalNumber(value, "original_height", field, regionId, where);
        if (width is <= 0 || height is <= 0) throw where.Error($"control '{field}' gives an image size of {width}×{height}", regionId);
        var known = width is not null && height is not null;
        var extras = known ? null : RegionExtras.InPercent;
        // Pixels = percent × size / 100, rounded to 1e-6 px: the floating-point noise of the product (1040.0000000000002)
        // is far below any annotation's precision.
        double W(double pct) => known ? Math.Round(pct * width!.Value / 100d, 6) : pct;
        double H(double pct) => known ? Math.Round(pct * height!.Value / 100d, 6) : pct;

        switch (region)
        {
            case LsShape.Box:
                {
                    var x = Number(value, "x", field, regionId, where);
                    var y = Number(value, "y", field, regionId, where);
                    var w = Number(value, "width", field, regionId, where);
                    var h = Number(value, "height", field, regionId, where);
                    if (w < 0 || h < 0) throw where.Error($"a box of control '{field}' has a negative size ({w}×{h})", regionId);
                    var rotation = OptionalNumber(value, "rotation", field, regionId, where) ?? 0;
                    answer.Regions.Box(W(x), H(y), W(w), H(h), label, rotation, extras);
                    break;
                }
            case LsShape.Keypoint:
                answer.Regions.Point(W(Number(value, "x", field, regionId, where)), H(Number(value, "y", field, regionId, where)), label, extras);
                break;
            case LsShape.Polygon:
                {
                    var points = Property(value, "points", field, regionId, where);
                    if (points.ValueKind != JsonValueKind.Array) throw where.Error($"the points of control '{field}' are not an array", regionId);
                    _points.Clear();
                    foreach (var p in points.EnumerateArray())
                    {
                        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2
                            || !p[0].TryGetDouble(out var px) || !p[1].TryGetDouble(out var py) || !double.IsFinite(px) || !double.IsFinite(py))
                            throw where.Error($"a point of control '{field}' is not a pair of numbers", regionId);
                        _points.Add(W(px));
                        _points.Add(H(py));
                    }
                    answer.Regions.Polygon(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_points), label, extras);
                    break;
                }
            default:
                {
                    var start = Integer(value, "start", field, regionId, where);
                    var end = Integer(value, "end", field, regionId, where);
                    if (end < start) throw where.Error($"a span of control '{field}' ends ({end}) before it starts ({start})", regionId);
                    string? spanText = value.TryGetProperty("text", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString() : null;
                    var (cpStart, cpEnd, resolved) = text.Resolve(start, end, spanText)
                        ?? throw where.Error(spanText is null
                            ? $"the span [{start}, {end}) of control '{field}' does not fit the task's text"
                            : $"the span [{start}, {end}) of control '{field}' does not match its text \"{Shorten(spanText)}\" in the task's data", regionId);
                    answer.Regions.Span(cpStart, cpEnd, label, spanText ?? resolved);
                    break;
                }
        }
    }

    private static string RegionLabel(LsShape shape, JsonElement value, string field, string? regionId, in LsWhere where)
    {
        var key = shape switch
        {
            LsShape.Box => "rectanglelabels",
            LsShape.Polygon => "polygonlabels",
            LsShape.Keypoint => "keypointlabels",
            LsShape.Span => "labels",
            LsShape.Choices => "choices",
            LsShape.Taxonomy => "taxonomy",
            LsShape.Rating => "rating",
            LsShape.Number => "number",
            _ => "text",
        };
        if (!value.TryGetProperty(key, out var labels) || labels.ValueKind == JsonValueKind.Null) return "";
        if (shape == LsShape.Taxonomy) return Join(Taxonomy(value, field, regionId, where));
        if (labels.ValueKind == JsonValueKind.Number) return labels.GetRawText();
        if (labels.ValueKind == JsonValueKind.String) return labels.GetString()!;
        return Join(Strings(labels, field, regionId, where));

        static string Join(List<string> parts)
        {
            if (parts.Count <= 1) return parts.Count == 0 ? "" : parts[0];
            parts.Sort(StringComparer.Ordinal);
            return string.Join("|", parts);
        }
    }

    private static List<string> Strings(JsonElement array, string field, string? regionId, in LsWhere where)
    {
        if (array.ValueKind != JsonValueKind.Array) throw where.Error($"the labels of control '{field}' are not an array", regionId);
        var list = new List<string>(array.GetArrayLength());
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw where.Error($"a label of control '{field}' is not a string", regionId);
            list.Add(e.GetString()!);
        }
        return list;
    }

    // Taxonomy values are paths from the root: [["Animals","Cat"], ["Plants"]] → "Animals/Cat", "Plants".
    private static List<string> Taxonomy(JsonElement value, string field, string? regionId, in LsWhere where)
    {
        var paths = Property(value, "taxonomy", field, regionId, where);
        if (paths.ValueKind != JsonValueKind.Array) throw where.Error($"the taxonomy of control '{field}' is not an array", regionId);
        var list = new List<string>();
        foreach (var path in paths.EnumerateArray())
            list.Add(path.ValueKind == JsonValueKind.String ? path.GetString()! : string.Join("/", Strings(path, field, regionId, where)));
        return list;
    }

    private static JsonElement Property(JsonElement value, string name, string field, string? regionId, in LsWhere where) =>
        value.TryGetProperty(name, out var p) ? p : throw where.Error($"the value of control '{field}' has no '{name}'", regionId);

    private static double Number(JsonElement value, string name, string field, string? regionId, in LsWhere where) =>
        OptionalNumber(value, name, field, regionId, where) ?? throw where.Error($"the value of control '{field}' has no '{name}'", regionId);

    private static double? OptionalNumber(JsonElement value, string name, string field, string? regionId, in LsWhere where)
    {
        if (!value.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out var d) || !double.IsFinite(d))
            throw where.Error($"'{name}' of control '{field}' is not a finite number ({Shorten(p.GetRawText())})", regionId);
        return d;
    }

    private static int Integer(JsonElement value, string name, string field, string? regionId, in LsWhere where)
    {
        var p = Property(value, name, field, regionId, where);
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var i) || i < 0)
            throw where.Error($"'{name}' of control '{field}' is not a non-negative whole number ({Shorten(p.GetRawText())})", regionId);
        return i;
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private sealed class FieldAnswer
    {
        public string Field = "";
        public LsShape? Shape;
        public readonly List<string> Labels = [];
        public double? Number;
        public readonly RegionList Regions = new();

        public void Reset()
        {
            Shape = null;
            Labels.Clear();
            Number = null;
            Regions.Clear();
        }
    }
}

/// <summary>
/// The texts of a task that span offsets may refer to: `data.text` first, then the other string values of `data`.
/// Label Studio counts offsets in UTF-16 code units (JavaScript); they are converted to code points and checked
/// against the span's own `text` when the export carries it.
/// </summary>
internal sealed class LsTaskText
{
    private readonly List<string> _candidates = [];
    private JsonElement _data;
    private ReadOnlyMemory<byte> _task;
    private bool _loaded;

    /// <summary>Starts a task; its data's strings are read only if a span needs them.</summary>
    public void Reset(JsonElement data = default)
    {
        _candidates.Clear();
        _data = data;
        _task = default;
        _loaded = data.ValueKind != JsonValueKind.Object;
    }

    /// <summary>Starts a task given as raw JSON: its `data` is parsed only if a span needs it.</summary>
    public void Reset(ReadOnlyMemory<byte> task)
    {
        _candidates.Clear();
        _data = default;
        _task = task;
        _loaded = false;
    }

    /// <summary>Adds a candidate text directly (JSON-MIN and CSV rows, where the data is flat).</summary>
    public void Add(string text) => _candidates.Add(text);

    private void Load()
    {
        _loaded = true;
        if (!_task.IsEmpty)
        {
            using var task = JsonDocument.Parse(_task);
            _task = default;
            if (task.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object) AddStrings(data);
            return;
        }
        if (_data.ValueKind == JsonValueKind.Object) AddStrings(_data);
    }

    private void AddStrings(JsonElement data)
    {
        if (data.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String) _candidates.Add(t.GetString()!);
        foreach (var p in data.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && !p.NameEquals("text")) _candidates.Add(p.Value.GetString()!);
    }

    /// <summary>Code-point offsets and the covered text, or null when no text of the task fits.</summary>
    public (int Start, int End, string Text)? Resolve(int start16, int end16, string? expected)
    {
        if (!_loaded) Load();
        foreach (var text in _candidates)
        {
            if (end16 > text.Length) continue;
            if (expected is not null && !SliceEquals(text, start16, end16, expected)) continue;
            var offsets = new TextOffsets(text);
            if (offsets.FromUtf16(start16) is { } s && offsets.FromUtf16(end16) is { } e)
                return (s, e, text[start16..end16]);
            if (expected is null) return null; // splits a surrogate pair: not UTF-16 offsets of this text
        }
        if (expected is null) return null;
        // Some exports (API imports, older versions) carry code-point offsets already: accept them when they match.
        foreach (var text in _candidates)
        {
            var offsets = new TextOffsets(text);
            if (offsets.ToUtf16(start16) is { } s16 && offsets.ToUtf16(end16) is { } e16 && SliceEquals(text, s16, e16, expected))
                return (start16, end16, expected);
        }
        return null;
    }

    private static bool SliceEquals(string text, int start, int end, string expected) =>
        start >= 0 && end >= start && end <= text.Length && text.AsSpan(start, end - start).SequenceEqual(expected);
}
