using System.Globalization;
using System.Text;
using Quality.Analytics.Input;

namespace Quality.Web.Features.Shared;

/// <summary>
/// The view every analytic page and API route takes from its query string, so a link reproduces the view:
/// `from` and `to` (UTC dates, both inclusive), `field` (the field to focus on), `annotator` (repeatable) and `pool`.
/// </summary>
public sealed record AnalyticsFilter
{
    public static AnalyticsFilter None { get; } = new();

    public DateOnly? From { get; init; }
    /// <summary>The last day included (the CLI's `--to` is exclusive: it is this day + 1).</summary>
    public DateOnly? To { get; init; }
    public string? Field { get; init; }
    public IReadOnlyList<string> Annotators { get; init; } = [];
    public string? Pool { get; init; }

    /// <summary>What was wrong with the query string; the page shows it and ignores those parts.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool IsEmpty => From is null && To is null && Annotators.Count == 0 && Pool is null;

    public static AnalyticsFilter Parse(IQueryCollection query)
    {
        var problems = new List<string>();
        DateOnly? Date(string name)
        {
            var s = query[name].ToString().Trim();
            if (s.Length == 0) return null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problems.Add($"'{s}' is not a date like 2026-09-07, so the {name} date was ignored.");
            return null;
        }
        var from = Date("from");
        var to = Date("to");
        if (from is { } f && to is { } t && t < f)
        {
            problems.Add($"The to date ({Iso(t)}) is before the from date ({Iso(f)}), so both were ignored.");
            from = to = null;
        }
        return new AnalyticsFilter
        {
            From = from,
            To = to,
            Field = Blank(query["field"].ToString()),
            Annotators = query["annotator"].Select(a => a?.Trim() ?? "").Where(a => a.Length > 0)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Pool = Blank(query["pool"].ToString()),
            Problems = problems,
        };
    }

    /// <summary>
    /// The slice of ratings this view covers. <paramref name="poolOf"/> maps annotator keys to pools. A pool and
    /// annotators are intersected; when nobody is left the filter matches no rating at all.
    /// </summary>
    public RatingFilter ToRatingFilter(IReadOnlyDictionary<string, string?> poolOf)
    {
        IReadOnlyList<string>? annotators = null;
        if (Annotators.Count > 0 || Pool is not null)
        {
            var chosen = (Annotators.Count > 0 ? Annotators : poolOf.Keys)
                .Where(a => Pool is null || string.Equals(poolOf.GetValueOrDefault(a), Pool, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            // RatingFilter reads an empty list as "everyone"; a key no annotator can have keeps "nobody" nobody.
            annotators = chosen.Count > 0 ? chosen : [NoAnnotator];
        }
        return new RatingFilter(ToUtc(From), ToUtc(To?.AddDays(1)), annotators);
    }

    /// <summary>An annotator key that cannot occur (a NUL character): a filter that matches nobody.</summary>
    public const string NoAnnotator = "\0";

    /// <summary>A key that identifies the rating slice (not the focus field) in caches.</summary>
    public static string Key(RatingFilter f) =>
        $"{f.From:O}|{f.To:O}|{string.Join(",", f.Annotators ?? [])}";

    /// <summary>The query string for this view (with a leading '?', or empty), with some parts replaced.</summary>
    public string Query(string? field = null, bool dropField = false, IReadOnlyList<(string Name, string? Value)>? extra = null)
    {
        var parts = new List<(string, string)>();
        if (From is { } f) parts.Add(("from", Iso(f)));
        if (To is { } t) parts.Add(("to", Iso(t)));
        var fieldValue = dropField ? null : field ?? Field;
        if (fieldValue is not null) parts.Add(("field", fieldValue));
        foreach (var a in Annotators) parts.Add(("annotator", a));
        if (Pool is not null) parts.Add(("pool", Pool));
        foreach (var (name, value) in extra ?? [])
            if (value is not null) parts.Add((name, value));
        if (parts.Count == 0) return "";
        var sb = new StringBuilder("?");
        foreach (var (name, value) in parts)
        {
            if (sb.Length > 1) sb.Append('&');
            sb.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    /// <summary>Words for the page: what this view covers.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (From is not null || To is not null)
            parts.Add($"{(From is { } f ? Iso(f) : "start")} to {(To is { } t ? Iso(t) : "latest")}");
        if (Pool is not null) parts.Add($"pool {Pool}");
        if (Annotators.Count > 0) parts.Add(Annotators.Count == 1 ? Annotators[0] : $"{Annotators.Count} annotators");
        return parts.Count == 0 ? "all data" : string.Join(", ", parts);
    }

    private static DateTime? ToUtc(DateOnly? d) => d?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
