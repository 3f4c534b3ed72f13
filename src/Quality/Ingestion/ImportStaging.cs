using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Ingestion;

/// <summary>
/// The sink importers write into: connection-local temporary tables filled through DuckDB appenders, plus
/// what is needed to infer each field's kind. Nothing here touches the project's tables; the merge does.
/// </summary>
internal sealed class ImportStaging : IImportSink, IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly string _file;
    private readonly long _totalBytes;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly Stopwatch _clock;
    private readonly StagingWriter _writer;
    private readonly Dictionary<string, FieldStats> _fields = new(StringComparer.Ordinal);
    private FieldStats? _lastField;
    private string? _lastItem;
    private readonly HashSet<string> _declaredAnnotators = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answerAnnotators = new(StringComparer.Ordinal);
    private string? _lastAnnotator;
    private long[] _answerKeys = new long[1024];
    private int _answerKeyCount;
    private long _lastReport = -1;

    public ImportStaging(DuckDBConnection connection, string file, long totalBytes, IProgress<ImportProgress>? progress, Stopwatch clock)
    {
        _connection = connection;
        _file = file;
        _totalBytes = totalBytes;
        _progress = progress;
        _clock = clock;
        connection.Execute(
            """
            CREATE OR REPLACE TEMP TABLE stg_annotations (item_key VARCHAR, field VARCHAR, annotator VARCHAR, value VARCHAR,
                value_num DOUBLE, geometry VARCHAR, created_at TIMESTAMP, lead_time_s DOUBLE, source_id VARCHAR, review VARCHAR, line BIGINT);
            CREATE OR REPLACE TEMP TABLE stg_gold (item_key VARCHAR, field VARCHAR, value VARCHAR, value_num DOUBLE, geometry VARCHAR, line BIGINT);
            CREATE OR REPLACE TEMP TABLE stg_items (item_key VARCHAR, text VARCHAR, media_ref VARCHAR);
            CREATE OR REPLACE TEMP TABLE stg_annotators (annotator VARCHAR, display_name VARCHAR);
            """);
        _writer = new StagingWriter(connection);
    }

    public long AnnotationCount { get; private set; }
    public long GoldCount { get; private set; }
    public long SkippedCount { get; private set; }
    public SortedDictionary<string, long> SkippedReasons { get; } = new(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, FieldStats> Fields => _fields;

    /// <summary>
    /// Whether every answer's item was the one declared just before it with <see cref="Item"/> (importers that
    /// declare an item and then its answers): the merge then finds all items in the staged items alone.
    /// </summary>
    public bool AnswersUseDeclaredItems { get; private set; } = true;

    public void Field(FieldDefinition field)
    {
        var stats = Stats(field.Name);
        stats.Declared = field;
    }

    public void Item(string itemKey, string? text, string? mediaRef)
    {
        CheckKey(itemKey, "item id");
        _lastItem = itemKey;
        _writer.Item(itemKey, text, mediaRef);
    }

    public void Annotator(string key, string? displayName)
    {
        CheckKey(key, "annotator id");
        _declaredAnnotators.Add(key);
        _writer.Annotator(key, displayName);
    }

    public void Annotation(in AnnotationRow row)
    {
        CheckKey(row.ItemKey, "item id", row.Line);
        CheckKey(row.Annotator, "annotator id", row.Line);
        if (AnswersUseDeclaredItems && !string.Equals(row.ItemKey, _lastItem, StringComparison.Ordinal)) AnswersUseDeclaredItems = false;
        NoteAnswerKey(row);
        // Importers reuse one string per annotator, so the set is consulted only when the annotator changes.
        if (!ReferenceEquals(row.Annotator, _lastAnnotator))
        {
            _answerAnnotators.Add(row.Annotator);
            _lastAnnotator = row.Annotator;
        }
        Stats(row.Field).Observe(row.Value, row.ValueNum, row.Geometry);
        _writer.Annotation(row);
        AnnotationCount++;
    }

    public void Gold(in GoldRow row)
    {
        CheckKey(row.ItemKey, "item id", row.Line);
        if (AnswersUseDeclaredItems && !string.Equals(row.ItemKey, _lastItem, StringComparison.Ordinal)) AnswersUseDeclaredItems = false;
        Stats(row.Field).Observe(row.Value, row.ValueNum, row.Geometry);
        _writer.Gold(row);
        GoldCount++;
    }

    public void Skip(string reason) => Skip(reason, 1);

    public void Skip(string reason, long count)
    {
        SkippedCount += count;
        SkippedReasons[reason] = SkippedReasons.GetValueOrDefault(reason) + count;
    }

    public void Progress(long position)
    {
        if (_progress is null) return;
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastReport < 100 && position < _totalBytes) return;
        _lastReport = now;
        _progress.Report(new ImportProgress(Math.Min(position, _totalBytes), _totalBytes, AnnotationCount + GoldCount, _clock.Elapsed));
    }

    // Up to this many answers are checked for duplicates here (8 bytes each); bigger imports leave it to the merge.
    private const int MaxTrackedAnswers = 16_000_000;

    /// <summary>
    /// Whether two staged answers may share an answer id (the merge then keeps the last). Answers are tracked by a
    /// 64-bit hash of the id the merge uses, so "no" is certain and "maybe" (a hash collision, or too many answers
    /// to track) sends the merge to its exact check.
    /// </summary>
    public bool MayHaveDuplicateAnswers()
    {
        if (_answerKeyCount < 0) return true;
        var keys = _answerKeys.AsSpan(0, _answerKeyCount);
        keys.Sort();
        for (var i = 1; i < keys.Length; i++)
            if (keys[i] == keys[i - 1]) return true;
        return false;
    }

    // The merge's answer id: the source id, else item + U+001F + field + U+001F + annotator. Hashed as one string
    // (FNV-1a over UTF-16 code units) so that equal ids always collide.
    private void NoteAnswerKey(in AnnotationRow row)
    {
        if (_answerKeyCount < 0) return;
        if (_answerKeyCount == MaxTrackedAnswers)
        {
            _answerKeyCount = -1;
            _answerKeys = [];
            return;
        }
        var h = 14695981039346656037UL;
        if (row.SourceId is not null) h = Fnv(h, row.SourceId);
        else h = Fnv(Fnv(Fnv(Fnv(Fnv(h, row.ItemKey), "\u001f"), row.Field), "\u001f"), row.Annotator);
        if (_answerKeyCount == _answerKeys.Length) Array.Resize(ref _answerKeys, Math.Min(_answerKeys.Length * 2, MaxTrackedAnswers));
        _answerKeys[_answerKeyCount++] = (long)h;

        static ulong Fnv(ulong h, string s)
        {
            foreach (var c in s) h = (h ^ c) * 1099511628211UL;
            return h;
        }
    }

    /// <summary>Flushes the appenders: staging is complete and ready to merge.</summary>
    public void Complete()
    {
        // Every annotator of an answer is staged, declared or not, so the merge finds them all without scanning the answers.
        foreach (var key in _answerAnnotators.Order(StringComparer.Ordinal))
            if (!_declaredAnnotators.Contains(key)) _writer.Annotator(key, null);
        _writer.Complete();
    }

    public void Dispose()
    {
        // On a failed import the writer stops; its rows are dropped with the temp tables right after.
        _writer.Dispose();
        _connection.Execute("DROP TABLE IF EXISTS temp.stg_annotations; DROP TABLE IF EXISTS temp.stg_gold; DROP TABLE IF EXISTS temp.stg_items; DROP TABLE IF EXISTS temp.stg_annotators; DROP TABLE IF EXISTS temp.stg_resolved;");
    }

    private FieldStats Stats(string name)
    {
        if (_lastField is not null && string.Equals(_lastField.Name, name, StringComparison.Ordinal)) return _lastField;
        if (!_fields.TryGetValue(name, out var stats))
        {
            CheckKey(name, "field name");
            _fields[name] = stats = new FieldStats(name);
        }
        return _lastField = stats;
    }

    // Ids are keys, not documents: a 10 MB "id" is a broken file, not data.
    private const int MaxKeyLength = 1024;

    private void CheckKey(string key, string what, long? line = null)
    {
        if (key.Length > MaxKeyLength)
            throw new ImportException(_file, line, null, $"the {what} is {key.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long (the limit is {MaxKeyLength})");
    }
}

/// <summary>What an import saw of one field: enough to infer its kind and categories when the format does not say.</summary>
internal sealed class FieldStats(string name)
{
    private const int MaxCategories = 200;
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public FieldDefinition? Declared { get; set; }
    public long Count { get; private set; }
    public bool AllNumeric { get; private set; } = true;
    public bool AllInteger { get; private set; } = true;
    public bool AnyGeometry { get; private set; }
    public bool TooManyDistinct { get; private set; }
    public IReadOnlyCollection<string> Distinct => _distinct;

    public void Observe(string? value, double? num, string? geometry)
    {
        Count++;
        if (geometry is not null) { AnyGeometry = true; return; }
        if (num is null) AllNumeric = false;
        else if (Math.Abs(num.Value - Math.Round(num.Value)) > 0) AllInteger = false;
        if (value is not null && !TooManyDistinct)
        {
            _distinct.Add(value);
            if (_distinct.Count > MaxCategories) { TooManyDistinct = true; _distinct.Clear(); }
        }
    }

    /// <summary>
    /// The declared kind, else: spans when answers carry regions; ordinal when every answer is a whole number with
    /// at most 11 distinct values (a rating scale); numeric for other numbers; nominal for up to 200 distinct labels;
    /// free text beyond that.
    /// </summary>
    public FieldKind InferKind()
    {
        if (Declared?.Kind is { } k) return k;
        if (AnyGeometry) return FieldKind.Span;
        if (Count > 0 && AllNumeric)
            return AllInteger && !TooManyDistinct && _distinct.Count <= 11 ? FieldKind.Ordinal : FieldKind.Numeric;
        return TooManyDistinct ? FieldKind.Text : FieldKind.Nominal;
    }

    /// <summary>Categories in order: declared ones first, then the rest (numeric order for numbers, else ordinal string order).</summary>
    public List<string> Categories(FieldKind kind)
    {
        if (kind is not (FieldKind.Nominal or FieldKind.Ordinal or FieldKind.MultiLabel)) return [];
        var result = new List<string>(Declared?.Categories ?? []);
        var rest = _distinct.Where(d => !result.Contains(d, StringComparer.Ordinal));
        if (kind == FieldKind.MultiLabel) rest = rest.SelectMany(MultiLabelParts).Distinct(StringComparer.Ordinal).Where(d => !result.Contains(d, StringComparer.Ordinal));
        result.AddRange(AllNumeric
            ? rest.OrderBy(d => double.Parse(d, CultureInfo.InvariantCulture))
            : rest.Order(StringComparer.Ordinal));
        return result;
    }

    private static IEnumerable<string> MultiLabelParts(string value)
    {
        if (!value.StartsWith('[')) return [value];
        try { return System.Text.Json.JsonSerializer.Deserialize<string[]>(value) ?? []; }
        catch (System.Text.Json.JsonException) { return [value]; }
    }
}
