using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Quality.Ingestion.Json;
using Quality.Ingestion.Regions;

namespace Quality.Ingestion.Doccano;

/// <summary>
/// doccano sequence-labeling JSONL, one file per annotator (--annotator) or a reference set (--gold): one line per
/// example, spans as `label: [[start, end, "label"], …]` or `entities: [{start_offset, end_offset, label}]`.
/// doccano counts offsets in UTF-16 code units (its JavaScript front end); they are stored as code points.
/// Items are keyed by the doccano id, which per-user exports of one project share.
/// </summary>
public sealed class DoccanoImporter : IImporter
{
    public const string SpansField = "entities";

    public string Format => "doccano";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (JsonHead.FirstLine(head) is not { } first) return 0;
        // Other tools' JSON lines also carry "text" and "label"; these keys are theirs, never doccano's.
        foreach (var foreign in new[] { "\"_input_hash\"", "\"_task_hash\"", "\"data_row\"", "\"annotations\"", "\"data\"" })
            if (first.Contains(foreign, StringComparison.Ordinal)) return 0;
        try
        {
            using var doc = JsonDocument.Parse(first);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String) return 0;
            if (root.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array) return 85;
            // Labels that are strings are doccano's text classification: recognised, so the import can say it is not read.
            if (root.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Array
                && (label.GetArrayLength() == 0 || label[0].ValueKind is JsonValueKind.Array or JsonValueKind.String)) return 85;
            return 0;
        }
        catch (JsonException)
        {
            // The first line is longer than the head, or broken: judge by its keys.
            return first.Contains("\"text\"", StringComparison.Ordinal)
                && (first.Contains("\"label\"", StringComparison.Ordinal) || first.Contains("\"entities\"", StringComparison.Ordinal)) ? 50 : 0;
        }
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var request = source.Request;
        var annotator = request.AsGold ? null : request.Annotator
            ?? throw new ImportException(file, null, null, "a doccano export names no annotator; pass --annotator NAME (or --gold for a reference set)");
        sink.Field(new FieldDefinition(SpansField, FieldKind.Span));
        if (annotator is not null) sink.Annotator(annotator, null);
        var regions = new RegionList();
        JsonStreaming.ReadLines(stream, file, (element, line) =>
        {
            var r = new JsonRecord(element, file, line).RequireObject("a doccano example");
            var text = r.RequiredString("text");
            var item = r.Id("id") ?? TextKey(text);
            var offsets = new TextOffsets(text);
            regions.Clear();
            if (r.Array("label") is { } label)
            {
                foreach (var span in label.EnumerateArray())
                {
                    if (span.ValueKind != JsonValueKind.Array || span.GetArrayLength() != 3)
                        throw r.Error(span.ValueKind == JsonValueKind.String
                            ? "the labels have no offsets: this is a doccano text-classification export, which Quality does not read (import it as CSV)"
                            : $"a label should be [start, end, \"label\"], found {JsonRecord.Describe(span)}");
                    AddSpan(r, regions, text, offsets, r.LongOf(span[0], "a span start"), r.LongOf(span[1], "a span end"), r.StringOf(span[2], "a span label"));
                }
            }
            else if (r.Array("entities") is { } entities)
            {
                foreach (var entity in entities.EnumerateArray())
                {
                    var e = r.Child(entity).RequireObject("an entity");
                    AddSpan(r, regions, text, offsets,
                        e.Long("start_offset") ?? throw r.Error("an entity has no start_offset"),
                        e.Long("end_offset") ?? throw r.Error("an entity has no end_offset"),
                        e.String("label") ?? throw r.Error("an entity has no label"));
                }
            }
            else throw r.Error("the line has neither \"label\" nor \"entities\": not a doccano sequence-labeling export");

            sink.Item(item, text, null);
            var (value, geometry) = regions.Finish();
            if (annotator is null) sink.Gold(new GoldRow(item, SpansField, value, null, geometry, line));
            else sink.Annotation(new AnnotationRow(item, SpansField, annotator, value, null, geometry, null, null, null, null, line));
            if ((line & 0x3FFF) == 0) sink.Progress(stream.Position);
        }, cancellationToken);
        sink.Progress(stream.Position);
    }

    // doccano offsets are UTF-16 code units; Quality stores code points.
    private static void AddSpan(JsonRecord r, RegionList regions, string text, TextOffsets offsets, long start, long end, string label)
    {
        var s = offsets.FromUtf16(start);
        var e = offsets.FromUtf16(end);
        if (s is null || e is null || start >= end)
            throw r.Error($"span [{start}, {end}] '{label}' does not fit the text ({text.Length} UTF-16 code units)" +
                (s is null || e is null ? "" : ": it is empty or reversed"));
        regions.Span(s.Value, e.Value, label, text[(int)start..(int)end]);
    }

    /// <summary>The key of an item known only by its text: "text:" and the first 16 hex digits of its SHA-256.</summary>
    public static string TextKey(string text) => "text:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
