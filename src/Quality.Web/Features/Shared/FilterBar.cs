namespace Quality.Web.Features.Shared;

/// <summary>The filter form of an analytic page: it submits by GET, so the view lives in the URL.</summary>
public sealed record FilterBar(string Action, AnalyticsFilter Filter, IReadOnlyList<string> Fields, string? CurrentField,
    IReadOnlyList<RosterEntry> Annotators, IReadOnlyList<string> Pools, IReadOnlyList<string> Problems, bool ShowField = true)
{
    public static FilterBar For(ProjectContext p, string action, bool showField = true)
    {
        var problems = p.Filter.Problems.ToList();
        if (p.FieldProblem is { } fp) problems.Add(fp);
        var unknown = p.Filter.Annotators.Where(a => p.Roster.All(r => r.Key != a)).ToList();
        if (unknown.Count > 0) problems.Add($"No annotator {string.Join(", ", unknown)} in this project.");
        if (p.Filter.Pool is { } pool && p.Roster.All(r => r.Pool != pool)) problems.Add($"No annotator is in the pool '{pool}'.");
        return new FilterBar(action, p.Filter, p.Overview.Fields.Select(f => f.Name).Where(n => p.Analysis.Kinds.ContainsKey(n)).ToList(),
            p.Field?.Field, p.Roster, p.Pools, problems, showField);
    }
}
