using System.Text.Json;
using Quality.Ingestion.Csv;

namespace Quality.Ingestion.LabelStudio;

/// <summary>
/// Label Studio's CSV/TSV export: one row per annotation; columns `id` (the task), `annotator`, `annotation_id`,
/// `created_at`, `updated_at`, `lead_time` (and `was_cancelled`, `agreement`), plus one column per data key and one
/// per control, all in alphabetical order. Controls whose values are Label Studio value objects (regions, several
/// choices, ratings…) are recognised by their content. A column of bare strings (one choice, one text) looks exactly
/// like a data column; it is read as a control only when two answers of one task differ in it (data never does).
/// Other such columns are reported as skipped: export JSON or JSON-MIN to import them.
/// </summary>
public sealed class LabelStudioCsvImporter : IImporter
{
    private static readonly JsonDocumentOptions CellOptions = new() { MaxDepth = 64 };

    public string Format => "label-studio-csv";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var first = LsSniff.FirstByte(head);
        if (first is (byte)'[' or (byte)'{' or (byte)'<' or 0) return 0;
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var newline = text.IndexOf('\n');
        var header = (newline >= 0 ? text[..newline] : text).TrimEnd('\r');
        var columns = CrowdCsvImporter.HeaderNames(header, DelimitedReader.DetectDelimiter(header, fileName));
        return columns.Contains("annotation_id") && columns.Contains("annotator") && columns.Contains("id") ? 95 : 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        if (!stream.CanSeek) throw new ImportException(file, null, null, "a Label Studio CSV export is read twice and needs a seekable file");

        var columns = Classify(stream, file, cancellationToken);
        stream.Position = 0;
        foreach (var (name, role) in columns.Roles)
            if (role == Role.Ambiguous)
                sink.Skip($"Label Studio CSV column '{name}' read as task data: a one-choice answer looks the same, and no two answers of a task differ in it (export JSON or JSON-MIN instead)");

        var reader = CrowdCsvImporter.OpenDelimited(stream, file, out var textReader);
        using var _ = textReader;
        var fields = new List<string>();
        reader.Read(fields);
        var answers = new LabelStudioAnswers();
        var text = new LsTaskText();
        var annotators = new LsAnnotators(source, sink);
        long rows = 0;
        while (reader.Read(fields))
        {
            var line = reader.RecordLine;
            if (fields.Count == 1 && fields[0].Length == 0) continue;
            if (fields.Count != columns.Names.Count)
                throw new ImportException(file, line, null, $"the row has {fields.Count} fields but the header has {columns.Names.Count}");
            var taskId = fields[columns.Id].Trim();
            if (taskId.Length == 0) throw new ImportException(file, line, "id", "the task id is empty");
            var annotationId = fields[columns.AnnotationId].Trim();
            var where = new LsWhere(file, 0, taskId, annotationId.Length > 0 ? annotationId : null, line);

            text.Reset();
            string? itemText = null, media = null;
            for (var i = 0; i < fields.Count; i++)
            {
                if (columns.Roles[i].Role is not (Role.Data or Role.Ambiguous) || fields[i].Length == 0) continue;
                if (columns.Names[i] == "text") itemText = fields[i];
                else if (LsMin.IsMediaKey(columns.Names[i])) media ??= fields[i];
                text.Add(fields[i]);
            }
            sink.Item(taskId, itemText, media);
            if (annotationId.Length == 0)
            {
                sink.Skip("task without annotations (row with no annotation_id)");
                continue;
            }
            if (columns.Cancelled >= 0 && fields[columns.Cancelled].Trim() is "True" or "true" or "1")
            {
                sink.Skip("cancelled annotation (was_cancelled)");
                continue;
            }
            var gold = source.Request.AsGold;
            var annotator = gold ? null : annotators.Resolve(fields[columns.Annotator], where);

            for (var i = 0; i < fields.Count; i++)
            {
                if (columns.Roles[i].Role != Role.Control || fields[i].Length == 0) continue;
                var cell = fields[i];
                using var parsed = Result(cell);
                if (parsed is not null)
                {
                    foreach (var value in LsMin.Values(parsed.RootElement))
                        if (answers.Add(columns.Names[i], null, value, null, null, null, text, where) is { } skip) sink.Skip(skip);
                }
                else answers.AddBareString(columns.Names[i], cell);
            }
            if (answers.Count == 0)
            {
                sink.Skip("annotation with an empty result");
                continue;
            }
            var created = columns.Created >= 0 ? LsJson.Time(fields[columns.Created], "created_at", where) : null;
            var lead = columns.Lead >= 0 ? LsJson.LeadTime(fields[columns.Lead], where) : null;
            foreach (var (field, value, num, geometry) in answers.Drain())
            {
                if (gold) sink.Gold(new GoldRow(taskId, field, value, num, geometry, line));
                else sink.Annotation(new AnnotationRow(taskId, field, annotator!, value, num, geometry, created, lead,
                    string.Concat("ls:", annotationId, ":", field), null, line));
            }
            if ((++rows & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(stream.Position);
            }
        }
        foreach (var definition in answers.Definitions()) sink.Field(definition);
        sink.Progress(stream.Position);
    }

    private enum Role { Meta, Control, Data, Ambiguous }

    private sealed record Columns(List<string> Names, List<(string Name, Role Role)> Roles, int Id, int Annotator, int AnnotationId, int Created, int Lead, int Cancelled);

    // First pass: a column is a control when a cell holds a Label Studio value, or when two consecutive answers of
    // one task differ in it (the exporter writes a task's annotations one after another).
    private static Columns Classify(Stream stream, string file, CancellationToken cancellationToken)
    {
        var reader = CrowdCsvImporter.OpenDelimited(stream, file, out var textReader);
        using var _ = textReader;
        var fields = new List<string>();
        if (!reader.Read(fields)) throw new ImportException(file, 1, null, "the file is empty");
        var names = fields.Select(CrowdCsvImporter.NormaliseName).ToList();
        int Find(string name) => names.IndexOf(name);
        var (id, annotator, annotationId) = (Find("id"), Find("annotator"), Find("annotation_id"));
        if (id < 0 || annotationId < 0 || annotator < 0)
            throw new ImportException(file, 1, null, $"a Label Studio CSV export has the columns id, annotator and annotation_id; the header has: {string.Join(", ", fields)}");

        var n = names.Count;
        var result = new bool[n];
        var json = new bool[n];
        var varies = new bool[n];
        var filled = new bool[n];
        string[]? previous = null;
        var rows = 0;
        while (reader.Read(fields))
        {
            if (fields.Count == 1 && fields[0].Length == 0) continue;
            if (fields.Count != n)
                throw new ImportException(file, reader.RecordLine, null, $"the row has {fields.Count} fields but the header has {n}");
            var sameTask = previous is not null && previous[id] == fields[id] && fields[annotationId].Length > 0 && previous[annotationId].Length > 0;
            for (var i = 0; i < n; i++)
            {
                if (LsMin.IsMeta(names[i]) || fields[i].Length == 0) continue;
                var cell = fields[i];
                filled[i] = true;
                if (cell[0] is '[' or '{')
                {
                    using var parsed = TryParse(cell);
                    if (parsed is not null)
                    {
                        if (LsMin.IsResult(parsed.RootElement)) result[i] = true;
                        else json[i] = true;
                        continue;
                    }
                }
                if (sameTask && previous![i] != cell) varies[i] = true;
            }
            previous = [.. fields];
            if ((++rows & 0x3FFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }

        var roles = new List<(string, Role)>(n);
        for (var i = 0; i < n; i++)
        {
            var role = LsMin.IsMeta(names[i]) ? Role.Meta
                : result[i] ? Role.Control
                : json[i] ? Role.Data
                : varies[i] ? Role.Control
                : filled[i] ? Role.Ambiguous
                : Role.Data;
            roles.Add((names[i], role));
        }
        return new Columns(names, roles, id, annotator, annotationId, Find("created_at"), Find("lead_time"), Find("was_cancelled"));
    }

    private static JsonDocument? Result(string cell)
    {
        if (cell.Length == 0 || cell[0] is not ('[' or '{')) return null;
        var doc = TryParse(cell);
        if (doc is not null && LsMin.IsResult(doc.RootElement)) return doc;
        doc?.Dispose();
        return null;
    }

    private static JsonDocument? TryParse(string cell)
    {
        try { return JsonDocument.Parse(cell, CellOptions); }
        catch (JsonException) { return null; }
    }
}
