using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Quality.Ingestion.Json;
using Quality.Ingestion.LabelStudio;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.SageMaker;

/// <summary>
/// SageMaker Ground Truth output manifests (JSON Lines). Each line is one data object (`source-ref`, or inline
/// `source` text) with one or more label attributes: a key `K` that has a `K-metadata` sibling (`K-ref` for
/// semantic segmentation). The label in `K` is Ground Truth's consolidated answer, imported as the answer of the
/// pseudo-annotator `sagemaker-consolidated:&lt;job&gt;` (never as gold: it is derived from the workers' own answers,
/// so scoring those workers against it would be circular; use --gold to make it gold on purpose). Per-worker
/// answers, when the line carries them (`answers[]` with `workerId` and `answerContent`), are annotations of
/// those workers.
/// </summary>
public sealed class SageMakerManifestImporter : IImporter
{
    public const string ConsolidatedPrefix = "sagemaker-consolidated:";
    public const string AutoLabelPrefix = "sagemaker-auto-labeled:";

    public string Format => "sagemaker";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (LsSniff.FirstByte(head) != (byte)'{') return 0;
        var hasSource = LsSniff.Contains(head, "\"source-ref\"") || LsSniff.Contains(head, "\"source\"");
        if (!hasSource) return 0;
        if (LsSniff.Contains(head, "-metadata\"")) return LsSniff.Contains(head, "\"job-name\"") ? 95 : 85;
        return 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var reader = new LineReader(source, sink);
        JsonStreaming.ReadLines(stream, source.DisplayName, (line, number) =>
        {
            reader.Line(line, number);
            if ((number & 0x3FF) == 0) sink.Progress(stream.Position);
        }, cancellationToken);
        reader.Finish();
        sink.Progress(stream.Position);
    }

    private sealed class LineReader(ImportSource source, IImportSink sink)
    {
        private readonly string _file = source.DisplayName;
        private readonly RegionList _regions = new();
        private readonly HashSet<string> _annotators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FieldKind> _kinds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _categories = new(StringComparer.Ordinal);
        private readonly List<string> _attributes = [];

        public void Line(JsonElement line, long number)
        {
            if (line.ValueKind != JsonValueKind.Object) throw Error(number, "the line is not a JSON object");
            var (item, text, media) = ItemOf(line, number);
            sink.Item(item, text, media);

            _attributes.Clear();
            foreach (var p in line.EnumerateObject())
            {
                if (!p.Name.EndsWith("-metadata", StringComparison.Ordinal)) continue;
                var attribute = p.Name[..^"-metadata".Length];
                if (!line.TryGetProperty(attribute, out _)) throw Error(number, $"'{p.Name}' has no label attribute '{attribute}' beside it");
                _attributes.Add(attribute);
            }
            if (_attributes.Count == 0 && !line.TryGetProperty("answers", out _))
                throw Error(number, "the line has no label attribute (a key K with a K-metadata sibling)");

            foreach (var attribute in _attributes)
            {
                var metadata = line.GetProperty(attribute + "-metadata");
                if (metadata.ValueKind != JsonValueKind.Object) throw Error(number, $"'{attribute}-metadata' is not an object");
                Attribute(item, attribute, line.GetProperty(attribute), metadata, text, number);
            }
            if (line.TryGetProperty("answers", out var answers))
                WorkerAnswers(item, _attributes.Count == 1 ? Field(_attributes[0]) : null, answers, default, text, number);
        }

        public void Finish()
        {
            foreach (var (field, kind) in _kinds)
                sink.Field(new FieldDefinition(field, kind, _categories.TryGetValue(field, out var c) ? c : null));
        }

        private (string Key, string? Text, string? Media) ItemOf(JsonElement line, long number)
        {
            if (line.TryGetProperty("source-ref", out var r))
            {
                if (r.ValueKind != JsonValueKind.String || r.GetString()!.Length == 0) throw Error(number, "'source-ref' is not a non-empty string");
                return (r.GetString()!, null, r.GetString());
            }
            if (line.TryGetProperty("source", out var s))
            {
                if (s.ValueKind != JsonValueKind.String) throw Error(number, "'source' is not a string");
                var text = s.GetString()!;
                // Inline text is the item; a text too long to be a key is keyed by its hash, the same on every import.
                var key = text.Length <= 256 ? text : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
                return (key, text, null);
            }
            throw Error(number, "the line has neither 'source-ref' nor 'source'");
        }

        // The label attribute's name is the job's choice; -ref (semantic segmentation) is part of the key, not of the name.
        private static string Field(string attribute) => attribute.EndsWith("-ref", StringComparison.Ordinal) ? attribute[..^4] : attribute;

        private void Attribute(string item, string attribute, JsonElement label, JsonElement metadata, string? text, long number)
        {
            var field = Field(attribute);
            var type = Str(metadata, "type") ?? "";
            var job = Str(metadata, "job-name") ?? "";
            if (job.StartsWith("labeling-job/", StringComparison.Ordinal)) job = job["labeling-job/".Length..];
            if (job.Length == 0) job = field;
            DateTime? created = null;
            if (Str(metadata, "creation-date") is { } date)
            {
                if (!Timestamps.TryParse(date, out var utc)) throw Error(number, $"'creation-date' of '{attribute}' is not a time stamp ({date})");
                created = utc;
            }
            // Automated data labeling writes the model's label with human-annotated "no": keep it apart from the humans' consensus.
            var auto = Str(metadata, "human-annotated") == "no";
            var annotator = (auto ? AutoLabelPrefix : ConsolidatedPrefix) + job;

            if (label.ValueKind == JsonValueKind.Object && label.TryGetProperty("answers", out var answers))
                WorkerAnswers(item, field, answers, metadata, text, number);

            string? value; double? num = null; string? geometry = null; FieldKind kind;
            if (attribute.EndsWith("-ref", StringComparison.Ordinal) || type.Contains("semantic-segmentation", StringComparison.Ordinal))
            {
                sink.Skip("SageMaker semantic segmentation mask (a PNG on S3; pixel masks are not imported)");
                return;
            }
            if (label.ValueKind == JsonValueKind.Number)
            {
                value = ClassName(metadata, label, attribute, number);
                kind = FieldKind.Nominal;
            }
            else if (label.ValueKind == JsonValueKind.Array)
            {
                var names = new List<string>();
                foreach (var id in label.EnumerateArray()) names.Add(ClassName(metadata, id, attribute, number));
                names.Sort(StringComparer.Ordinal);
                value = JsonSerializer.Serialize(names.Distinct(StringComparer.Ordinal).ToArray());
                kind = FieldKind.MultiLabel;
            }
            else if (label.ValueKind == JsonValueKind.Object && label.TryGetProperty("annotations", out var objects))
            {
                if (objects.ValueKind == JsonValueKind.Array)
                {
                    Boxes(objects, ClassMap(metadata, attribute, number), attribute, number);
                    kind = FieldKind.Box;
                }
                else if (objects.ValueKind == JsonValueKind.Object && objects.TryGetProperty("entities", out var entities))
                {
                    Entities(entities, text, attribute, number);
                    kind = FieldKind.Span;
                }
                else throw Error(number, $"'{attribute}.annotations' is neither a list of boxes nor named entities");
                (value, geometry) = _regions.Finish();
            }
            else if (label.ValueKind == JsonValueKind.Object && label.TryGetProperty("answers", out _))
                return; // only worker answers, already read
            else
            {
                sink.Skip($"SageMaker label type '{(type.Length > 0 ? type : label.ValueKind.ToString())}' is not supported");
                return;
            }
            Note(field, kind, metadata);
            if (source.Request.AsGold)
                sink.Gold(new GoldRow(item, field, value, num, geometry, number));
            else
            {
                Declare(annotator, auto ? $"SageMaker automated labeling (job {job})" : $"SageMaker consolidated label (job {job})");
                sink.Annotation(new AnnotationRow(item, field, annotator, value, num, geometry, created, null,
                    $"sm:{job}:{item}:{field}", null, number));
            }
        }

        private void WorkerAnswers(string item, string? field, JsonElement answers, JsonElement metadata, string? text, long number)
        {
            if (answers.ValueKind != JsonValueKind.Array) throw Error(number, "'answers' is not a list of worker answers");
            foreach (var answer in answers.EnumerateArray())
            {
                // With --gold the consolidated label is the reference; the workers' answers are what it is made of.
                if (source.Request.AsGold)
                {
                    sink.Skip("SageMaker worker answer (with --gold only the consolidated label is read)");
                    continue;
                }
                var worker = answer.ValueKind == JsonValueKind.Object ? Str(answer, "workerId") : null;
                if (worker is null || !answer.TryGetProperty("answerContent", out var content) || content.ValueKind != JsonValueKind.Object)
                    throw Error(number, "a worker answer has no 'workerId' or no 'answerContent'");
                double? lead = answer.TryGetProperty("timeSpentInSeconds", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
                if (lead is < 0 || (lead is { } l && !double.IsFinite(l))) throw Error(number, $"worker {worker}: 'timeSpentInSeconds' is not a non-negative number");
                DateTime? submitted = null;
                if (Str(answer, "submissionTime") is { } s)
                    submitted = Timestamps.TryParse(s, out var utc) ? utc : throw Error(number, $"worker {worker}: 'submissionTime' is not a time stamp ({s})");

                foreach (var part in content.EnumerateObject())
                {
                    var name = field ?? part.Name;
                    string? value; string? geometry = null; FieldKind kind;
                    var v = part.Value;
                    if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("boundingBoxes", out var boxes))
                    {
                        WorkerBoxes(boxes, worker, number);
                        (value, geometry) = _regions.Finish();
                        kind = FieldKind.Box;
                    }
                    else if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("label", out var one) && one.ValueKind == JsonValueKind.String)
                    {
                        value = one.GetString();
                        kind = FieldKind.Nominal;
                    }
                    else if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("labels", out var many) && many.ValueKind == JsonValueKind.Array)
                    {
                        var names = many.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(number, $"worker {worker}: a label is not a string"))
                            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                        value = JsonSerializer.Serialize(names);
                        kind = FieldKind.MultiLabel;
                    }
                    else if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("entities", out var entities))
                    {
                        Entities(entities, text, part.Name, number);
                        (value, geometry) = _regions.Finish();
                        kind = FieldKind.Span;
                    }
                    else
                    {
                        sink.Skip($"SageMaker worker answer '{part.Name}' of a custom template is not supported");
                        continue;
                    }
                    Note(name, kind, metadata);
                    Declare(worker, null);
                    sink.Annotation(new AnnotationRow(item, name, worker, value, null, geometry, submitted, lead,
                        $"sm:{item}:{name}:{worker}", null, number));
                }
            }
        }

        private void Boxes(JsonElement objects, Dictionary<string, string> classMap, string attribute, long number)
        {
            foreach (var o in objects.EnumerateArray())
            {
                if (o.ValueKind != JsonValueKind.Object) throw Error(number, $"a box of '{attribute}' is not an object");
                var classId = o.TryGetProperty("class_id", out var c) ? c.GetRawText().Trim('"') : throw Error(number, $"a box of '{attribute}' has no class_id");
                var label = classMap.TryGetValue(classId, out var name) ? name
                    : throw Error(number, $"class_id {classId} of a box of '{attribute}' is not in its class-map");
                AddBox(o, label, attribute, number);
            }
        }

        private void WorkerBoxes(JsonElement boxes, string worker, long number)
        {
            if (boxes.ValueKind != JsonValueKind.Array) throw Error(number, $"worker {worker}: 'boundingBoxes' is not a list");
            foreach (var o in boxes.EnumerateArray())
            {
                var label = o.ValueKind == JsonValueKind.Object ? Str(o, "label") : null;
                AddBox(o, label ?? throw Error(number, $"worker {worker}: a box has no label"), "worker " + worker, number);
            }
        }

        private void AddBox(JsonElement o, string label, string what, long number)
        {
            double N(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
                ? d : throw Error(number, $"a box of {what} has no numeric '{name}'");
            var (left, top, width, height) = (N("left"), N("top"), N("width"), N("height"));
            if (width < 0 || height < 0) throw Error(number, $"a box of {what} has a negative size ({width}×{height})");
            _regions.Box(left, top, width, height, label);
        }

        // Named-entity jobs count offsets in the characters of the browser (UTF-16); stored as code points.
        private void Entities(JsonElement entities, string? text, string what, long number)
        {
            if (entities.ValueKind != JsonValueKind.Array) throw Error(number, $"the entities of '{what}' are not a list");
            foreach (var e in entities.EnumerateArray())
            {
                int I(string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) && i >= 0
                    ? i : throw Error(number, $"an entity of '{what}' has no whole-number '{name}'");
                var (start, end) = (I("startOffset"), I("endOffset"));
                var label = Str(e, "label") ?? throw Error(number, $"an entity of '{what}' has no label");
                if (end < start) throw Error(number, $"an entity of '{what}' ends ({end}) before it starts ({start})");
                if (text is null) throw Error(number, $"the entities of '{what}' need the line's 'source' text");
                var offsets = new TextOffsets(text);
                if (offsets.FromUtf16(start) is not { } s || offsets.FromUtf16(end) is not { } en)
                    throw Error(number, $"the entity [{start}, {end}) of '{what}' does not fit the source text");
                _regions.Span(s, en, label, text[start..end]);
            }
        }

        private string ClassName(JsonElement metadata, JsonElement id, string attribute, long number)
        {
            var key = id.ValueKind == JsonValueKind.Number ? id.GetRawText() : throw Error(number, $"a class of '{attribute}' is not a class id");
            if (metadata.TryGetProperty("class-map", out var map) && map.ValueKind == JsonValueKind.Object && map.TryGetProperty(key, out var n) && n.ValueKind == JsonValueKind.String)
                return n.GetString()!;
            if (Str(metadata, "class-name") is { } name) return name;
            throw Error(number, $"class id {key} of '{attribute}' has no name (no class-map entry and no class-name)");
        }

        private Dictionary<string, string> ClassMap(JsonElement metadata, string attribute, long number)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!metadata.TryGetProperty("class-map", out var m)) return map;
            if (m.ValueKind != JsonValueKind.Object) throw Error(number, $"the class-map of '{attribute}' is not an object");
            foreach (var p in m.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Error(number, $"class {p.Name} of '{attribute}' has no name");
            return map;
        }

        // The class-map lists a job's classes in id order: that order is the field's category order.
        private void Note(string field, FieldKind kind, JsonElement metadata)
        {
            _kinds.TryAdd(field, kind);
            if (kind is not (FieldKind.Nominal or FieldKind.MultiLabel) || metadata.ValueKind != JsonValueKind.Object
                || !metadata.TryGetProperty("class-map", out var map) || map.ValueKind != JsonValueKind.Object) return;
            var categories = _categories.TryGetValue(field, out var c) ? c : _categories[field] = [];
            foreach (var p in map.EnumerateObject().OrderBy(p => int.TryParse(p.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
                if (p.Value.ValueKind == JsonValueKind.String && !categories.Contains(p.Value.GetString()!)) categories.Add(p.Value.GetString()!);
        }

        private void Declare(string annotator, string? display)
        {
            if (_annotators.Add(annotator)) sink.Annotator(annotator, display);
        }

        private static string? Str(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private ImportException Error(long line, string problem) => new(_file, line, null, problem);
    }
}
