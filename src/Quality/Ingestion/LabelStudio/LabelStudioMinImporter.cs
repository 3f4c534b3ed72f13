using System.Text.Json;
using Quality.Ingestion.Json;

namespace Quality.Ingestion.LabelStudio;

/// <summary>
/// Label Studio's JSON-MIN export: one flat record per annotation holding the task's data keys, `id` (the task),
/// one key per control with its value in short form, then `annotator`, `annotation_id`, `created_at`, `updated_at`,
/// `lead_time`. Controls are recognised by their value (the Label Studio value shapes) or, for the short forms that
/// are bare strings (one choice, one text), by their place: the exporter writes the data keys, then `id`, then the
/// controls, then `annotator`.
/// </summary>
public sealed class LabelStudioMinImporter : IImporter
{
    public string Format => "label-studio-min";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (LsSniff.FirstByte(head) is not ((byte)'[' or (byte)'{')) return 0;
        if (LsSniff.Contains(head, "\"annotations\"")) return 0;
        return LsSniff.Contains(head, "\"annotation_id\"") && LsSniff.Contains(head, "\"annotator\"") ? 85 : 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var answers = new LabelStudioAnswers();
        var text = new LsTaskText();
        var annotators = new LsAnnotators(source, sink);
        var data = new List<JsonProperty>();
        JsonStreaming.ReadArray(stream, file, (record, index, offset) =>
        {
            if (record.ValueKind != JsonValueKind.Object) throw ImportException.AtByte(file, offset, $"record {index + 1} is not a JSON object");
            var taskId = LsJson.Id(record, "id") ?? throw ImportException.AtByte(file, offset, $"record {index + 1} has no task 'id'");
            var annotationId = LsJson.Id(record, "annotation_id");
            var where = new LsWhere(file, offset, taskId, annotationId);

            // Pass 1: which keys are data, which are controls (by shape, or by sitting between id and annotator).
            data.Clear();
            text.Reset();
            var position = 0;
            var afterId = false;
            var beforeAnnotator = true;
            foreach (var p in record.EnumerateObject())
            {
                position++;
                if (p.NameEquals("id")) { afterId = true; continue; }
                if (p.NameEquals("annotator")) { beforeAnnotator = false; continue; }
                if (LsMin.IsMeta(p.Name)) continue;
                if (LsMin.IsResult(p.Value)) continue;
                if (afterId && beforeAnnotator && p.Value.ValueKind == JsonValueKind.String) continue;
                data.Add(p);
            }
            string? itemText = null, media = null, firstOther = null;
            foreach (var p in data)
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                var s = p.Value.GetString()!;
                if (p.NameEquals("text")) itemText = s;
                else if (LsMin.IsMediaKey(p.Name)) media ??= s;
                else firstOther ??= s;
            }
            if (itemText is not null) text.Add(itemText);
            foreach (var p in data)
                if (p.Value.ValueKind == JsonValueKind.String && !p.NameEquals("text")) text.Add(p.Value.GetString()!);
            sink.Item(taskId, itemText ?? firstOther, media);

            if (annotationId is null)
            {
                sink.Skip("task without annotations (record with no annotation_id)");
                return;
            }
            var gold = source.Request.AsGold;
            var annotator = gold ? null : annotators.Resolve(record.TryGetProperty("annotator", out var by) ? by : default, where);

            // Pass 2: the controls' values.
            afterId = false;
            beforeAnnotator = true;
            foreach (var p in record.EnumerateObject())
            {
                if (p.NameEquals("id")) { afterId = true; continue; }
                if (p.NameEquals("annotator")) { beforeAnnotator = false; continue; }
                if (LsMin.IsMeta(p.Name)) continue;
                if (LsMin.IsResult(p.Value))
                {
                    foreach (var value in LsMin.Values(p.Value))
                        if (answers.Add(p.Name, null, value, null, null, null, text, where) is { } skip) sink.Skip(skip);
                }
                else if (afterId && beforeAnnotator && p.Value.ValueKind == JsonValueKind.String)
                    answers.AddBareString(p.Name, p.Value.GetString()!);
            }
            if (answers.Count == 0)
            {
                sink.Skip("annotation with an empty result");
                return;
            }
            var created = LsJson.Time(record, "created_at", where);
            var lead = LsJson.LeadTime(record, where);
            foreach (var (field, value, num, geometry) in answers.Drain())
            {
                if (gold) sink.Gold(new GoldRow(taskId, field, value, num, geometry, index + 1));
                else sink.Annotation(new AnnotationRow(taskId, field, annotator!, value, num, geometry, created, lead,
                    string.Concat("ls:", annotationId, ":", field), null, index + 1));
            }
            if ((index & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(stream.Position);
            }
        }, cancellationToken);
        foreach (var definition in answers.Definitions()) sink.Field(definition);
        sink.Progress(stream.Position);
    }
}

/// <summary>What JSON-MIN and CSV records share: their bookkeeping keys and how a control's value looks.</summary>
internal static class LsMin
{
    private static readonly HashSet<string> Meta = new(StringComparer.Ordinal)
        { "id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "was_cancelled" };

    private static readonly string[] ValueKeys =
        ["choices", "labels", "rectanglelabels", "polygonlabels", "keypointlabels", "taxonomy", "rating", "number",
         "ellipselabels", "brushlabels", "hypertextlabels", "paragraphlabels", "timeserieslabels", "videorectangle", "datetime", "ranker"];

    private static readonly string[] MediaKeys = ["image", "audio", "video", "pdf", "url"];

    public static bool IsMeta(string name) => Meta.Contains(name);

    public static bool IsMediaKey(string name) => MediaKeys.Contains(name);

    /// <summary>Whether a value is a control's output: a value object, or a list of them.</summary>
    public static bool IsResult(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object) return IsValueObject(value);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) return false;
        foreach (var e in value.EnumerateArray())
            if (!IsValueObject(e)) return false;
        return true;
    }

    public static IEnumerable<JsonElement> Values(JsonElement result) =>
        result.ValueKind == JsonValueKind.Array ? result.EnumerateArray() : [result];

    private static bool IsValueObject(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) return false;
        foreach (var key in ValueKeys)
            if (o.TryGetProperty(key, out _)) return true;
        // Several texts of one text area: {"text": ["…", "…"]} and nothing else.
        if (o.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Array)
        {
            var n = 0;
            foreach (var _ in o.EnumerateObject()) n++;
            return n == 1 && t.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String);
        }
        return false;
    }
}
