using DuckDB.NET.Data;
using Quality.Analytics.Input;
using Quality.Storage;

namespace Quality.Web.Features.Shared;

/// <summary>An annotator of a project as the roster stores it.</summary>
public sealed record RosterEntry(string Key, string? DisplayName, string? Pool);

/// <summary>One annotator's volume and speed on one field in a view.</summary>
public sealed record AnnotatorActivity(string Field, string Annotator, long Answers, double? MedianLeadTimeSeconds, DateTime? First, DateTime? Last);

/// <summary>Answers on gold items in one week: how many, how many right.</summary>
public sealed record GoldWeek(DateTime WeekStart, long Answers, long Correct)
{
    public double? Accuracy => Answers > 0 ? (double)Correct / Answers : null;
}

/// <summary>The time-based numbers of a view that RatingSets do not carry (they hold no timestamps or lead times).</summary>
public sealed record ProjectActivity(
    IReadOnlyList<(DateTime WeekStart, long Count)> Weeks,
    IReadOnlyList<AnnotatorActivity> Annotators,
    IReadOnlyDictionary<(string Field, string Annotator), IReadOnlyList<GoldWeek>> GoldWeeks)
{
    public AnnotatorActivity? Of(string field, string annotator) =>
        Annotators.FirstOrDefault(a => a.Field == field && a.Annotator == annotator);

    /// <summary>The team's weekly gold answers on a field: every annotator's weeks added up.</summary>
    public IReadOnlyList<GoldWeek> TeamGoldWeeks(string field) =>
        GoldWeeks.Where(kv => kv.Key.Field == field).SelectMany(kv => kv.Value)
            .GroupBy(w => w.WeekStart).OrderBy(g => g.Key)
            .Select(g => new GoldWeek(g.Key, g.Sum(w => w.Answers), g.Sum(w => w.Correct))).ToList();

    public IReadOnlyList<GoldWeek> GoldWeeksOf(string field, string annotator) =>
        GoldWeeks.TryGetValue((field, annotator), out var weeks) ? weeks : [];
}

/// <summary>
/// SQL for the dashboard's time-based numbers, aggregated in DuckDB and filtered exactly as
/// <see cref="ProjectRatings"/> filters ratings (created_at window, annotator keys, non-null values).
/// </summary>
public static class ActivityQueries
{
    private const string Where =
        """
        a.project_id = $pid AND a.value IS NOT NULL
          AND ($from IS NULL OR a.created_at >= $from) AND ($to IS NULL OR a.created_at < $to)
          AND ($annotators IS NULL OR list_contains($annotators, n.external_key))
        """;

    public static IReadOnlyList<RosterEntry> Roster(DuckDBConnection c, int projectId) =>
        c.Query("SELECT external_key, display_name, pool FROM annotators WHERE project_id = $pid ORDER BY external_key",
            r => new RosterEntry(r.GetString(0), r.StringOrNull(1), r.StringOrNull(2)), ("pid", projectId));

    public static ProjectActivity Load(DuckDBConnection c, int projectId, RatingFilter filter, IReadOnlyCollection<string> fields)
    {
        var p = Parameters(projectId, filter);
        var weeks = c.Query(
            $"""
            WITH w AS (
                SELECT date_trunc('week', a.created_at) AS wk, count(*) AS n
                FROM annotations a JOIN annotators n ON n.annotator_id = a.annotator_id
                WHERE {Where} AND a.created_at IS NOT NULL GROUP BY 1),
            r AS (SELECT min(wk) AS lo, max(wk) AS hi FROM w)
            SELECT g.wk, coalesce(w.n, 0)
            FROM r, LATERAL (SELECT unnest(generate_series(r.lo, r.hi, INTERVAL 7 DAY)) AS wk) g
            LEFT JOIN w ON w.wk = g.wk
            ORDER BY g.wk
            """,
            r => (DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc), r.GetInt64(1)), p);

        var fieldList = fields.ToArray();
        var activity = c.Query(
            $"""
            SELECT f.name, n.external_key, count(*), median(a.lead_time_s), min(a.created_at), max(a.created_at)
            FROM annotations a
            JOIN annotators n ON n.annotator_id = a.annotator_id
            JOIN fields f ON f.field_id = a.field_id
            WHERE {Where} AND list_contains($fields, f.name)
            GROUP BY 1, 2 ORDER BY 1, 2
            """,
            r => new AnnotatorActivity(r.GetString(0), r.GetString(1), r.GetInt64(2), r.DoubleOrNull(3), r.DateOrNull(4), r.DateOrNull(5)),
            [.. p, ("fields", fieldList)]);

        // Gold is one row per (item, field); an answer counts once per gold row it meets, as in ProjectRatings.
        var gold = c.Query(
            $"""
            SELECT f.name, n.external_key, date_trunc('week', a.created_at) AS wk, count(*), count(*) FILTER (WHERE a.value = g.value)
            FROM annotations a
            JOIN annotators n ON n.annotator_id = a.annotator_id
            JOIN fields f ON f.field_id = a.field_id
            JOIN gold g ON g.project_id = a.project_id AND g.item_id = a.item_id AND g.field_id = a.field_id AND g.value IS NOT NULL
            WHERE {Where} AND list_contains($fields, f.name) AND a.created_at IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """,
            r => (Field: r.GetString(0), Annotator: r.GetString(1),
                  Week: new GoldWeek(DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc), r.GetInt64(3), r.GetInt64(4))),
            [.. p, ("fields", fieldList)]);
        var goldWeeks = gold.GroupBy(g => (g.Field, g.Annotator))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<GoldWeek>)g.Select(x => x.Week).ToList());

        return new ProjectActivity(weeks, activity, goldWeeks);
    }

    private static (string, object?)[] Parameters(int projectId, RatingFilter filter) =>
    [
        ("pid", projectId), ("from", filter.From), ("to", filter.To),
        ("annotators", filter.Annotators is { Count: > 0 } list ? list.ToArray() : null),
    ];
}
