using System.Text.Json;
using Quality.Ingestion.Json;
using Quality.Ingestion.LabelStudio;

namespace Quality.Ingestion.Labelbox;

/// <summary>
/// Labelbox Export v2 (NDJSON): one data row per line, its labels under `projects.&lt;project id&gt;.labels[]`.
/// Each label is one annotator's work (`label_details.created_by`, `created_at`, `performance_details.seconds_to_create`);
/// radio, checklist and free-text classifications and box/polygon/line/point/entity objects are read (see
/// <see cref="LabelboxAnswers"/>). Names (what annotators saw) are stored, not the ontology's `value` keys.
/// </summary>
public sealed class LabelboxNdjsonImporter : IImporter
{
    public string Format => "labelbox";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (LsSniff.FirstByte(head) != (byte)'{') return 0;
        return LsSniff.Contains(head, "\"data_row\"") && LsSniff.Contains(head, "\"projects\"") ? 95 : 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var answers = new LabelboxAnswers(sink);
        var annotators = new HashSet<string>(StringComparer.Ordinal);
        JsonStreaming.ReadLines(stream, file, (line, number) =>
        {
            Exception Error(string problem) => new ImportException(file, number, null, problem);
            if (line.ValueKind != JsonValueKind.Object) throw Error("the line is not a JSON object");
            var row = LabelboxAnswers.Get(line, "data_row") ?? throw Error("the line has no 'data_row'");
            var item = LabelboxAnswers.Str(row, "id") ?? throw Error("the data row has no 'id'");
            var (text, media) = LabelboxAnswers.Content(LabelboxAnswers.Str(row, "row_data"));
            sink.Item(item, text, media);

            if (LabelboxAnswers.Get(line, "projects") is not { ValueKind: JsonValueKind.Object } projects) throw Error("the line has no 'projects' object");
            foreach (var project in projects.EnumerateObject())
            {
                if (LabelboxAnswers.Get(project.Value, "labels") is not { } labels) continue;
                if (labels.ValueKind != JsonValueKind.Array) throw Error($"'labels' of project {project.Name} is not a list");
                foreach (var label in labels.EnumerateArray()) Label(label, item, text, number, Error);
            }
            if ((number & 0x3FF) == 0) sink.Progress(stream.Position);
        }, cancellationToken);
        answers.Declare();
        sink.Progress(stream.Position);

        void Label(JsonElement label, string item, string? text, long number, Func<string, Exception> error)
        {
            var labelId = LabelboxAnswers.Str(label, "id");
            var details = LabelboxAnswers.Get(label, "label_details");
            var performance = LabelboxAnswers.Get(label, "performance_details");
            if (performance is { } pd && pd.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.True)
            {
                sink.Skip("skipped label (the annotator skipped the data row)");
                return;
            }
            var gold = source.Request.AsGold || (details is { } d0 && d0.TryGetProperty("is_benchmark_reference", out var b) && b.ValueKind == JsonValueKind.True);
            string? annotator = null;
            if (!gold)
            {
                annotator = (details is { } d ? LabelboxAnswers.Str(d, "created_by") : null) ?? source.Request.Annotator
                    ?? throw error("the label does not say who made it (no label_details.created_by; export with label details or name the annotator with --annotator)");
                if (annotators.Add(annotator)) sink.Annotator(annotator, null);
            }
            DateTime? created = null;
            if (details is { } dd && LabelboxAnswers.Str(dd, "created_at") is { } at)
                created = Timestamps.TryParse(at, out var utc) ? utc : throw error($"label_details.created_at is not a time stamp ({at})");
            double? lead = null;
            if (performance is { } p && LabelboxAnswers.Get(p, "seconds_to_create") is { } s)
                lead = s.ValueKind == JsonValueKind.Number && s.TryGetDouble(out var sec) && double.IsFinite(sec) && sec >= 0
                    ? sec : throw error($"performance_details.seconds_to_create is not a non-negative number ({s.GetRawText()})");
            var review = details is { } rd ? Review(rd) : null;

            var annotations = LabelboxAnswers.Get(label, "annotations");
            if (annotations is { } a)
            {
                if (LabelboxAnswers.Get(a, "classifications") is { ValueKind: JsonValueKind.Array } classifications)
                    foreach (var c in classifications.EnumerateArray()) Classification(c, error);
                if (LabelboxAnswers.Get(a, "objects") is { ValueKind: JsonValueKind.Array } objects)
                    foreach (var o in objects.EnumerateArray())
                    {
                        var name = LabelboxAnswers.Str(o, "name") ?? throw error("an object has no 'name'");
                        if (!answers.Object(o, name, text, error))
                            sink.Skip($"Labelbox object '{LabelboxAnswers.Str(o, "annotation_kind") ?? "unknown"}' is not supported (masks and other kinds)");
                        CountNested(o);
                    }
                if (LabelboxAnswers.Get(a, "relationships") is { ValueKind: JsonValueKind.Array } relationships)
                    for (var i = relationships.GetArrayLength(); i > 0; i--) sink.Skip("Labelbox relationship between objects");
            }
            answers.Emit(item, gold ? null : annotator, created, lead, labelId, review, number);
        }

        void Classification(JsonElement c, Func<string, Exception> error)
        {
            var name = LabelboxAnswers.Str(c, "name") ?? throw error("a classification has no 'name'");
            if (LabelboxAnswers.Get(c, "radio_answer") is { } radio)
            {
                answers.Classification(name, LabelboxAnswers.Str(radio, "name") ?? throw error($"the answer to '{name}' has no name"), FieldKind.Nominal);
                CountNested(radio);
            }
            else if (LabelboxAnswers.Get(c, "checklist_answers") is { ValueKind: JsonValueKind.Array } checklist)
            {
                var names = new List<string>();
                foreach (var option in checklist.EnumerateArray())
                {
                    names.Add(LabelboxAnswers.Str(option, "name") ?? throw error($"an answer to '{name}' has no name"));
                    CountNested(option);
                }
                names.Sort(StringComparer.Ordinal);
                answers.Classification(name, JsonSerializer.Serialize(names.Distinct(StringComparer.Ordinal).ToArray()), FieldKind.MultiLabel);
            }
            else if (LabelboxAnswers.Get(c, "text_answer") is { } textAnswer)
                answers.Classification(name, LabelboxAnswers.Str(textAnswer, "content") ?? throw error($"the text answer to '{name}' has no content"), FieldKind.Text);
            else
                sink.Skip("Labelbox classification of an unsupported kind");
        }

        void CountNested(JsonElement parent)
        {
            if (LabelboxAnswers.Get(parent, "classifications") is { ValueKind: JsonValueKind.Array } nested)
                for (var i = nested.GetArrayLength(); i > 0; i--) sink.Skip(LabelboxAnswers.NestedSkip);
        }
    }

    // label_details.reviews[]: the latest review action decides.
    private static string? Review(JsonElement details)
    {
        if (LabelboxAnswers.Get(details, "reviews") is not { ValueKind: JsonValueKind.Array } reviews) return null;
        string? verdict = null, latest = null;
        foreach (var r in reviews.EnumerateArray())
        {
            var action = LabelboxAnswers.Str(r, "review_action") ?? LabelboxAnswers.Str(r, "action");
            var v = action?.ToLowerInvariant() switch { "approve" or "approved" => "accepted", "reject" or "rejected" => "rejected", _ => null };
            if (v is null) continue;
            var at = LabelboxAnswers.Str(r, "reviewed_at") ?? LabelboxAnswers.Str(r, "created_at");
            if (verdict is null || string.CompareOrdinal(at, latest) >= 0) { verdict = v; latest = at; }
        }
        return verdict;
    }
}
