using System.Text;
using System.Text.Json;
using Quality.Ingestion.Json;

namespace Quality.Ingestion.LabelStudio;

/// <summary>
/// Label Studio's JSON export: a list of tasks (or one task object, as written to cloud storage), each with its
/// `data` and `annotations[]`. One row per annotation and control (`from_name`); `ground_truth` annotations are gold;
/// cancelled annotations, drafts and model predictions are counted as skipped.
/// </summary>
public sealed class LabelStudioJsonImporter : IImporter
{
    public string Format => "label-studio";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var first = LsSniff.FirstByte(head);
        if (first is not ((byte)'[' or (byte)'{')) return 0;
        var hasAnnotations = LsSniff.Contains(head, "\"annotations\"") || LsSniff.Contains(head, "\"completions\"");
        if (!hasAnnotations) return 0;
        if (LsSniff.Contains(head, "\"from_name\"") || LsSniff.Contains(head, "\"completed_by\"")) return 90;
        if (LsSniff.Contains(head, "\"result\"") || LsSniff.Contains(head, "\"data\"")) return 60;
        return 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var reader = new TaskReader(source, sink);
        JsonStreaming.ReadArray(stream, source.DisplayName, (task, index, offset) =>
        {
            reader.Task(task, offset);
            if ((index & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(stream.Position);
            }
        }, cancellationToken);
        reader.Finish();
        sink.Progress(stream.Position);
    }

    private sealed class TaskReader(ImportSource source, IImportSink sink)
    {
        private readonly LabelStudioAnswers _answers = new();
        private readonly LsTaskText _text = new();
        private readonly LsAnnotators _annotators = new(source, sink);
        private readonly string _file = source.DisplayName;
        private long _line;

        public void Task(JsonElement task, long offset)
        {
            if (task.ValueKind != JsonValueKind.Object)
                throw ImportException.AtByte(_file, offset, $"a task is a JSON {task.ValueKind.ToString().ToLowerInvariant()}, not an object");
            var taskId = LsJson.Id(task, "id") ?? throw ImportException.AtByte(_file, offset, "a task has no 'id'");
            var where = new LsWhere(_file, offset, taskId, null);

            string? text = null, media = null;
            if (task.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                (text, media) = LsJson.ItemContent(data);
            _text.Reset(data);
            sink.Item(taskId, text, media);

            if (task.TryGetProperty("predictions", out var predictions) && predictions.ValueKind == JsonValueKind.Array)
                for (var i = predictions.GetArrayLength(); i > 0; i--) sink.Skip("model prediction (predictions are not annotations)");
            if (task.TryGetProperty("drafts", out var drafts) && drafts.ValueKind == JsonValueKind.Array)
                for (var i = drafts.GetArrayLength(); i > 0; i--) sink.Skip("draft (not submitted)");

            if (!task.TryGetProperty("annotations", out var annotations) && !task.TryGetProperty("completions", out annotations)) return;
            if (annotations.ValueKind == JsonValueKind.Null) return;
            if (annotations.ValueKind != JsonValueKind.Array) throw where.Error("'annotations' is not an array");
            foreach (var annotation in annotations.EnumerateArray()) Annotation(annotation, taskId, where);
        }

        private void Annotation(JsonElement annotation, string taskId, LsWhere taskWhere)
        {
            _line++;
            if (annotation.ValueKind != JsonValueKind.Object) throw taskWhere.Error("an annotation is not a JSON object");
            var annotationId = LsJson.Id(annotation, "id");
            var where = taskWhere with { AnnotationId = annotationId };
            if (LsJson.IsTrue(annotation, "was_cancelled") || LsJson.IsTrue(annotation, "skipped"))
            {
                sink.Skip("cancelled annotation (was_cancelled)");
                return;
            }
            var gold = source.Request.AsGold || LsJson.IsTrue(annotation, "ground_truth");
            var annotator = gold ? null : _annotators.Resolve(annotation.TryGetProperty("completed_by", out var by) ? by : default, where);

            if (!annotation.TryGetProperty("result", out var results) || results.ValueKind == JsonValueKind.Null
                || (results.ValueKind == JsonValueKind.Array && results.GetArrayLength() == 0))
            {
                sink.Skip("annotation with an empty result");
                return;
            }
            if (results.ValueKind != JsonValueKind.Array) throw where.Error("'result' is not an array");
            foreach (var result in results.EnumerateArray())
            {
                if (result.ValueKind != JsonValueKind.Object) throw where.Error("a result is not a JSON object");
                var type = result.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (!result.TryGetProperty("from_name", out var from) || from.ValueKind != JsonValueKind.String)
                {
                    sink.Skip(type == "relation" ? "Label Studio relation between regions" : "Label Studio result without a control name (from_name)");
                    continue;
                }
                if (!result.TryGetProperty("value", out var value)) throw where.Error($"a result of control '{from.GetString()}' has no value");
                var regionId = result.TryGetProperty("id", out var rid) && rid.ValueKind == JsonValueKind.String ? rid.GetString() : null;
                var skip = _answers.Add(LsJson.Name(from), type, value, LsJson.Size(result, "original_width", where), LsJson.Size(result, "original_height", where),
                    regionId, _text, where);
                if (skip is not null) sink.Skip(skip);
            }
            if (_answers.Count == 0) return;

            var created = LsJson.Time(annotation, "created_at", where);
            var lead = LsJson.LeadTime(annotation, where);
            var review = LsJson.Review(annotation);
            foreach (var (field, value, num, geometry) in _answers.Drain())
            {
                if (gold)
                    sink.Gold(new GoldRow(taskId, field, value, num, geometry, _line));
                else
                    sink.Annotation(new AnnotationRow(taskId, field, annotator!, value, num, geometry, created, lead,
                        annotationId is null ? null : string.Concat("ls:", annotationId, ":", field), review, _line));
            }
        }

        public void Finish()
        {
            foreach (var definition in _answers.Definitions()) sink.Field(definition);
        }
    }
}

/// <summary>Cheap content checks on the head of a file, for detection.</summary>
internal static class LsSniff
{
    public static byte FirstByte(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        foreach (var b in head)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
        return 0;
    }

    public static bool Contains(ReadOnlySpan<byte> head, string ascii) => head.IndexOf(Encoding.UTF8.GetBytes(ascii)) >= 0;
}
