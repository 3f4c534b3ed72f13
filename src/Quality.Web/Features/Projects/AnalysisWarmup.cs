using Quality.Storage;

namespace Quality.Web.Features.Projects;

/// <summary>Computes every project's analysis in the background after start, so the first visitor does not wait.</summary>
internal sealed class AnalysisWarmup(QualityDatabase database, ProjectAnalysisService analyses, ILogger<AnalysisWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        List<int> ids;
        using (var c = database.Open())
            ids = c.Query("SELECT project_id FROM projects ORDER BY project_id", r => r.GetInt32(0));
        foreach (var id in ids)
        {
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                analyses.Get(id);
            }
            catch (Exception ex) when (ex is QualityException or InvalidOperationException or DuckDB.NET.Data.DuckDBException)
            {
                logger.LogWarning(ex, "Could not pre-compute the analysis of project {Id}", id);
            }
        }
    }, stoppingToken);
}
