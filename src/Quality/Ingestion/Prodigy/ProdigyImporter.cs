using System.Text.Json;
using Quality.Ingestion.Doccano;
using Quality.Ingestion.Json;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.Prodigy;

/// <summary>
/// Prodigy `db-out` JSONL. Manual span tasks (ner_manual, spans_manual, relations) give a `spans` answer keyed by
/// `_input_hash`; choice tasks give a `choice` answer (the accepted option ids) keyed by `_task_hash`; binary tasks
/// (classification, ner) give an `answer` of accept/reject keyed by `_task_hash`. `ignore` is skipped, and so is
/// `reject` on manual and choice tasks, where it rejects the example rather than answering it. See docs/formats.md.
/// </summary>
public sealed class ProdigyImporter : IImporter
{
    public const string SpansField = "spans";
    public const string ChoiceField = "choice";
    public const string AnswerField = "answer";

    public string Format => "prodigy";

    private static readonly HashSet<string> SpanViews = new(StringComparer.Ordinal) { "ner_manual", "spans_manual", "relations", "pos_manual" };
    private static readonly HashSet<string> BinaryViews = new(StringComparer.Ordinal) { "classification", "ner", "binary" };

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (JsonHead.FirstLine(head) is not { } first) return 0;
        var hashes = first.Contains("\"_input_hash\"", StringComparison.Ordinal) || first.Contains("\"_task_hash\"", StringComparison.Ordinal);
        var answer = first.Contains("\"answer\"", StringComparison.Ordinal);
        if (hashes && answer) return 95;
        return hashes ? 70 : 0;
    }

    private enum Task { Spans, Choice, Binary }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var request = source.Request;
        if (!stream.CanSeek) throw new ImportException(file, null, null, "Prodigy files are read twice; the input must be a file");
        var multipleChoice = ScanChoiceStyle(stream);
        stream.Position = 0;

        var regions = new RegionList();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var annotators = new HashSet<string>(StringComparer.Ordinal);
        JsonStreaming.ReadLines(stream, file, (element, line) =>
        {
            var r = new JsonRecord(element, file, line).RequireObject("a Prodigy task");
            var answer = r.String("answer") ?? throw r.Error("the task has no \"answer\": not a Prodigy db-out export");
            if (answer is not ("accept" or "reject" or "ignore")) throw r.Error($"answer '{answer}' is not accept, reject or ignore");
            var view = r.String("_view_id");
            var kind = KindOf(r, view);
            if (kind is null)
            {
                sink.Skip($"Prodigy '{view ?? "unknown"}' task (not imported)");
                return;
            }
            if (answer == "ignore")
            {
                sink.Skip("Prodigy answer 'ignore'");
                return;
            }
            if (answer == "reject" && kind != Task.Binary)
            {
                sink.Skip("Prodigy answer 'reject' on a manual or choice task (the example was rejected, not annotated)");
                return;
            }

            var text = r.String("text");
            var inputKey = r.Id("_input_hash") ?? (text is not null ? DoccanoImporter.TextKey(text) : throw r.Error("the task has neither _input_hash nor text"));
            var item = kind == Task.Spans ? inputKey : r.Id("_task_hash") ?? throw r.Error("a choice or binary task needs _task_hash");
            string? annotator = null;
            if (!request.AsGold)
            {
                annotator = r.String("_annotator_id") ?? r.String("_session_id") ?? request.Annotator
                    ?? throw r.Error("the task names no annotator (_annotator_id or _session_id); pass --annotator NAME (or --gold for a reference set)");
                if (annotators.Add(annotator)) sink.Annotator(annotator, null);
            }
            DateTime? created = null;
            if (r.Get("_timestamp") is { } ts)
            {
                if (ts.ValueKind != JsonValueKind.Number || !Timestamps.TryParse(ts.GetRawText(), out var t))
                    throw r.Error($"_timestamp should be epoch seconds, found {JsonRecord.Describe(ts)}");
                created = t;
            }

            string field, value;
            string? geometry = null;
            FieldDefinition definition;
            switch (kind)
            {
                case Task.Spans:
                    if (text is null) throw r.Error("a span task has no text");
                    ReadSpans(r, text, regions);
                    (value, geometry) = regions.Finish();
                    field = SpansField;
                    definition = new FieldDefinition(field, FieldKind.Span);
                    break;
                case Task.Choice:
                    var accepted = r.Array("accept")!.Value.EnumerateArray()
                        .Select(a => a.ValueKind is JsonValueKind.String or JsonValueKind.Number ? a.ToString() : throw r.Error("accept should list option ids"))
                        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                    field = ChoiceField;
                    if (multipleChoice)
                    {
                        value = JsonSerializer.Serialize(accepted);
                        definition = new FieldDefinition(field, FieldKind.MultiLabel);
                    }
                    else
                    {
                        if (accepted.Length == 0)
                        {
                            sink.Skip("Prodigy choice accepted with no option selected");
                            return;
                        }
                        value = accepted[0];
                        definition = new FieldDefinition(field, FieldKind.Nominal);
                    }
                    break;
                default:
                    field = AnswerField;
                    value = answer;
                    definition = new FieldDefinition(field, FieldKind.Nominal, ["accept", "reject"]);
                    break;
            }
            if (declared.Add(field)) sink.Field(definition);
            sink.Item(item, text, MediaRef(r));
            if (annotator is null) sink.Gold(new GoldRow(item, field, value, null, geometry, line));
            else sink.Annotation(new AnnotationRow(item, field, annotator, value, null, geometry, created, null, null, null, line));
            if ((line & 0x3FFF) == 0) sink.Progress(stream.Position);
        }, cancellationToken);
        sink.Progress(stream.Position);
    }

    private static Task? KindOf(JsonRecord r, string? view)
    {
        if (view is not null && BinaryViews.Contains(view)) return Task.Binary;
        if (view is not null && SpanViews.Contains(view)) return Task.Spans;
        if (view == "choice" || r.Get("accept") is not null) return r.Array("accept") is null ? throw r.Error("a choice task has no \"accept\" list") : Task.Choice;
        if (view is null or "blocks" && r.Get("spans") is not null && r.Get("text") is not null) return Task.Spans;
        return null;
    }

    // Prodigy spans are Python string offsets: code points, end exclusive.
    private static void ReadSpans(JsonRecord r, string text, RegionList regions)
    {
        regions.Clear();
        if (r.Array("spans") is not { } spans) return;
        var offsets = new TextOffsets(text);
        foreach (var element in spans.EnumerateArray())
        {
            var span = r.Child(element).RequireObject("a span");
            var label = span.String("label") ?? throw r.Error("a span has no label");
            long start = span.Long("start") ?? throw r.Error($"span '{label}' has no start"), end = span.Long("end") ?? throw r.Error($"span '{label}' has no end");
            if (start < 0 || end > offsets.CodePointLength || start >= end)
                throw r.Error($"span [{start}, {end}] '{label}' does not fit the text ({offsets.CodePointLength} characters)");
            regions.Span((int)start, (int)end, label, offsets.Slice((int)start, (int)end));
        }
    }

    // An image task's URL or path; inline data URIs are not references and are left out.
    private static string? MediaRef(JsonRecord r) =>
        r.Get("image") is { ValueKind: JsonValueKind.String } image && image.GetString() is { } s && !s.StartsWith("data:", StringComparison.Ordinal) ? s : null;

    // A dataset is multiple-choice when any task says so or accepts more than one option; skips lines without "accept".
    private static bool ScanChoiceStyle(Stream stream)
    {
        using var reader = TextDecoding.OpenReader(stream);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (!line.Contains("\"accept\"", StringComparison.Ordinal)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var task = doc.RootElement;
                if (task.ValueKind != JsonValueKind.Object) continue;
                if (task.TryGetProperty("accept", out var accept) && accept.ValueKind == JsonValueKind.Array && accept.GetArrayLength() > 1) return true;
                if (task.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                    && config.TryGetProperty("choice_style", out var style) && style.ValueKind == JsonValueKind.String && style.GetString() == "multiple") return true;
            }
            catch (JsonException)
            {
                // The second pass reports the malformed line with its number.
            }
        }
        return false;
    }
}
