using Microsoft.Extensions.Options;
using Quality.Analytics;
using Quality.Analytics.Input;
using Quality.Storage;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Projects;

/// <summary>A project's analysed fields, as of one state of its data, with the coded ratings behind them.</summary>
public sealed record ProjectAnalysis(int ProjectId, long DataVersion, RatingFilter Filter, IReadOnlyList<FieldAnalysis> Fields,
    IReadOnlyDictionary<string, string> Kinds, DateTime ComputedAt, IReadOnlyList<ProjectField> Data)
{
    /// <summary>The field's analysis and data, or null when the field has no categorical ratings in this view.</summary>
    public (FieldAnalysis Analysis, ProjectField Data)? Field(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (Fields[i].Field == name) return (Fields[i], Data[i]);
        return null;
    }
}

/// <summary>
/// Computes agreement and consensus per field once per state of the data and rating filter, through
/// <see cref="ProjectCache"/>; the options equal the CLI's defaults, so the pages and `quality agreement` agree.
/// </summary>
public sealed class ProjectAnalysisService(QualityDatabase database, ProjectCache cache, IOptions<QualityOptions> options)
{
    public ProjectAnalysis Get(int projectId, RatingFilter? filter = null) => Get(projectId, cache.Version(projectId), filter);

    public ProjectAnalysis Get(int projectId, long version, RatingFilter? filter = null)
    {
        filter ??= RatingFilter.None;
        return cache.Get(projectId, version, AnalyticsFilter.Key(filter), () => Compute(projectId, version, filter));
    }

    public bool IsComputed(int projectId, long version, RatingFilter filter) =>
        cache.Has<ProjectAnalysis>(projectId, version, AnalyticsFilter.Key(filter));

    private ProjectAnalysis Compute(int projectId, long version, RatingFilter filter)
    {
        using var c = database.Open();
        var fields = ProjectRatings.Load(c, projectId, null, filter);
        var analysisOptions = AnalysisOptions.Default with
        {
            Agreement = AnalysisOptions.Default.Agreement with { LowSampleThreshold = options.Value.LowSampleThreshold },
        };
        var analyses = fields.Select(f => FieldAnalyzer.Analyze(f.Data, analysisOptions)).ToList();
        return new ProjectAnalysis(projectId, version, filter, analyses,
            fields.ToDictionary(f => f.Name, f => f.Kind.ToString().ToLowerInvariant(), StringComparer.Ordinal), DateTime.UtcNow, fields);
    }
}
