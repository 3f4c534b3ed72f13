using Quality.Storage;

namespace Quality.Costs;

/// <summary>
/// One annotator's terms in a project. A price per label, when set, wins over the hourly rate; a null currency
/// means the project's default currency.
/// </summary>
public sealed record AnnotatorRate(string Annotator, string? Pool, double? HourlyRate, double? CostPerLabel, string? Currency);

/// <summary>Reads and edits annotators' pools and rates one at a time (the web's rate editor); files go through <see cref="AnnotatorRatesImporter"/>.</summary>
public static class AnnotatorRates
{
    /// <summary>Every annotator of the project with their terms, by key.</summary>
    public static IReadOnlyList<AnnotatorRate> List(QualityDatabase database, string project)
    {
        using var c = database.Open();
        var pid = ProjectId(c, project);
        return c.Query(
            """
            SELECT external_key, pool, hourly_rate, cost_per_label, currency
            FROM annotators WHERE project_id = $pid ORDER BY external_key
            """,
            r => new AnnotatorRate(r.GetString(0), r.StringOrNull(1), r.DoubleOrNull(2), r.DoubleOrNull(3), r.StringOrNull(4)),
            ("pid", pid));
    }

    /// <summary>
    /// Sets the annotator's pool, rates and currency to exactly <paramref name="rate"/>'s values: a null clears the
    /// value (unlike an import, which only fills what the file gives). The annotator must exist in the project.
    /// </summary>
    public static void Update(QualityDatabase database, string project, AnnotatorRate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        Check(rate);
        using var c = database.Open();
        Migrator.Apply(c);
        var pid = ProjectId(c, project);
        var changed = c.Execute(
            """
            UPDATE annotators SET pool = $pool, hourly_rate = $hourly, cost_per_label = $per, currency = $cur
            WHERE project_id = $pid AND external_key = $key
            """,
            ("pid", pid), ("key", rate.Annotator), ("pool", Blank(rate.Pool)), ("hourly", rate.HourlyRate),
            ("per", rate.CostPerLabel), ("cur", Blank(rate.Currency)));
        if (changed == 0) throw new QualityException($"the project '{project}' has no annotator '{rate.Annotator}'");
    }

    /// <summary>Rejects a negative or non-finite amount and a currency that is not a three-letter code.</summary>
    internal static void Check(AnnotatorRate rate)
    {
        if (string.IsNullOrWhiteSpace(rate.Annotator)) throw new QualityException("the annotator is empty");
        if (!IsAmount(rate.HourlyRate)) throw new QualityException($"the hourly rate of {rate.Annotator} must be a non-negative amount");
        if (!IsAmount(rate.CostPerLabel)) throw new QualityException($"the price per label of {rate.Annotator} must be a non-negative amount");
        if (Blank(rate.Currency) is { } cur && !CostSettings.IsCurrency(cur))
            throw new QualityException($"the currency '{cur}' of {rate.Annotator} is not a three-letter code such as USD");
    }

    private static bool IsAmount(double? v) => v is not { } x || (double.IsFinite(x) && x >= 0);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static int ProjectId(DuckDB.NET.Data.DuckDBConnection c, string project) =>
        Analytics.Input.ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
}
