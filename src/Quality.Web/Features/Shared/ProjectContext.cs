using Quality.Analytics;
using Quality.Analytics.Input;
using Quality.Projects;
using Quality.Storage;
using Quality.Web.Features.Projects;

namespace Quality.Web.Features.Shared;

/// <summary>
/// One project, one state of its data, one view: what every project page starts from. Everything costly is read
/// through <see cref="ProjectCache"/>, so a page answers from memory once the state has been computed.
/// </summary>
public sealed class ProjectContext
{
    private readonly ProjectCache _cache;
    private readonly ProjectAnalysisService _analyses;
    private readonly QualityDatabase _database;

    internal ProjectContext(QualityDatabase database, ProjectCache cache, ProjectAnalysisService analyses, int projectId, long version,
        ProjectOverview overview, IReadOnlyList<RosterEntry> roster, AnalyticsFilter filter)
    {
        _database = database;
        _cache = cache;
        _analyses = analyses;
        ProjectId = projectId;
        Version = version;
        Overview = overview;
        Roster = roster;
        Filter = filter;
        Ratings = filter.ToRatingFilter(roster.ToDictionary(r => r.Key, r => r.Pool, StringComparer.Ordinal));
    }

    public int ProjectId { get; }
    public long Version { get; }
    public string Name => Overview.Project.Name;
    /// <summary>The project's unfiltered counts, fields, weekly volume and import history.</summary>
    public ProjectOverview Overview { get; }
    public IReadOnlyList<RosterEntry> Roster { get; }
    public AnalyticsFilter Filter { get; }
    public RatingFilter Ratings { get; }

    public ProjectAnalysis Analysis => _analyses.Get(ProjectId, Version, Ratings);

    /// <summary>The field the page focuses on: the one asked for, else the main field (see <see cref="MainField"/>).</summary>
    public FieldAnalysis? Field => FocusField(out _);

    /// <summary>Why the field asked for is not the one shown (unknown, or no ratings in this view); null when it is.</summary>
    public string? FieldProblem
    {
        get
        {
            FocusField(out var problem);
            return problem;
        }
    }

    public ProjectField? FieldData => Field is { } f ? Analysis.Field(f.Field)?.Data : null;

    public string FieldKind(string field) => Analysis.Kinds.GetValueOrDefault(field, "nominal");

    public ProjectActivity Activity => CachedData("activity", () =>
    {
        using var c = _database.Open();
        return ActivityQueries.Load(c, ProjectId, Ratings, Analysis.Fields.Select(f => f.Field).ToList());
    }, perField: false);

    public IReadOnlyList<string> Pools => Roster.Select(r => r.Pool).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public string? PoolOf(string annotator) => Roster.FirstOrDefault(r => r.Key == annotator)?.Pool;

    /// <summary>
    /// A page model of this view, computed once per data state and view. Keyed by the view's canonical query, so
    /// the links it holds are this view's; what only this request said wrong (a bad date) is not part of it.
    /// </summary>
    public T Cached<T>(string name, Func<T> compute) where T : class? =>
        _cache.Get(ProjectId, Version, $"page|{name}|{Filter.Query()}", compute);

    /// <summary>Numbers that depend only on the ratings in view (and the focus field): shared by every view that selects the same ratings.</summary>
    public T CachedData<T>(string name, Func<T> compute, bool perField = true) where T : class? =>
        _cache.Get(ProjectId, Version, $"data|{name}|{AnalyticsFilter.Key(Ratings)}|{(perField ? Field?.Field : null)}", compute);

    /// <summary>Numbers of the whole project (no filter applies), computed once per data state.</summary>
    public T CachedProject<T>(string name, Func<T> compute) where T : class? =>
        _cache.Get(ProjectId, Version, ProjectKey(name), compute);

    /// <summary>The cache key of a whole-project value (see <see cref="CachedProject{T}"/>).</summary>
    public static string ProjectKey(string name) => $"project|{name}";

    /// <summary>The database, for what is read fresh on every request (alerts change without an import).</summary>
    public QualityDatabase Database => _database;

    /// <summary>The query string of this view, for links that keep it.</summary>
    public string Query(string? field = null) => Filter.Query(field);

    private FieldAnalysis? FocusField(out string? problem)
    {
        problem = null;
        var fields = Analysis.Fields;
        if (Filter.Field is { } wanted)
        {
            var hit = fields.FirstOrDefault(f => f.Field == wanted);
            if (hit is not null) return hit;
            problem = Overview.Fields.Any(f => f.Name == wanted)
                ? $"The field '{wanted}' has no categorical answers in this view"
                : $"The project has no field '{wanted}'";
            if (MainField(Analysis) is { } main) problem += $"; showing '{main.Field}' instead.";
            else problem += ".";
        }
        return MainField(Analysis);
    }

    /// <summary>
    /// The field a project is summarised by: the categorical field with the most answers; on a tie a nominal
    /// field (the classification question) before an ordered one (a rating), then the first defined.
    /// </summary>
    public static FieldAnalysis? MainField(ProjectAnalysis analysis) =>
        analysis.Fields
            .Select((f, i) => (f, i))
            .OrderByDescending(x => x.f.Agreement.Annotations)
            .ThenBy(x => analysis.Kinds.GetValueOrDefault(x.f.Field) is "ordinal" or "numeric" ? 1 : 0)
            .ThenBy(x => x.i)
            .Select(x => x.f)
            .FirstOrDefault();
}

/// <summary>Opens a <see cref="ProjectContext"/> for a request.</summary>
public sealed class ProjectContexts(QualityDatabase database, ProjectCache cache, ProjectAnalysisService analyses)
{
    /// <summary>The project's context, or null when there is no such project.</summary>
    public ProjectContext? Open(int projectId, AnalyticsFilter filter)
    {
        long version;
        string? name;
        using (var c = database.Open())
        {
            name = c.Scalar("SELECT name FROM projects WHERE project_id = $id", ("id", projectId)) as string;
            if (name is null) return null;
            version = ProjectCache.DataVersion(c, projectId);
        }
        var basics = cache.Get(projectId, version, "basics", () =>
        {
            using var c = database.Open();
            return new ProjectBasics(ProjectQueries.Overview(c, name)!, ActivityQueries.Roster(c, projectId));
        });
        return new ProjectContext(database, cache, analyses, projectId, version, basics.Overview, basics.Roster, filter);
    }

    /// <summary>Every project's id, for the portfolio and the warm-up.</summary>
    public IReadOnlyList<int> ProjectIds()
    {
        using var c = database.Open();
        return c.Query("SELECT project_id FROM projects ORDER BY name", r => r.GetInt32(0));
    }

    private sealed record ProjectBasics(ProjectOverview Overview, IReadOnlyList<RosterEntry> Roster);
}
