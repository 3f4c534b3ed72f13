using System.Text;
using System.Text.Json;
using Quality.Ingestion.Json;

namespace Quality.Ingestion.LabelStudio;

/// <summary>
/// Reads one Label Studio task from its raw JSON in a single pass of a <see cref="Utf8JsonReader"/> (every byte
/// is still checked as JSON). The hot path — ids, annotators, time stamps, plain choices — allocates only the
/// strings a row needs, drawn from caches for the names and labels that repeat; other result values go through
/// <see cref="LabelStudioAnswers"/> as small JSON documents. A task's rows are held until its end, because the
/// task's data (the item's text) usually comes after its annotations.
/// </summary>
internal sealed class LsTaskParser(ImportSource source, IImportSink sink)
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly string _file = source.DisplayName;
    private readonly bool _allGold = source.Request.AsGold;
    private readonly LabelStudioAnswers _answers = new();
    private readonly LsTaskText _text = new();
    private readonly LsAnnotators _annotators = new(source, sink);
    private readonly List<(bool Gold, AnnotationRow Row)> _rows = [];
    private readonly List<string> _skips = [];
    private readonly List<string> _labels = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, List<string>> _labelCache = new(StringComparer.Ordinal);
    private long _annotationNumber;

    // The task being read.
    private ReadOnlyMemory<byte> _task;
    private long _offset;
    private string? _taskId;

    public void Task(ReadOnlyMemory<byte> task, long offset)
    {
        _task = task;
        _offset = offset;
        _taskId = null;
        _rows.Clear();
        _text.Reset(task);
        string? text = null, media = null;
        var predictions = 0;
        var drafts = 0;
        var reader = new Utf8JsonReader(task.Span, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw ImportException.AtByte(_file, offset, $"a task is a JSON {reader.TokenType.ToString().ToLowerInvariant()}, not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    _taskId = Id(ref reader) ?? throw Error(ref reader, "the task id is neither a number nor a string");
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) (text, media) = Data(ref reader);
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("annotations"u8) || reader.ValueTextEquals("completions"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.StartArray) throw Error(ref reader, "'annotations' is not an array");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Annotation(ref reader);
                }
                else if (reader.ValueTextEquals("predictions"u8)) predictions += Count(ref reader);
                else if (reader.ValueTextEquals("drafts"u8)) drafts += Count(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw JsonStreaming.Malformed(_file, task.Span, offset, ex);
        }

        var taskId = _taskId ?? throw ImportException.AtByte(_file, offset, "a task has no 'id'");
        sink.Item(taskId, text, media);
        foreach (var (gold, row) in _rows)
        {
            if (gold) sink.Gold(new GoldRow(taskId, row.Field, row.Value, row.ValueNum, row.Geometry, row.Line));
            else sink.Annotation(row with { ItemKey = taskId });
        }
        for (var i = 0; i < predictions; i++) sink.Skip("model prediction (predictions are not annotations)");
        for (var i = 0; i < drafts; i++) sink.Skip("draft (not submitted)");
    }

    /// <summary>Declares the fields seen, with the kinds their answers had.</summary>
    public void Finish()
    {
        foreach (var definition in _answers.Definitions()) sink.Field(definition);
    }

    private void Annotation(ref Utf8JsonReader reader)
    {
        _annotationNumber++;
        if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, "an annotation is not a JSON object");
        var start = reader.TokenStartIndex;
        string? annotationId = null, lastAction = null;
        var cancelled = false;
        var groundTruth = false;
        var emptyResult = true;
        DateTime? created = null;
        double? lead = null;
        long? userId = null;
        (int Start, int End)? user = null, reviews = null;
        _skips.Clear();

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                annotationId = Id(ref reader);
                reader.Skip(); // an object where an id should be: not an id
            }
            else if (reader.ValueTextEquals("completed_by"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id)) userId = id;
                else if (reader.TokenType != JsonTokenType.Null) user = Range(ref reader);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray) throw Error(ref reader, "'result' is not an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    emptyResult = false;
                    Result(ref reader, annotationId);
                }
            }
            else if (reader.ValueTextEquals("was_cancelled"u8) || reader.ValueTextEquals("skipped"u8))
            {
                reader.Read();
                cancelled |= reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("ground_truth"u8))
            {
                reader.Read();
                groundTruth = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                reader.Read();
                created = Time(ref reader);
            }
            else if (reader.ValueTextEquals("lead_time"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var d) || !double.IsFinite(d) || d < 0)
                    throw Error(ref reader, $"'lead_time' is not a non-negative number of seconds ({Raw(ref reader)})");
                lead = d;
            }
            else if (reader.ValueTextEquals("reviews"u8))
            {
                reader.Read();
                reviews = Range(ref reader);
            }
            else if (reader.ValueTextEquals("last_action"u8))
            {
                reader.Read();
                lastAction = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var where = new LsWhere(_file, _offset + start, _taskId ?? "(id not yet read)", annotationId);
        if (cancelled)
        {
            _answers.Clear();
            sink.Skip("cancelled annotation (was_cancelled)");
            return;
        }
        foreach (var skip in _skips) sink.Skip(skip);
        if (_answers.Count == 0)
        {
            if (emptyResult) sink.Skip("annotation with an empty result");
            return;
        }
        var gold = _allGold || groundTruth;
        string? annotator = null;
        if (!gold)
        {
            if (userId is { } id) annotator = _annotators.Resolve(id);
            else if (user is { } range)
            {
                using var doc = JsonDocument.Parse(_task.Slice(range.Start, range.End - range.Start));
                annotator = _annotators.Resolve(doc.RootElement, where);
            }
            else annotator = _annotators.Resolve(default(JsonElement), where);
        }
        string? review = null;
        if (reviews is { } r && r.End - r.Start > 2)
        {
            using var doc = JsonDocument.Parse(_task.Slice(r.Start, r.End - r.Start));
            review = LsJson.Reviews(doc.RootElement);
        }
        review ??= LsJson.LastAction(lastAction);

        foreach (var (field, value, num, geometry) in _answers.Drain())
            _rows.Add((gold, new AnnotationRow("", field, annotator ?? "", value, num, geometry, created, lead,
                annotationId is null ? null : string.Concat("ls:", annotationId, ":", field), review, _annotationNumber)));
    }

    private void Result(ref Utf8JsonReader reader, string? annotationId)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, "a result is not a JSON object");
        var resultStart = reader.TokenStartIndex;
        string? from = null, type = null;
        (int Start, int End)? value = null, regionId = null;
        double? width = null, height = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("from_name"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) from = Name(ref reader);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) type = Name(ref reader);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                value = Range(ref reader);
            }
            else if (reader.ValueTextEquals("original_width"u8))
            {
                reader.Read();
                width = Size(ref reader, "original_width");
            }
            else if (reader.ValueTextEquals("original_height"u8))
            {
                reader.Read();
                height = Size(ref reader, "original_height");
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                regionId = reader.TokenType == JsonTokenType.String ? Range(ref reader) : null;
                if (regionId is null) reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (from is null)
        {
            _skips.Add(type == "relation" ? "Label Studio relation between regions" : "Label Studio result without a control name (from_name)");
            return;
        }
        var where = new LsWhere(_file, _offset + resultStart, _taskId ?? "(id not yet read)", annotationId);
        if (value is not { } v) throw where.Error($"a result of control '{from}' has no value");
        var valueBytes = _task.Slice(v.Start, v.End - v.Start);
        if (type == "choices" && PlainChoices(valueBytes.Span, from))
        {
            if (_answers.AddChoices(from, _labels) is { } mixed) _skips.Add(mixed);
            return;
        }
        using var doc = JsonDocument.Parse(valueBytes);
        var region = regionId is { } rid ? JsonSerializer.Deserialize<string>(_task.Span[rid.Start..rid.End]) : null;
        if (_answers.Add(from, type, doc.RootElement, width, height, region, _text, where with { ByteOffset = _offset + v.Start }) is { } skip)
            _skips.Add(skip);
    }

    // {"choices": ["…", …]} and nothing else: the labels, from the cache of this control's labels. Anything more
    // (a choice drawn on a region) is left to the general path.
    private bool PlainChoices(ReadOnlySpan<byte> value, string field)
    {
        _labels.Clear();
        var reader = new Utf8JsonReader(value, isFinalBlock: true, default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        var seen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("choices"u8) || seen) return false;
            seen = true;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
            if (!_labelCache.TryGetValue(field, out var cache)) _labelCache[field] = cache = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) return false;
                _labels.Add(Cached(ref reader, cache));
            }
        }
        return seen;
    }

    private (string? Text, string? Media) Data(ref Utf8JsonReader reader)
    {
        string? text = null, media = null, firstOther = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals("text"u8);
            var isMedia = !isText && (reader.ValueTextEquals("image"u8) || reader.ValueTextEquals("audio"u8) || reader.ValueTextEquals("video"u8)
                || reader.ValueTextEquals("pdf"u8) || reader.ValueTextEquals("url"u8));
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            if (isText) text = reader.GetString();
            else if (isMedia) media ??= reader.GetString();
            else if (firstOther is null && !IsReference(reader.ValueSpan)) firstOther = reader.GetString();
        }
        return (text ?? firstOther, media);
    }

    private static bool IsReference(ReadOnlySpan<byte> s) =>
        s.StartsWith("http://"u8) || s.StartsWith("https://"u8) || s.StartsWith("s3://"u8) || s.StartsWith("gs://"u8) || s.StartsWith("/data/"u8);

    private DateTime? Time(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        // The reader's own parser is fast but takes a time without a zone as local time: only trust it with 'Z'.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length > 0 && reader.ValueSpan[^1] == (byte)'Z'
            && reader.TryGetDateTimeOffset(out var dto))
            return dto.UtcDateTime;
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number
            && Timestamps.TryParse(reader.TokenType == JsonTokenType.String ? reader.GetString() : Raw(ref reader), out var utc))
            return utc;
        throw Error(ref reader, $"'created_at' is not a time stamp ({Raw(ref reader)})");
    }

    private double? Size(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d) && d > 0) return d;
        throw Error(ref reader, $"'{name}' is not a positive number ({Raw(ref reader)})");
    }

    private static string? Id(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.String => reader.GetString(),
        _ => null,
    };

    // The byte range of the value at the reader (a container is skipped to its end).
    private static (int Start, int End) Range(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (start, (int)reader.BytesConsumed);
    }

    private static int Count(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }
        var n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            n++;
        }
        return n;
    }

    private string Name(ref Utf8JsonReader reader) => Cached(ref reader, _names);

    private static string Cached(ref Utf8JsonReader reader, List<string> cache)
    {
        foreach (var s in cache)
            if (reader.ValueTextEquals(s)) return s;
        var value = reader.GetString()!;
        if (cache.Count < 64) cache.Add(value);
        return value;
    }

    private static string Raw(ref Utf8JsonReader reader)
    {
        var raw = Encoding.UTF8.GetString(reader.ValueSpan);
        return LabelStudioAnswers.Shorten(reader.TokenType == JsonTokenType.String ? $"\"{raw}\"" : raw);
    }

    private ImportException Error(ref Utf8JsonReader reader, string problem) =>
        ImportException.AtByte(_file, _offset + reader.TokenStartIndex, _taskId is null ? problem : $"task {_taskId}: {problem}");
}
