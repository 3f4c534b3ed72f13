using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.Cvat;

/// <summary>
/// CVAT for images 1.1 XML (job, task or project export), streamed with <see cref="XmlReader"/>. One answer per
/// image and shape kind (boxes, polygons, polylines, points, tags); the annotator is the assignee the meta names
/// for the job or task, else --annotator. Items are keyed by image name (prefixed by a named subset), so two
/// annotators' exports of the same images meet on the same items; see docs/formats.md.
/// </summary>
public sealed class CvatImporter : IImporter
{
    public string Format => "cvat";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>The shape elements Quality reads, the field each becomes and its kind, in field order.</summary>
    private static readonly (string Element, string Field, FieldKind Kind)[] Shapes =
    [
        ("box", "boxes", FieldKind.Box),
        ("polygon", "polygons", FieldKind.Polygon),
        ("polyline", "polylines", FieldKind.Polygon),
        ("points", "points", FieldKind.Keypoint),
        ("tag", "tags", FieldKind.MultiLabel),
    ];

    private const int TagShape = 4;

    // CVAT's name for "no subset"; images in it are keyed by their name alone.
    private const string DefaultSubset = "default";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var root = FirstElement(text);
        if (root is null || !(root.StartsWith("<annotations>", StringComparison.Ordinal) || root.StartsWith("<annotations ", StringComparison.Ordinal))) return 0;
        return text.Contains("<version>1.1</version>", StringComparison.Ordinal) || text.Contains("<meta>", StringComparison.Ordinal) ? 95 : 70;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        if (!stream.CanSeek) throw new ImportException(file, null, null, "CVAT files are read twice; the input must be a file");
        try
        {
            // First pass: which shape kinds the file uses, so an image without them gets an empty answer (the
            // annotator drew nothing there), and the XML is known to be whole before anything is staged.
            var used = ScanShapeKinds(stream, file, cancellationToken);
            stream.Position = 0;
            new Pass(file, source.Request, sink, used, stream, cancellationToken).Run();
        }
        catch (XmlException ex)
        {
            throw Malformed(file, ex);
        }
    }

    private static bool[] ScanShapeKinds(Stream stream, string file, CancellationToken cancellationToken)
    {
        var used = new bool[Shapes.Length];
        using var text = TextDecoding.OpenReader(stream);
        using var xml = XmlReader.Create(text, Settings);
        string? parent = null;
        long n = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if ((++n & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            switch (xml.Depth)
            {
                case 0 when xml.LocalName != "annotations":
                    throw new ImportException(file, LineOf(xml), null, $"the root element is <{xml.LocalName}>, not the <annotations> of CVAT for images 1.1");
                case 1:
                    parent = xml.LocalName;
                    if (parent == "track")
                        throw new ImportException(file, LineOf(xml), null, "this is a CVAT for video export (<track> elements); export the task as \"CVAT for images 1.1\"");
                    break;
                case 2 when parent == "image":
                    var kind = Array.FindIndex(Shapes, s => s.Element == xml.LocalName);
                    if (kind >= 0) used[kind] = true;
                    break;
            }
        }
        return used;
    }

    private sealed record Assignee(string Key, string? DisplayName);

    private sealed record Scope(string What, string? Subset, Assignee? Assignee);

    /// <summary>The second pass: the meta, then one image at a time.</summary>
    private sealed class Pass(string file, ImportRequest request, IImportSink sink, bool[] used, Stream stream, CancellationToken cancellationToken)
    {
        private readonly RegionList[] _regions = Shapes.Select(_ => new RegionList()).ToArray();
        private readonly List<string> _tags = [];
        private readonly List<KeyValuePair<string, string>> _attributes = [];
        private readonly HashSet<string> _annotators = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Item, string Annotator), long> _seen = [];
        private Scope _scope = new("the file", null, null);
        private readonly Dictionary<string, Scope> _tasks = new(StringComparer.Ordinal);
        private XmlReader _xml = null!;
        private long _images;

        public void Run()
        {
            for (var i = 0; i < Shapes.Length; i++)
                if (used[i]) sink.Field(new FieldDefinition(Shapes[i].Field, Shapes[i].Kind));

            using var text = TextDecoding.OpenReader(stream);
            using var xml = XmlReader.Create(text, Settings);
            _xml = xml;
            xml.MoveToContent();
            if (xml.IsEmptyElement) return;
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.Depth == 1)
                {
                    switch (xml.LocalName)
                    {
                        case "meta":
                            ReadMeta((XElement)XNode.ReadFrom(xml));
                            continue;
                        case "image":
                            ReadImage();
                            if ((++_images & 0x3FF) == 0)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                sink.Progress(stream.Position);
                            }
                            continue;
                        default:
                            xml.Skip();
                            continue;
                    }
                }
                xml.Read();
            }
            sink.Progress(stream.Position);
        }

        private void ReadMeta(XElement meta)
        {
            if (meta.Element("job") is { } job)
                _scope = new Scope($"job {job.Element("id")?.Value.Trim()}", Text(job.Element("subset")), ReadAssignee(job.Element("assignee")));
            else if (meta.Element("task") is { } task)
                _scope = new Scope($"task {task.Element("id")?.Value.Trim()}", Text(task.Element("subset")), ReadAssignee(task.Element("assignee")));
            else if (meta.Element("project") is { } project)
            {
                _scope = new Scope($"project {project.Element("id")?.Value.Trim()}", null, null);
                foreach (var t in project.Element("tasks")?.Elements("task") ?? [])
                    if (Text(t.Element("id")) is { } id)
                        _tasks[id] = new Scope($"task {id}", Text(t.Element("subset")), ReadAssignee(t.Element("assignee")));
            }
        }

        private static string? Text(XElement? e) => e?.Value.Trim() is { Length: > 0 } s ? s : null;

        private static Assignee? ReadAssignee(XElement? e)
        {
            var user = Text(e?.Element("username"));
            var email = Text(e?.Element("email"));
            var key = email ?? user;
            return key is null ? null : new Assignee(key, user);
        }

        private void ReadImage()
        {
            var xml = _xml;
            var line = LineOf(xml);
            var name = xml.GetAttribute("name");
            if (string.IsNullOrWhiteSpace(name)) throw Error(line, "an <image> has no name");
            var taskId = xml.GetAttribute("task_id");
            var scope = taskId is not null && _tasks.TryGetValue(taskId, out var t) ? t : taskId is not null && _tasks.Count > 0 ? new Scope($"task {taskId}", null, null) : _scope;
            var subset = xml.GetAttribute("subset") ?? scope.Subset;
            var item = subset is null || string.Equals(subset, DefaultSubset, StringComparison.OrdinalIgnoreCase) ? name : $"{subset}/{name}";
            CheckSize(xml.GetAttribute("width"), "width", line);
            CheckSize(xml.GetAttribute("height"), "height", line);

            string annotator = "";
            if (!request.AsGold)
            {
                var assignee = scope.Assignee ?? (request.Annotator is { } a ? new Assignee(a, null) : null)
                    ?? throw Error(line, $"CVAT names no assignee for {scope.What}; pass --annotator NAME (or --gold for a reference set)");
                annotator = assignee.Key;
                if (_annotators.Add(annotator)) sink.Annotator(annotator, assignee.DisplayName);
            }
            if (!_seen.TryAdd((item, annotator), line))
                throw Error(line, $"image '{item}' appears a second time for the same annotator (first at line {_seen[(item, annotator)]}); " +
                    "the tasks of this export hold images with the same name: import them one task at a time");
            sink.Item(item, null, name);

            if (!xml.IsEmptyElement)
            {
                var depth = xml.Depth;
                Next();
                while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element) { ReadShape(); continue; }
                    Next();
                }
            }
            xml.Read();

            for (var i = 0; i < Shapes.Length; i++)
            {
                if (!used[i]) continue;
                string value;
                string? geometry = null;
                if (i == TagShape)
                {
                    value = JsonSerializer.Serialize(_tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
                    _tags.Clear();
                }
                else (value, geometry) = _regions[i].Finish();
                if (request.AsGold) sink.Gold(new GoldRow(item, Shapes[i].Field, value, null, geometry, line));
                else sink.Annotation(new AnnotationRow(item, Shapes[i].Field, annotator, value, null, geometry, null, null, null, null, line));
            }
        }

        private void ReadShape()
        {
            var xml = _xml;
            var line = LineOf(xml);
            var element = xml.LocalName;
            var kind = Array.FindIndex(Shapes, s => s.Element == element);
            if (kind < 0)
            {
                sink.Skip($"CVAT <{element}> (not imported)");
                xml.Skip();
                return;
            }
            var label = xml.GetAttribute("label");
            if (string.IsNullOrEmpty(label)) throw Error(line, $"a <{element}> has no label");
            var occluded = xml.GetAttribute("occluded") == "1";
            var outside = xml.GetAttribute("outside") == "1";
            var points = xml.GetAttribute("points");
            string? xtl = xml.GetAttribute("xtl"), ytl = xml.GetAttribute("ytl"), xbr = xml.GetAttribute("xbr"), ybr = xml.GetAttribute("ybr");
            var rotationText = xml.GetAttribute("rotation");
            ReadAttributes();
            if (outside)
            {
                sink.Skip("CVAT shape outside the frame");
                return;
            }

            var extras = RegionExtras.Of(false, occluded, _attributes.Count > 0 ? _attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray() : null);
            var regions = _regions[kind];
            switch (element)
            {
                case "tag":
                    _tags.Add(label);
                    break;
                case "box":
                    {
                        decimal x1 = Coordinate(xtl, "xtl", line), y1 = Coordinate(ytl, "ytl", line);
                        decimal x2 = Coordinate(xbr, "xbr", line), y2 = Coordinate(ybr, "ybr", line);
                        if (x2 < x1 || y2 < y1) throw Error(line, $"the box has a negative size (xtl={xtl} xbr={xbr} ytl={ytl} ybr={ybr})");
                        // Decimal arithmetic keeps "2260.86 - 1283.09" at 977.77 instead of 977.7699999999998.
                        double w = (double)(x2 - x1), h = (double)(y2 - y1);
                        var rotation = Rotation(rotationText, line);
                        if (rotation == 0) regions.Box((double)x1, (double)y1, w, h, label, 0, extras);
                        else
                        {
                            // CVAT turns the box about its centre; the shared shape pivots on the turned top-left corner.
                            var rad = rotation * Math.PI / 180;
                            double cx = (double)(x1 + x2) / 2, cy = (double)(y1 + y2) / 2;
                            var x = cx - w / 2 * Math.Cos(rad) + h / 2 * Math.Sin(rad);
                            var y = cy - w / 2 * Math.Sin(rad) - h / 2 * Math.Cos(rad);
                            regions.Box(x, y, w, h, label, rotation, extras);
                        }
                        break;
                    }
                case "points":
                    {
                        var xy = PointList(points, line);
                        for (var i = 0; i < xy.Length; i += 2) regions.Point(xy[i], xy[i + 1], label, extras);
                        break;
                    }
                default:
                    regions.Polygon(PointList(points, line), label, extras);
                    break;
            }
        }

        // A shape's <attribute name="…">value</attribute> children; the reader ends after the shape.
        private void ReadAttributes()
        {
            var xml = _xml;
            _attributes.Clear();
            if (xml.IsEmptyElement) { xml.Read(); return; }
            var depth = xml.Depth;
            Next();
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    if (xml.LocalName == "attribute" && xml.GetAttribute("name") is { Length: > 0 } name)
                    {
                        _attributes.Add(new(name, xml.ReadElementContentAsString()));
                        continue;
                    }
                    xml.Skip();
                    continue;
                }
                Next();
            }
            xml.Read();
        }

        private void Next()
        {
            if (!_xml.Read()) throw new ImportException(file, null, null, "the XML ends inside an element (truncated file?)");
        }

        private double Rotation(string? text, long line)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || !double.IsFinite(r))
                throw Error(line, $"rotation '{Short(text)}' is not a number");
            r %= 360;
            return r < 0 ? r + 360 : r;
        }

        private decimal Coordinate(string? text, string what, long line)
        {
            if (text is null) throw Error(line, $"the box has no {what}");
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw Error(line, $"{what} '{Short(text)}' is not a number");
            return v;
        }

        // "x,y;x,y;…" as a flat x,y array.
        private double[] PointList(string? text, long line)
        {
            if (string.IsNullOrWhiteSpace(text)) throw Error(line, "the shape has no points");
            var pairs = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var xy = new double[pairs.Length * 2];
            for (var i = 0; i < pairs.Length; i++)
            {
                var comma = pairs[i].IndexOf(',');
                if (comma < 0
                    || !decimal.TryParse(pairs[i].AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                    || !decimal.TryParse(pairs[i].AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
                    throw Error(line, $"point '{Short(pairs[i])}' is not \"x,y\"");
                xy[2 * i] = (double)x;
                xy[2 * i + 1] = (double)y;
            }
            return xy;
        }

        private void CheckSize(string? text, string what, long line)
        {
            if (text is null) return;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v <= 0)
                throw Error(line, $"the image {what} '{Short(text)}' is not a positive number");
        }

        private ImportException Error(long line, string problem) => new(file, line, null, problem);
    }

    private static long LineOf(XmlReader xml) => xml is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static ImportException Malformed(string file, XmlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return new ImportException(file, ex.LineNumber > 0 ? ex.LineNumber : null, null,
            $"malformed XML{(ex.LinePosition > 0 ? $" at position {ex.LinePosition}" : "")}: {message.Trim()}", ex);
    }

    // The first element's start tag after the XML declaration, comments and whitespace; null if there is none.
    private static string? FirstElement(string text)
    {
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length || text[i] != '<') return null;
            if (text.AsSpan(i).StartsWith("<?") || text.AsSpan(i).StartsWith("<!--"))
            {
                var terminator = text[i + 1] == '?' ? "?>" : "-->";
                var close = text.IndexOf(terminator, i, StringComparison.Ordinal);
                if (close < 0) return null;
                i = close + terminator.Length;
                continue;
            }
            var end = text.IndexOf('>', i);
            return end < 0 ? text[i..] : text[i..(end + 1)];
        }
    }
}
