using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;
using Quality.Ingestion.Csv;
using Quality.Storage;

namespace Quality.Ingestion.Parquet;

/// <summary>
/// Long-format crowd labels in Parquet, with the crowd CSV's columns (item, annotator, label, optional field,
/// created_at, lead_time_s, gold, annotation id) found by the same names. Read by DuckDB on its own in-memory
/// connection and streamed row by row into the sink.
/// </summary>
public sealed class ParquetImporter : IImporter
{
    public string Format => "parquet";

    public int Detect(ReadOnlySpan<byte> head, string fileName) =>
        head.Length >= 8 && head.StartsWith("PAR1"u8) ? 100 : 0;

    private sealed record Column(int Ordinal, string Name, string Type);

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var file = source.DisplayName;
        var request = source.Request;
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        // Table functions take their path as a literal, not a parameter.
        var from = $"read_parquet('{source.Path.Replace("'", "''", StringComparison.Ordinal)}')";

        List<Column> columns;
        long total;
        try
        {
            columns = connection.Query($"DESCRIBE SELECT * FROM {from}", r => (r.GetString(0), r.GetString(1)))
                .Select((c, i) => new Column(i, c.Item1, c.Item2)).ToList();
            total = connection.ScalarLong($"SELECT count(*) FROM {from}");
        }
        catch (DuckDBException ex)
        {
            throw Unreadable(file, ex);
        }

        Column? Find(string[] names) => columns.FirstOrDefault(c => names.Contains(CrowdCsvImporter.NormaliseName(c.Name)));
        var item = Find(CrowdCsvImporter.ItemNames);
        var annotator = Find(CrowdCsvImporter.AnnotatorNames);
        var label = Find(CrowdCsvImporter.LabelNames);
        var field = Find(CrowdCsvImporter.FieldNames);
        var created = Find(CrowdCsvImporter.CreatedNames);
        var lead = Find(CrowdCsvImporter.LeadNames);
        var gold = Find(CrowdCsvImporter.GoldNames);
        var sourceId = Find(CrowdCsvImporter.SourceNames);

        var missing = new List<string>();
        if (item is null) missing.Add("item (or task, question, orig_id)");
        if (annotator is null && request.Annotator is null && !request.AsGold) missing.Add("annotator (or worker, rater)");
        if (label is null) missing.Add("label (or answer, response)");
        if (missing.Count > 0)
            throw new ImportException(file, null, null,
                $"missing required column{(missing.Count > 1 ? "s" : "")}: {string.Join("; ", missing)}. The file has: {string.Join(", ", columns.Select(c => c.Name))}");

        var selected = new[] { item, annotator, label, field, created, lead, gold, sourceId };
        foreach (var c in selected.OfType<Column>())
            if (c != created && !IsScalar(c.Type))
                throw new ImportException(file, null, c.Name, $"the column has type {c.Type}; expected text or numbers");
        if (created is not null && !IsScalar(created.Type) && !IsTimestamp(created.Type))
            throw new ImportException(file, null, created.Name, $"the column has type {created.Type}; expected a timestamp, text or epoch seconds");

        // Timestamps come out as epoch microseconds: the instant of a zoned one, a zone-less one taken as UTC (a cast
        // to TIMESTAMPTZ would apply the machine's time zone instead).
        var sql = "SELECT " + string.Join(", ", selected.Select(c => c is null ? "NULL"
            : c != created || !IsTimestamp(c.Type) ? Quote(c.Name)
            : c.Type == "DATE" ? $"epoch_us(CAST({Quote(c.Name)} AS TIMESTAMP))" : $"epoch_us({Quote(c.Name)})")) + $" FROM {from}";

        var goldSeen = new HashSet<(string, string)>();
        var annotators = new HashSet<string>(StringComparer.Ordinal);
        long row = 0;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.UseStreamingMode = true;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                row++;
                var itemKey = Text(reader, 0, item!, file, row)?.Trim();
                if (string.IsNullOrEmpty(itemKey)) throw Error(file, row, item!, "the item is empty");
                var who = annotator is null ? request.Annotator ?? "" : Text(reader, 1, annotator, file, row)?.Trim() ?? "";
                if (who.Length == 0 && !request.AsGold) throw Error(file, row, annotator!, "the annotator is empty");
                var fieldName = field is null ? null : Text(reader, 3, field, file, row)?.Trim();
                if (string.IsNullOrEmpty(fieldName)) fieldName = CrowdCsvImporter.DefaultField;

                if (gold is not null && Text(reader, 6, gold, file, row)?.Trim() is { Length: > 0 } g && goldSeen.Add((itemKey, fieldName)))
                {
                    var (gv, gn, gg) = CrowdCsvImporter.ValueParts(g);
                    sink.Gold(new GoldRow(itemKey, fieldName, gv, gn, gg, row));
                }

                var labelText = Text(reader, 2, label!, file, row)?.Trim();
                if (string.IsNullOrEmpty(labelText))
                {
                    sink.Skip("empty label");
                    continue;
                }
                var (value, num, geometry) = CrowdCsvImporter.ValueParts(labelText);
                if (request.AsGold)
                {
                    sink.Gold(new GoldRow(itemKey, fieldName, value, num, geometry, row));
                    continue;
                }
                if (annotators.Add(who)) sink.Annotator(who, null);
                // An id column may name a whole work unit (Snow et al.'s AMT assignment ids cover 20 items), so the
                // answer's id is made unique per item and field.
                var id = sourceId is null ? null : Text(reader, 7, sourceId, file, row) is { Length: > 0 } s ? $"{s}|{itemKey}|{fieldName}" : null;
                sink.Annotation(new AnnotationRow(itemKey, fieldName, who, value, num, geometry,
                    created is null ? null : Created(reader, created, file, row), lead is null ? null : LeadTime(reader, lead, file, row),
                    id, null, row));

                if ((row & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    sink.Progress(total == 0 ? 0 : stream.Length * row / total);
                }
            }
        }
        catch (DuckDBException ex)
        {
            throw Unreadable(file, ex, row + 1);
        }
        sink.Progress(stream.Length);
    }

    private static bool IsScalar(string type) =>
        type is "VARCHAR" or "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" or "UUID"
        || type.StartsWith("DECIMAL", StringComparison.Ordinal);

    private static bool IsTimestamp(string type) => type.StartsWith("TIMESTAMP", StringComparison.Ordinal) || type == "DATE";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // A cell as the text a CSV would hold: numbers invariant and shortest, booleans lower case.
    private static string? Text(System.Data.Common.DbDataReader reader, int ordinal, Column column, string file, long row) =>
        reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger => Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
            Guid g => g.ToString(),
            var other => throw Error(file, row, column, $"unexpected value of type {other.GetType().Name}"),
        };

    private static DateTime? Created(System.Data.Common.DbDataReader reader, Column column, string file, long row)
    {
        if (reader.IsDBNull(4)) return null;
        if (IsTimestamp(column.Type)) return DateTime.UnixEpoch.AddTicks(reader.GetInt64(4) * 10);
        var text = Text(reader, 4, column, file, row)!;
        if (text.Length == 0) return null;
        if (!Timestamps.TryParse(text, out var t))
            throw Error(file, row, column, $"'{Short(text)}' is not a time stamp (ISO-8601 or epoch seconds)");
        return t;
    }

    private static double? LeadTime(System.Data.Common.DbDataReader reader, Column column, string file, long row)
    {
        if (reader.IsDBNull(5)) return null;
        var text = Text(reader, 5, column, file, row)!;
        if (text.Length == 0) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var l) || !double.IsFinite(l) || l < 0)
            throw Error(file, row, column, $"'{Short(text)}' is not a non-negative number of seconds");
        return l;
    }

    private static ImportException Error(string file, long row, Column column, string problem) => new(file, row, column.Name, problem);

    private static ImportException Unreadable(string file, DuckDBException ex, long? row = null) =>
        new(file, null, null, $"unreadable Parquet file{(row is { } r ? $" (at row {r})" : "")}: {ex.Message.Split('\n')[0]}", ex);

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
