using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Costs;

/// <summary>How an annotator's answers are priced.</summary>
public enum CostBasis
{
    /// <summary>The annotator's price per label (wins over any hourly rate).</summary>
    PricePerLabel,
    /// <summary>The annotator's own hourly rate × lead time.</summary>
    HourlyRate,
    /// <summary>The project's default hourly rate × lead time (the annotator has no terms of their own).</summary>
    DefaultHourlyRate,
    /// <summary>No price, no rate and no project default: the cost is unknown.</summary>
    Unknown,
}

/// <summary>
/// One annotator's answers and what they cost, over the whole project or on one field.
/// An answer is one annotator's submission on one item (all its fields together): that is what is timed and paid.
/// </summary>
/// <param name="Answers">Answers counted: submissions overall; answers to the field (rows with a value) on a field.</param>
/// <param name="Cost">Sum of the answers' costs; null with <paramref name="Reason"/> when any of them is unknown.</param>
/// <param name="Hours">Lead time billed (after the cap, with imputed times), in hours.</param>
/// <param name="CappedAnswers">Answers whose lead time was cut to the cap.</param>
/// <param name="ImputedLeadTimes">Answers without a lead time, timed at the annotator's median.</param>
public sealed record AnnotatorCost(string Annotator, string? Pool, string Currency, CostBasis Basis,
    long Answers, double? Cost, double Hours, long CappedAnswers, long ImputedLeadTimes, string? Reason)
{
    /// <summary>Cost / answers; null when the cost is unknown or there are no answers.</summary>
    public double? CostPerAnswer => Cost is { } c && Answers > 0 ? c / Answers : null;
}

/// <summary>Costs of a project's answers per annotator, overall and per field, with the lead-time cap that was applied.</summary>
public sealed record CostTable(string DefaultCurrency, string CapRule, double? LeadTimeCapSeconds,
    IReadOnlyList<AnnotatorCost> Overall, IReadOnlyDictionary<string, IReadOnlyList<AnnotatorCost>> ByField);

/// <summary>
/// Prices every answer of a project in DuckDB and sums per annotator. Cost of an answer: the price per label when
/// the annotator has one; else (the annotator's hourly rate, or the project default) × lead time / 3600, with the
/// lead time capped (<see cref="CostSettings"/>) and, when missing, the annotator's median lead time.
/// </summary>
public static class AnswerCosts
{
    // A tool records one lead time per submission and repeats it on each field's row; rows of an annotator on an
    // item that share created_at and lead_time_s are that one submission, and distinct submissions add up.
    private const string TasksSql =
        """
        CREATE OR REPLACE TEMP TABLE cost_answers AS
        WITH submissions AS (
            SELECT item_id, annotator_id, created_at, lead_time_s
            FROM annotations WHERE project_id = $pid
            GROUP BY item_id, annotator_id, created_at, lead_time_s
        )
        SELECT item_id, annotator_id, sum(lead_time_s ORDER BY created_at, lead_time_s) AS lead_s
        FROM submissions GROUP BY item_id, annotator_id
        """;

    private const string AggregateSql =
        """
        WITH timed AS (
            SELECT item_id, annotator_id, lead_s IS NULL AS imputed,
                   coalesce(lead_s > $cap, false) AS capped,
                   -- Not least(): it skips NULLs, and would bill a missing lead time as the cap.
                   CASE WHEN lead_s > $cap THEN $cap ELSE lead_s END AS billed_s
            FROM cost_answers
        ),
        medians AS (
            SELECT annotator_id, median(billed_s) AS median_s FROM timed GROUP BY annotator_id
        ),
        priced AS (
            SELECT t.item_id, t.annotator_id, t.imputed, t.capped,
                   coalesce(t.billed_s, m.median_s) AS seconds,
                   CASE WHEN n.cost_per_label IS NOT NULL THEN n.cost_per_label
                        ELSE coalesce(n.hourly_rate, $rate) * coalesce(t.billed_s, m.median_s) / 3600 END AS cost
            FROM timed t
            JOIN annotators n ON n.annotator_id = t.annotator_id
            LEFT JOIN medians m ON m.annotator_id = t.annotator_id
        ),
        field_answers AS (
            SELECT item_id, annotator_id, field_id, count(*) AS answers
            FROM annotations WHERE project_id = $pid AND value IS NOT NULL
            GROUP BY item_id, annotator_id, field_id
        )
        -- Sums in item order: a parallel aggregate adds in whatever order its threads finish, and the last bit of
        -- a cost would differ between two runs (the page and the CLI must print the same number).
        SELECT annotator_id, NULL::INTEGER AS field_id, count(*) AS answers, count(*) AS submissions,
               fsum(cost ORDER BY item_id), count(cost), coalesce(fsum(seconds ORDER BY item_id), 0),
               count(*) FILTER (WHERE capped), count(*) FILTER (WHERE imputed)
        FROM priced GROUP BY annotator_id
        UNION ALL
        SELECT p.annotator_id, f.field_id, sum(f.answers), count(*),
               fsum(p.cost ORDER BY p.item_id), count(p.cost), coalesce(fsum(p.seconds ORDER BY p.item_id), 0),
               count(*) FILTER (WHERE p.capped), count(*) FILTER (WHERE p.imputed)
        FROM priced p JOIN field_answers f ON f.item_id = p.item_id AND f.annotator_id = p.annotator_id
        GROUP BY p.annotator_id, f.field_id
        """;

    /// <summary>Prices the project's answers with <paramref name="settings"/>.</summary>
    public static CostTable Load(DuckDBConnection c, int projectId, CostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        c.Execute(TasksSql, ("pid", projectId));
        try
        {
            var cap = settings.LeadTimeCapSeconds;
            if (cap is null && settings.LeadTimeCapPercentile is { } p && p < 1)
                cap = c.Query("SELECT quantile_cont(lead_s, $p) FROM cost_answers", r => r.DoubleOrNull(0), ("p", p))[0];

            var annotators = c.Query(
                "SELECT annotator_id, external_key, pool, hourly_rate, cost_per_label, currency FROM annotators WHERE project_id = $pid",
                r => (Id: r.GetInt32(0), Key: r.GetString(1), Pool: r.StringOrNull(2), Rate: r.DoubleOrNull(3), Price: r.DoubleOrNull(4),
                      Currency: r.StringOrNull(5)),
                ("pid", projectId)).ToDictionary(a => a.Id);
            var fields = c.Query("SELECT field_id, name FROM fields WHERE project_id = $pid",
                r => (Id: r.GetInt32(0), Name: r.GetString(1)), ("pid", projectId)).ToDictionary(f => f.Id, f => f.Name);

            var overall = new List<AnnotatorCost>();
            var byField = new Dictionary<string, List<AnnotatorCost>>(StringComparer.Ordinal);
            var rows = c.Query(AggregateSql,
                r => (Annotator: r.GetInt32(0), Field: r.IsDBNull(1) ? (int?)null : r.GetInt32(1), Answers: r.GetInt64(2),
                      Submissions: r.GetInt64(3), Cost: r.DoubleOrNull(4), Priced: r.GetInt64(5), Seconds: r.DoubleOrNull(6) ?? 0,
                      Capped: r.GetInt64(7), Imputed: r.GetInt64(8)),
                ("pid", projectId), ("cap", cap), ("rate", settings.DefaultHourlyRate));
            foreach (var row in rows)
            {
                var a = annotators[row.Annotator];
                var basis = a.Price is not null ? CostBasis.PricePerLabel
                    : a.Rate is not null ? CostBasis.HourlyRate
                    : settings.DefaultHourlyRate is not null ? CostBasis.DefaultHourlyRate
                    : CostBasis.Unknown;
                string? reason = null;
                if (row.Priced < row.Submissions)
                    reason = basis == CostBasis.Unknown
                        ? "the annotator has no price per label or hourly rate, and the project has no default hourly rate"
                        : "the annotator is paid by the hour but none of their answers has a lead time";
                var cost = new AnnotatorCost(a.Key, a.Pool, a.Currency ?? settings.DefaultCurrency, basis, row.Answers,
                    reason is null ? row.Cost ?? 0 : null, row.Seconds / 3600, row.Capped, row.Imputed, reason);
                if (row.Field is { } f)
                {
                    var name = fields[f];
                    if (!byField.TryGetValue(name, out var list)) byField[name] = list = [];
                    list.Add(cost);
                }
                else overall.Add(cost);
            }
            Comparison<AnnotatorCost> byKey = (x, y) => string.CompareOrdinal(x.Annotator, y.Annotator);
            overall.Sort(byKey);
            foreach (var list in byField.Values) list.Sort(byKey);
            return new CostTable(settings.DefaultCurrency, settings.CapRule, cap, overall,
                byField.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<AnnotatorCost>)kv.Value, StringComparer.Ordinal));
        }
        finally
        {
            c.Execute("DROP TABLE IF EXISTS cost_answers");
        }
    }
}
