using System.Globalization;
using System.Text;

namespace Quality.Ingestion.Csv;

/// <summary>
/// Long-format crowd label CSV/TSV: one answer per row, columns found by their usual names
/// (item|task|question|orig_id, annotator|worker|rater, label|answer|response, optional field,
/// created_at, lead_time_s, gold|truth, annotation id). Delimiter and a UTF-8 BOM are detected.
/// </summary>
public sealed class CrowdCsvImporter : IImporter
{
    public const string DefaultField = "label";

    internal static readonly string[] ItemNames = ["item", "task", "question", "orig_id", "item_id", "task_id", "item_key"];
    internal static readonly string[] AnnotatorNames = ["annotator", "worker", "rater", "amt_worker_ids", "worker_id", "annotator_id", "rater_id"];
    internal static readonly string[] LabelNames = ["label", "answer", "response", "value"];
    internal static readonly string[] FieldNames = ["field", "question_field", "attribute"];
    internal static readonly string[] CreatedNames = ["created_at", "timestamp", "time", "submitted_at"];
    internal static readonly string[] LeadNames = ["lead_time_s", "lead_time", "duration_s", "seconds"];
    internal static readonly string[] GoldNames = ["gold", "truth", "gold_label", "true_label"];
    internal static readonly string[] SourceNames = ["annotation_id", "amt_annotation_ids", "id", "source_id"];

    public string Format => "csv";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var firstLine = text.Split('\n')[0].TrimEnd('\r');
        if (firstLine.StartsWith('{') || firstLine.StartsWith('[') || firstLine.StartsWith('<')) return 0;
        var columns = HeaderNames(firstLine, DelimitedReader.DetectDelimiter(firstLine, fileName));
        var hasItem = columns.Any(c => ItemNames.Contains(c));
        var hasAnnotator = columns.Any(c => AnnotatorNames.Contains(c));
        var hasLabel = columns.Any(c => LabelNames.Contains(c));
        if (hasItem && hasAnnotator && hasLabel) return 90;
        return ext is ".csv" or ".tsv" or ".txt" ? 20 : 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var reader = OpenDelimited(stream, file, out var text);
        using var _ = text;
        var fields = new List<string>(16);
        if (!reader.Read(fields)) throw new ImportException(file, 1, null, "the file is empty");
        var header = fields.Select(NormaliseName).ToList();

        int Find(string[] names) => header.FindIndex(names.Contains);
        var itemCol = Find(ItemNames);
        var annotatorCol = Find(AnnotatorNames);
        var labelCol = Find(LabelNames);
        var fieldCol = Find(FieldNames);
        var createdCol = Find(CreatedNames);
        var leadCol = Find(LeadNames);
        var goldCol = Find(GoldNames);
        var sourceCol = Find(SourceNames);

        var missing = new List<string>();
        if (itemCol < 0) missing.Add("item (or task, question, orig_id)");
        if (annotatorCol < 0 && source.Request.Annotator is null) missing.Add("annotator (or worker, rater)");
        if (labelCol < 0) missing.Add("label (or answer, response)");
        if (missing.Count > 0)
            throw new ImportException(file, 1, null,
                $"missing required column{(missing.Count > 1 ? "s" : "")}: {string.Join("; ", missing)}. The header has: {string.Join(", ", fields)}");

        var goldSeen = new HashSet<(string, string)>();
        long rows = 0;
        while (reader.Read(fields))
        {
            var line = reader.RecordLine;
            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Count != header.Count)
                throw new ImportException(file, line, null,
                    $"the row has {fields.Count} field{(fields.Count == 1 ? "" : "s")} but the header has {header.Count}");

            var item = fields[itemCol].Trim();
            if (item.Length == 0) throw new ImportException(file, line, header[itemCol], "the item is empty");
            var annotator = annotatorCol >= 0 ? fields[annotatorCol].Trim() : source.Request.Annotator!;
            if (annotator.Length == 0) throw new ImportException(file, line, header[annotatorCol], "the annotator is empty");
            var field = fieldCol >= 0 && fields[fieldCol].Trim().Length > 0 ? fields[fieldCol].Trim() : DefaultField;
            var label = fields[labelCol].Trim();

            DateTime? created = null;
            if (createdCol >= 0 && fields[createdCol].Length > 0)
            {
                if (!Timestamps.TryParse(fields[createdCol], out var t))
                    throw new ImportException(file, line, header[createdCol], $"'{Shorten(fields[createdCol])}' is not a time stamp (ISO-8601 or epoch seconds)");
                created = t;
            }
            double? lead = null;
            if (leadCol >= 0 && fields[leadCol].Length > 0)
            {
                if (!double.TryParse(fields[leadCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var l) || !double.IsFinite(l) || l < 0)
                    throw new ImportException(file, line, header[leadCol], $"'{Shorten(fields[leadCol])}' is not a non-negative number of seconds");
                lead = l;
            }

            if (goldCol >= 0)
            {
                var gold = fields[goldCol].Trim();
                if (gold.Length > 0 && goldSeen.Add((item, field)))
                {
                    var (gv, gn, gg) = ValueParts(gold);
                    sink.Gold(new GoldRow(item, field, gv, gn, gg, line));
                }
            }

            if (label.Length == 0)
            {
                sink.Skip("empty label");
                continue;
            }
            var (value, num, geometry) = ValueParts(label);
            // A file's id column need not name one answer (Snow et al.'s AMT ids cover a whole HIT of items),
            // so the id is qualified by what the answer is about; re-exports still map to the same id.
            var sourceId = sourceCol >= 0 && fields[sourceCol].Length > 0
                ? string.Concat(fields[sourceCol], "\u001F", item, "\u001F", field, "\u001F", annotator)
                : null;
            if (source.Request.AsGold)
                sink.Gold(new GoldRow(item, field, value, num, geometry, line));
            else
                sink.Annotation(new AnnotationRow(item, field, annotator, value, num, geometry, created, lead, sourceId, null, line));

            if ((++rows & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(stream.Position);
            }
        }
        sink.Progress(stream.Position);
    }

    /// <summary>A label cell as stored: spans written as a JSON array become geometry; numbers get their value.</summary>
    internal static (string? Value, double? Num, string? Geometry) ValueParts(string label)
    {
        if (label.StartsWith('[') && label.EndsWith(']') && (label.Length == 2 || label[1] == '{'))
            return (SpanLabels(label), null, label);
        double? num = double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
        return (label, num, null);
    }

    // The sorted labels of a region list, so a span answer still has a comparable summary value.
    private static string SpanLabels(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var labels = doc.RootElement.EnumerateArray()
                .Select(e => e.TryGetProperty("label", out var l) ? l.GetString() ?? "" : "")
                .Order(StringComparer.Ordinal);
            return string.Join("|", labels);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    /// <summary>Header names normalised: trimmed, lower case, without a leading '!' (Snow et al.'s files).</summary>
    internal static List<string> HeaderNames(string headerLine, char delimiter) =>
        headerLine.Split(delimiter).Select(NormaliseName).ToList();

    internal static string NormaliseName(string s) => s.Trim().Trim('"').TrimStart('!').Trim().ToLowerInvariant();

    /// <summary>Opens a delimited reader, choosing the delimiter from the first line (the stream must be seekable).</summary>
    internal static DelimitedReader OpenDelimited(Stream stream, string file, out StreamReader text)
    {
        var head = new byte[1 << 16];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var decoded = Encoding.UTF8.GetString(head, 0, n).TrimStart('\uFEFF');
        var newline = decoded.IndexOf('\n');
        var first = (newline >= 0 ? decoded[..newline] : decoded).TrimEnd('\r');
        if (string.IsNullOrWhiteSpace(first)) throw new ImportException(file, 1, null, "the file is empty");
        text = TextDecoding.OpenReader(stream);
        return new DelimitedReader(text, DelimitedReader.DetectDelimiter(first, file), file);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Reads a separate gold file: `item[,field],gold` (header names as for the main file).</summary>
    public static void ReadGoldFile(Stream stream, string file, IImportSink sink)
    {
        var reader = OpenDelimited(stream, file, out var text);
        using var _ = text;
        var fields = new List<string>();
        if (!reader.Read(fields)) throw new ImportException(file, 1, null, "the file is empty");
        var header = fields.Select(NormaliseName).ToList();
        var itemCol = header.FindIndex(ItemNames.Contains);
        var goldCol = header.FindIndex(GoldNames.Contains);
        if (goldCol < 0) goldCol = header.FindIndex(LabelNames.Contains);
        var fieldCol = header.FindIndex(FieldNames.Contains);
        if (itemCol < 0 || goldCol < 0)
            throw new ImportException(file, 1, null, $"a gold file needs the columns item and gold (or truth); the header has: {string.Join(", ", fields)}");
        var seen = new HashSet<(string, string)>();
        while (reader.Read(fields))
        {
            var line = reader.RecordLine;
            if (fields.Count == 1 && fields[0].Length == 0) continue;
            if (fields.Count != header.Count)
                throw new ImportException(file, line, null, $"the row has {fields.Count} fields but the header has {header.Count}");
            var item = fields[itemCol].Trim();
            if (item.Length == 0) throw new ImportException(file, line, header[itemCol], "the item is empty");
            var field = fieldCol >= 0 && fields[fieldCol].Trim().Length > 0 ? fields[fieldCol].Trim() : DefaultField;
            var gold = fields[goldCol].Trim();
            if (gold.Length == 0) { sink.Skip("empty gold answer"); continue; }
            if (!seen.Add((item, field)))
                throw new ImportException(file, line, header[itemCol], $"item '{item}' has a second gold answer for field '{field}'");
            var (v, n, g) = ValueParts(gold);
            sink.Gold(new GoldRow(item, field, v, n, g, line));
        }
    }
}
