using System.Globalization;
using Quality.Ingestion;
using Quality.Ingestion.Csv;
using Quality.Storage;

namespace Quality.Costs;

/// <summary>
/// Reads `annotator,pool,hourly_rate[,cost_per_label][,currency]` and sets each annotator's pool and rates in a
/// project, in one transaction. Annotators not seen yet are added, so rates may be loaded before the work.
/// An empty cell leaves the stored value as it is; a missing currency means the project's default currency.
/// </summary>
public static class AnnotatorRatesImporter
{
    public static IReadOnlyList<AnnotatorRate> Read(string path)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        if (stream.Length == 0) throw new ImportException(file, null, null, "the file is empty");
        try
        {
            var reader = CrowdCsvImporter.OpenDelimited(stream, file, out var text);
            using var _ = text;
            var fields = new List<string>();
            if (!reader.Read(fields)) throw new ImportException(file, 1, null, "the file is empty");
            var header = fields.Select(CrowdCsvImporter.NormaliseName).ToList();
            int Col(params string[] names) => header.FindIndex(names.Contains);
            var annotator = Col([.. CrowdCsvImporter.AnnotatorNames]);
            var pool = Col("pool");
            var hourly = Col("hourly_rate", "rate", "hourly");
            var perLabel = Col("cost_per_label", "price_per_label");
            var currency = Col("currency");
            if (annotator < 0) throw new ImportException(file, 1, null, $"missing column annotator; the header has: {string.Join(", ", fields)}");
            if (hourly < 0 && perLabel < 0 && pool < 0)
                throw new ImportException(file, 1, null, "a rates file needs pool, hourly_rate or cost_per_label");

            var rates = new List<AnnotatorRate>();
            while (reader.Read(fields))
            {
                var line = reader.RecordLine;
                if (fields.Count == 1 && fields[0].Length == 0) continue;
                if (fields.Count != header.Count)
                    throw new ImportException(file, line, null, $"the row has {fields.Count} fields but the header has {header.Count}");
                var key = fields[annotator].Trim();
                if (key.Length == 0) throw new ImportException(file, line, header[annotator], "the annotator is empty");
                var code = currency >= 0 && fields[currency].Trim().Length > 0 ? fields[currency].Trim().ToUpperInvariant() : null;
                if (code is not null && !CostSettings.IsCurrency(code))
                    throw new ImportException(file, line, header[currency], $"'{fields[currency]}' is not a three-letter currency code such as USD");
                rates.Add(new AnnotatorRate(key,
                    pool >= 0 && fields[pool].Trim().Length > 0 ? fields[pool].Trim() : null,
                    Money(fields, hourly, header, file, line),
                    Money(fields, perLabel, header, file, line),
                    code));
            }
            return rates;
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw TextDecoding.InvalidEncoding(path, file, ex);
        }
    }

    /// <summary>Applies the rates to the project (created if needed); returns how many annotators were updated or added.</summary>
    public static int Apply(QualityDatabase database, string project, IReadOnlyList<AnnotatorRate> rates)
    {
        using var c = database.Open();
        Migrator.Apply(c);
        using var tx = c.BeginTransaction();
        c.Execute("INSERT INTO projects (name, created_at) SELECT $name, $now WHERE NOT EXISTS (SELECT 1 FROM projects WHERE name = $name)",
            ("name", project), ("now", DateTime.UtcNow));
        var pid = (int)c.ScalarLong("SELECT project_id FROM projects WHERE name = $name", ("name", project));
        foreach (var r in rates)
        {
            c.Execute("INSERT INTO annotators (project_id, external_key) SELECT $pid, $key WHERE NOT EXISTS (SELECT 1 FROM annotators WHERE project_id = $pid AND external_key = $key)",
                ("pid", pid), ("key", r.Annotator));
            c.Execute(
                """
                UPDATE annotators SET pool = coalesce($pool, pool), hourly_rate = coalesce($hourly, hourly_rate),
                       cost_per_label = coalesce($per, cost_per_label), currency = coalesce($cur, currency)
                WHERE project_id = $pid AND external_key = $key
                """,
                ("pid", pid), ("key", r.Annotator), ("pool", r.Pool), ("hourly", r.HourlyRate), ("per", r.CostPerLabel), ("cur", r.Currency));
        }
        tx.Commit();
        return rates.Count;
    }

    private static double? Money(List<string> fields, int col, List<string> header, string file, long line)
    {
        if (col < 0 || fields[col].Trim().Length == 0) return null;
        var s = fields[col].Trim().TrimStart('$', '€', '£');
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
            throw new ImportException(file, line, header[col], $"'{fields[col]}' is not a non-negative amount");
        return v;
    }
}
