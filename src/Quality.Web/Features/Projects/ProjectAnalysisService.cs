using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Quality.Analytics;
using Quality.Analytics.Input;
using Quality.Storage;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Projects;

/// <summary>A project's analysed fields, as of one state of its data.</summary>
public sealed record ProjectAnalysis(int ProjectId, long DataVersion, RatingFilter Filter, IReadOnlyList<FieldAnalysis> Fields,
    IReadOnlyDictionary<string, string> Kinds, DateTime ComputedAt);

/// <summary>
/// Computes agreement and consensus per field once per state of the data and keeps the result: pages read the
/// cache, and a new import (a new import id) makes the next request recompute. Concurrent requests for the same
/// key share one computation.
/// </summary>
public sealed class ProjectAnalysisService(QualityDatabase database, IOptions<QualityOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<ProjectAnalysis>> _cache = new(StringComparer.Ordinal);

    public ProjectAnalysis Get(int projectId, RatingFilter? filter = null)
    {
        filter ??= RatingFilter.None;
        long version;
        using (var c = database.Open())
            version = c.ScalarLong("SELECT coalesce(max(import_id), 0) FROM imports WHERE project_id = $pid", ("pid", projectId));
        var key = $"{projectId}|{version}|{filter.From:O}|{filter.To:O}|{string.Join(",", filter.Annotators ?? [])}";
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<ProjectAnalysis>(() => Compute(projectId, version, filter), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            var result = lazy.Value;
            Evict(projectId, version);
            return result;
        }
        catch
        {
            _cache.TryRemove(key, out _);
            throw;
        }
    }

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
            fields.ToDictionary(f => f.Name, f => f.Kind.ToString().ToLowerInvariant(), StringComparer.Ordinal), DateTime.UtcNow);
    }

    // Results for older states of the data are never read again.
    private void Evict(int projectId, long currentVersion)
    {
        var prefix = projectId + "|";
        foreach (var key in _cache.Keys)
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.StartsWith($"{prefix}{currentVersion}|", StringComparison.Ordinal))
                _cache.TryRemove(key, out _);
    }
}
