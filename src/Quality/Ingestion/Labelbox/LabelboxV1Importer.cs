using System.Text.Json;
using Quality.Ingestion.Json;
using Quality.Ingestion.LabelStudio;

namespace Quality.Ingestion.Labelbox;

/// <summary>
/// Labelbox's legacy (v1) JSON export: a list of label rows (or one row as a bare object), keyed with spaces
/// (`DataRow ID`, `Created By`, `Seconds to Label`, `Reviews`), the work under `Label.objects[]` and
/// `Label.classifications[]`. Same mapping as Export v2 (<see cref="LabelboxAnswers"/>); titles are stored, not values.
/// </summary>
public sealed class LabelboxV1Importer : IImporter
{
    public string Format => "labelbox-v1";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (LsSniff.FirstByte(head) is not ((byte)'[' or (byte)'{')) return 0;
        return LsSniff.Contains(head, "\"DataRow ID\"") && LsSniff.Contains(head, "\"Label\"") ? 95 : 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var answers = new LabelboxAnswers(sink);
        var annotators = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0;
        JsonStreaming.ReadArray(stream, file, (row, index, offset) =>
        {
            rows++;
            Exception Error(string problem) => ImportException.AtByte(file, offset, $"row {index + 1}: {problem}");
            if (row.ValueKind != JsonValueKind.Object) throw Error("the row is not a JSON object");
            var item = LabelboxAnswers.Str(row, "DataRow ID") ?? throw Error("the row has no 'DataRow ID'");
            var (text, media) = LabelboxAnswers.Content(LabelboxAnswers.Str(row, "Labeled Data"));
            sink.Item(item, text, media);

            var label = LabelboxAnswers.Get(row, "Label");
            if ((row.TryGetProperty("Skipped", out var skipped) && skipped.ValueKind == JsonValueKind.True)
                || label is { ValueKind: JsonValueKind.String })
            {
                sink.Skip("skipped label (the annotator skipped the data row)");
                return;
            }
            if (label is not { ValueKind: JsonValueKind.Object } work) throw Error("the row has no 'Label' object");

            var gold = source.Request.AsGold || IsBenchmark(row);
            string? annotator = null;
            if (!gold)
            {
                annotator = LabelboxAnswers.Str(row, "Created By") ?? source.Request.Annotator
                    ?? throw Error("the row does not say who made it (no 'Created By'); name the annotator with --annotator");
                if (annotators.Add(annotator)) sink.Annotator(annotator, null);
            }
            DateTime? created = null;
            if (LabelboxAnswers.Str(row, "Created At") is { } at)
                created = Timestamps.TryParse(at, out var utc) ? utc : throw Error($"'Created At' is not a time stamp ({at})");
            double? lead = null;
            if (LabelboxAnswers.Get(row, "Seconds to Label") is { } s)
                lead = s.ValueKind == JsonValueKind.Number && s.TryGetDouble(out var sec) && double.IsFinite(sec) && sec >= 0
                    ? sec : throw Error($"'Seconds to Label' is not a non-negative number ({s.GetRawText()})");

            if (LabelboxAnswers.Get(work, "classifications") is { ValueKind: JsonValueKind.Array } classifications)
                foreach (var c in classifications.EnumerateArray()) Classification(c, Error);
            if (LabelboxAnswers.Get(work, "objects") is { ValueKind: JsonValueKind.Array } objects)
                foreach (var o in objects.EnumerateArray())
                {
                    var title = LabelboxAnswers.Str(o, "title") ?? LabelboxAnswers.Str(o, "value") ?? throw Error("an object has no 'title'");
                    if (!answers.Object(o, title, text, Error))
                        sink.Skip("Labelbox v1 object without inline geometry (segmentation mask)");
                    if (LabelboxAnswers.Get(o, "classifications") is { ValueKind: JsonValueKind.Array } nested)
                        for (var i = nested.GetArrayLength(); i > 0; i--) sink.Skip(LabelboxAnswers.NestedSkip);
                }
            if (LabelboxAnswers.Get(work, "relationships") is { ValueKind: JsonValueKind.Array } relationships)
                for (var i = relationships.GetArrayLength(); i > 0; i--) sink.Skip("Labelbox relationship between objects");

            var labelId = LabelboxAnswers.Str(row, "ID");
            var review = Review(row);
            answers.Emit(item, gold ? null : annotator, created, lead, labelId, review, rows);
            if ((index & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(stream.Position);
            }
        }, cancellationToken);
        answers.Declare();
        sink.Progress(stream.Position);

        void Classification(JsonElement c, Func<string, Exception> error)
        {
            var title = LabelboxAnswers.Str(c, "title") ?? LabelboxAnswers.Str(c, "value") ?? throw error("a classification has no 'title'");
            if (LabelboxAnswers.Get(c, "answer") is { } answer)
            {
                if (answer.ValueKind == JsonValueKind.String)
                    answers.Classification(title, answer.GetString()!, FieldKind.Text);
                else
                    answers.Classification(title, LabelboxAnswers.Str(answer, "title") ?? LabelboxAnswers.Str(answer, "value")
                        ?? throw error($"the answer to '{title}' has no title"), FieldKind.Nominal);
            }
            else if (LabelboxAnswers.Get(c, "answers") is { ValueKind: JsonValueKind.Array } many)
            {
                var names = new List<string>();
                foreach (var option in many.EnumerateArray())
                    names.Add(LabelboxAnswers.Str(option, "title") ?? LabelboxAnswers.Str(option, "value") ?? throw error($"an answer to '{title}' has no title"));
                names.Sort(StringComparer.Ordinal);
                answers.Classification(title, JsonSerializer.Serialize(names.Distinct(StringComparer.Ordinal).ToArray()), FieldKind.MultiLabel);
            }
            else sink.Skip("Labelbox classification of an unsupported kind");
        }
    }

    // A benchmark (reference) label is Labelbox's gold.
    private static bool IsBenchmark(JsonElement row) =>
        LabelboxAnswers.Get(row, "Is Benchmark") is { } b && (b.ValueKind == JsonValueKind.True || (b.ValueKind == JsonValueKind.Number && b.GetRawText() == "1"));

    // Reviews[]: score 1 is a thumbs-up, -1 a thumbs-down; the latest review decides.
    private static string? Review(JsonElement row)
    {
        if (LabelboxAnswers.Get(row, "Reviews") is not { ValueKind: JsonValueKind.Array } reviews) return null;
        string? verdict = null, latest = null;
        foreach (var r in reviews.EnumerateArray())
        {
            if (LabelboxAnswers.Get(r, "score") is not { ValueKind: JsonValueKind.Number } score || !score.TryGetDouble(out var v) || v == 0) continue;
            var at = LabelboxAnswers.Str(r, "createdAt");
            if (verdict is null || string.CompareOrdinal(at, latest) >= 0) { verdict = v > 0 ? "accepted" : "rejected"; latest = at; }
        }
        return verdict;
    }
}
