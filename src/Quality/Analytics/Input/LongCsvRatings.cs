using System.Globalization;
using System.Text;
using Quality.Ingestion;
using Quality.Ingestion.Csv;

namespace Quality.Analytics.Input;

/// <summary>The ratings of one field read from a long CSV, with each item's gold label code (−1 = no gold).</summary>
public sealed record FieldRatings(string Field, RatingSet Ratings, int[] GoldByItem)
{
    public int GoldItemCount => GoldByItem.Count(g => g >= 0);
}

/// <summary>
/// Reads `item,annotator,label[,field][,gold]` CSV/TSV straight into <see cref="RatingSet"/>s, without a database:
/// the fast path behind `quality agreement --input`. Bytes are parsed in place and names interned through span
/// lookups, so a string is allocated only for a name seen for the first time.
/// </summary>
public static class LongCsvRatings
{
    /// <summary>A field with more distinct labels than this is free text, not categories.</summary>
    public const int MaxCategories = 1000;

    public static IReadOnlyList<FieldRatings> Read(string path, string? goldPath = null)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path)) throw new QualityException($"{file}: no such file");
        var fields = new Dictionary<string, FieldBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        FieldBuilder Field(string name)
        {
            if (!fields.TryGetValue(name, out var b))
            {
                fields[name] = b = new FieldBuilder(name);
                order.Add(name);
            }
            return b;
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            if (stream.Length == 0) throw new ImportException(file, null, null, "the file is empty");
            var reader = new LineReader(stream, file);
            if (!reader.Next(out var headerLine)) throw new ImportException(file, 1, null, "the file is empty");
            var headerText = Encoding.UTF8.GetString(headerLine);
            var delimiter = (byte)DelimitedReader.DetectDelimiter(headerText, file);
            var header = CrowdCsvImporter.HeaderNames(headerText, (char)delimiter);
            int Find(string[] names) => header.FindIndex(names.Contains);
            var itemCol = Find(CrowdCsvImporter.ItemNames);
            var raterCol = Find(CrowdCsvImporter.AnnotatorNames);
            var labelCol = Find(CrowdCsvImporter.LabelNames);
            var fieldCol = Find(CrowdCsvImporter.FieldNames);
            var goldCol = Find(CrowdCsvImporter.GoldNames);
            if (itemCol < 0 || raterCol < 0 || labelCol < 0)
                throw new ImportException(file, 1, null, $"the header needs item, annotator and label columns (or their aliases); it has: {headerText.Trim()}");

            var columns = header.Count;
            Span<Range> cells = new Range[columns + 1];
            FieldBuilder? single = fieldCol < 0 ? Field(CrowdCsvImporter.DefaultField) : null;
            var scratch = new char[256];
            while (reader.Next(out var line))
            {
                if (line.IsEmpty) continue;
                var n = Split(line, delimiter, cells, out var quoted);
                if (quoted)
                {
                    // Rare: a quoted cell. Take the general reader's path for this one line.
                    var parsed = SplitQuoted(Encoding.UTF8.GetString(line), (char)delimiter, file, reader.LineNumber);
                    if (parsed.Count != columns) throw Ragged(file, reader.LineNumber, parsed.Count, columns);
                    var fb = single ?? Field(parsed[fieldCol].Length == 0 ? CrowdCsvImporter.DefaultField : parsed[fieldCol]);
                    if (parsed[labelCol].Length > 0) fb.Add(parsed[itemCol], parsed[raterCol], parsed[labelCol]);
                    if (goldCol >= 0 && parsed[goldCol].Length > 0) fb.AddGold(parsed[itemCol], parsed[goldCol]);
                    continue;
                }
                if (n != columns) throw Ragged(file, reader.LineNumber, n, columns);
                var builder = single;
                if (builder is null)
                {
                    var f = line[cells[fieldCol]];
                    builder = Field(f.IsEmpty ? CrowdCsvImporter.DefaultField : Encoding.UTF8.GetString(f));
                }
                var label = line[cells[labelCol]];
                var item = line[cells[itemCol]];
                if (item.IsEmpty) throw new ImportException(file, reader.LineNumber, header[itemCol], "the item is empty");
                if (!label.IsEmpty) builder.Add(item, line[cells[raterCol]], label, ref scratch);
                if (goldCol >= 0 && !line[cells[goldCol]].IsEmpty)
                    builder.AddGold(Encoding.UTF8.GetString(item), Encoding.UTF8.GetString(line[cells[goldCol]]));
            }
        }

        if (goldPath is not null) ReadGold(goldPath, Field);
        if (order.Count == 0 || fields.Values.All(f => f.Count == 0))
            throw new ImportException(file, null, null, "the file holds no ratings");
        // Agreement coefficients are for categories: span answers (JSON regions) and free text are left out.
        return order.Select(name => fields[name]).Where(f => f.IsCategorical).Select(f => f.Build()).Where(f => f.Ratings.Count > 0).ToList();
    }

    private static ImportException Ragged(string file, long line, int got, int want) =>
        new(file, line, null, $"the row has {got} field{(got == 1 ? "" : "s")} but the header has {want}");

    private static void ReadGold(string path, Func<string, FieldBuilder> field)
    {
        var sink = new GoldSink(field);
        using var stream = File.OpenRead(path);
        CrowdCsvImporter.ReadGoldFile(stream, Path.GetFileName(path), sink);
    }

    // Splits on the delimiter; reports whether a quote appears (then the caller takes the general path).
    private static int Split(ReadOnlySpan<byte> line, byte delimiter, Span<Range> cells, out bool quoted)
    {
        quoted = line.IndexOf((byte)'"') >= 0;
        if (quoted) return 0;
        var n = 0;
        var start = 0;
        while (true)
        {
            var rel = line[start..].IndexOf(delimiter);
            var end = rel < 0 ? line.Length : start + rel;
            if (n < cells.Length) cells[n] = new Range(start, TrimEnd(line, start, end));
            n++;
            if (rel < 0) return n;
            start = end + 1;
        }
    }

    private static int TrimEnd(ReadOnlySpan<byte> line, int start, int end)
    {
        while (end > start && line[end - 1] == (byte)' ') end--;
        return end;
    }

    private static List<string> SplitQuoted(string line, char delimiter, string file, long lineNumber)
    {
        var cells = new List<string>();
        using var r = new StringReader(line);
        var reader = new DelimitedReader(r, delimiter, file);
        reader.Read(cells);
        return cells.Select(c => c.Trim()).ToList();
    }

    private sealed class GoldSink(Func<string, FieldBuilder> field) : IImportSink
    {
        public void Field(FieldDefinition f) { }
        public void Item(string itemKey, string? text, string? mediaRef) { }
        public void Annotator(string key, string? displayName) { }
        public void Annotation(in AnnotationRow row) { }
        public void Gold(in GoldRow row) => field(row.Field).AddGold(row.ItemKey, row.Value ?? "");
        public void Skip(string reason) { }
        public void Progress(long position) { }
    }

    /// <summary>Interns names of one field and grows the coded arrays.</summary>
    private sealed class FieldBuilder(string name)
    {
        private readonly Interner _items = new(), _raters = new(), _labels = new();
        private int[] _i = new int[1024], _r = new int[1024], _l = new int[1024];
        private readonly Dictionary<string, string> _gold = new(StringComparer.Ordinal);

        public int Count { get; private set; }

        /// <summary>At most <see cref="MaxCategories"/> distinct labels, none of them a JSON region list.</summary>
        public bool IsCategorical => _labels.Names.Count <= MaxCategories && !_labels.Names.Any(n => n.StartsWith("[{", StringComparison.Ordinal));

        // Long files list an item's answers together: remembering the last item spares most dictionary lookups.
        private byte[] _lastItem = new byte[64];
        private int _lastItemLength = -1, _lastItemCode;

        public void Add(ReadOnlySpan<byte> item, ReadOnlySpan<byte> rater, ReadOnlySpan<byte> label, ref char[] scratch)
        {
            int itemCode;
            if (_lastItemLength == item.Length && item.SequenceEqual(_lastItem.AsSpan(0, _lastItemLength))) itemCode = _lastItemCode;
            else
            {
                itemCode = _items.Code(item, ref scratch);
                if (_lastItem.Length < item.Length) _lastItem = new byte[item.Length * 2];
                item.CopyTo(_lastItem);
                _lastItemLength = item.Length;
                _lastItemCode = itemCode;
            }
            Push(itemCode, _raters.Code(rater, ref scratch), _labels.Code(label, ref scratch));
        }

        public void Add(string item, string rater, string label) => Push(_items.Code(item), _raters.Code(rater), _labels.Code(label));

        public void AddGold(string item, string gold) => _gold.TryAdd(item, gold);

        private void Push(int i, int r, int l)
        {
            if (Count == _i.Length)
            {
                Array.Resize(ref _i, Count * 2);
                Array.Resize(ref _r, Count * 2);
                Array.Resize(ref _l, Count * 2);
            }
            _i[Count] = i;
            _r[Count] = r;
            _l[Count] = l;
            Count++;
        }

        public FieldRatings Build()
        {
            // Gold labels nobody used are still categories of the field.
            foreach (var g in _gold.Values) _labels.Code(g);
            var names = _labels.Names;
            var numeric = names.Count > 0 && names.All(IsNumber);
            var order = numeric
                ? names.OrderBy(n => double.Parse(n, CultureInfo.InvariantCulture)).ToList()
                : names.Order(StringComparer.Ordinal).ToList();
            var position = new int[names.Count];
            for (var k = 0; k < order.Count; k++) position[_labels.Code(order[k])] = k;
            var labels = new int[Count];
            for (var k = 0; k < Count; k++) labels[k] = position[_l[k]];
            var values = numeric ? order.Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray() : null;

            var gold = new int[_items.Names.Count];
            Array.Fill(gold, -1);
            foreach (var (item, label) in _gold)
                if (_items.TryCode(item, out var code)) gold[code] = position[_labels.Code(label)];

            var set = new RatingSet(_i[..Count], _r[..Count], labels, _items.Names, _raters.Names, order, isOrdered: numeric, values);
            return new FieldRatings(name, set, gold);
        }

        private static bool IsNumber(string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);
    }

    /// <summary>Name → dense code; looks up UTF-8 bytes through a char span so known names allocate nothing.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        public List<string> Names { get; } = [];

        public Interner() => _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();

        public int Code(ReadOnlySpan<byte> utf8, ref char[] scratch)
        {
            if (scratch.Length < utf8.Length) scratch = new char[utf8.Length * 2];
            var n = Encoding.UTF8.GetChars(utf8, scratch);
            var chars = scratch.AsSpan(0, n);
            if (_lookup.TryGetValue(chars, out var code)) return code;
            return Code(new string(chars));
        }

        public int Code(string name)
        {
            if (_codes.TryGetValue(name, out var code)) return code;
            code = Names.Count;
            _codes[name] = code;
            Names.Add(name);
            return code;
        }

        public bool TryCode(string name, out int code) => _codes.TryGetValue(name, out code);
    }

    /// <summary>Lines of a UTF-8 file as byte spans (BOM and CR removed), with strict UTF-8 checking of each line.</summary>
    private sealed class LineReader(Stream stream, string file)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _start, _end;
        private bool _eof;
        public long LineNumber { get; private set; }

        public bool Next(out ReadOnlySpan<byte> line)
        {
            while (true)
            {
                var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    line = Finish(_start, _start + nl);
                    _start += nl + 1;
                    return true;
                }
                if (_eof)
                {
                    if (_start < _end)
                    {
                        line = Finish(_start, _end);
                        _start = _end;
                        return true;
                    }
                    line = default;
                    return false;
                }
                Refill();
            }
        }

        private ReadOnlySpan<byte> Finish(int from, int to)
        {
            LineNumber++;
            var span = _buffer.AsSpan(from, to - from);
            if (LineNumber == 1 && span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
            if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
            if (!System.Text.Unicode.Utf8.IsValid(span))
                throw new ImportException(file, LineNumber, null, "the line is not valid UTF-8; save the file as UTF-8");
            return span;
        }

        private void Refill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            _end += n;
        }
    }
}
