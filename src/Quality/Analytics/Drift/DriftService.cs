using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Quality.Alerts;
using Quality.Storage;

namespace Quality.Analytics.Drift;

/// <summary>The outcome of one check: the analysis, the project's alerts as stored now, and which ones are new.</summary>
public sealed record DriftCheck(int ProjectId, DriftReport Report, IReadOnlyList<DriftAlert> Alerts, IReadOnlyList<long> NewAlertIds,
    IReadOnlyList<long> UpdatedAlertIds);

/// <summary>
/// Drift detection over the database: reads a project's answers and settings, runs <see cref="DriftAnalyzer"/>,
/// and (for <see cref="Check"/>) stores the findings as alerts. One connection per unit of work.
/// </summary>
public static class DriftService
{
    // Two checks of one project at once (an import's and the hourly one) would race on the alert upsert.
    private static readonly ConcurrentDictionary<int, SemaphoreSlim> ProjectLocks = new();

    /// <summary>The project's drift settings (the "drift" object of projects.settings, defaults for the rest).</summary>
    public static DriftSettings Settings(DuckDBConnection c, int projectId) =>
        DriftSettings.FromProjectSettings(c.Scalar("SELECT settings::VARCHAR FROM projects WHERE project_id = $pid", ("pid", projectId)) as string);

    /// <summary>Stores drift settings in projects.settings, keeping any other keys there.</summary>
    public static void SaveSettings(DuckDBConnection c, int projectId, DriftSettings settings)
    {
        var current = c.Scalar("SELECT settings::VARCHAR FROM projects WHERE project_id = $pid", ("pid", projectId)) as string;
        if (c.Execute("UPDATE projects SET settings = $s::JSON WHERE project_id = $pid", ("s", settings.MergeInto(current)), ("pid", projectId)) == 0)
            throw new QualityException($"there is no project #{projectId}");
    }

    /// <summary>Analyses the project without storing anything.</summary>
    public static DriftReport Analyze(DuckDBConnection c, int projectId, DriftSettings? settings = null, CancellationToken cancellationToken = default)
    {
        RequireProject(c, projectId);
        settings ??= Settings(c, projectId);
        var notes = new List<string>();
        var fields = DriftInput.Load(c, projectId, notes);
        var report = DriftAnalyzer.Analyze(fields, settings, cancellationToken: cancellationToken);
        return report with { Notes = [.. notes, .. report.Notes] };
    }

    /// <summary>
    /// Analyses the project and stores its findings as alerts (idempotent: a re-run on the same data changes
    /// nothing but last_seen_at). Returns the stored alerts and the ids of those this check added.
    /// </summary>
    /// <param name="report">The analysis of the project's current data when the caller already has it (the web keeps
    /// one per data state for its control charts); null to analyse here.</param>
    public static DriftCheck Check(QualityDatabase database, int projectId, DateTime? now = null, DriftReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var gate = ProjectLocks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        gate.Wait();
        try
        {
            using var c = database.Open();
            report ??= Analyze(c, projectId);
            var saved = AlertStore.Save(c, projectId, report.Findings, now ?? DateTime.UtcNow);
            return new DriftCheck(projectId, report, AlertStore.List(c, projectId), saved.Inserted, saved.Updated);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The control chart of one annotator, field and detector (gold accuracy or agreement), or null if they have no answers.</summary>
    public static ControlChartSeries? ControlChart(DuckDBConnection c, int projectId, string annotator, string field, DriftKind kind) =>
        Analyze(c, projectId).Find(annotator, field)?.ControlChart(kind);

    private static void RequireProject(DuckDBConnection c, int projectId)
    {
        if (c.ScalarLong("SELECT count(*) FROM projects WHERE project_id = $pid", ("pid", projectId)) == 0)
            throw new QualityException($"there is no project #{projectId}");
    }
}
