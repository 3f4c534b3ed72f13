using Quality.Web.Features.Agreement;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Portfolio;

/// <summary>Every project's headline numbers in one table.</summary>
public sealed record PortfolioPage(AnalyticsFilter Filter, ReportTable Projects, IReadOnlyList<ProjectContext> Contexts)
{
    public static PortfolioPage Build(IReadOnlyList<ProjectContext> projects, AnalyticsFilter filter, AgreementBands bands)
    {
        var t = new ReportTable("projects", "Projects",
        [
            new("project", "Project"),
            new("annotations", "Answers", CellFormat.Count, "Answers in the chosen period (all fields)"),
            new("items", "Items", CellFormat.Count),
            new("annotators", "Annotators", CellFormat.Count),
            new("main_field", "Main field", Description: "The first field with categorical answers"),
            new("alpha", "Agreement (α)", CellFormat.Number, "Krippendorff's alpha of the main field, at its level"),
            new("alpha_ci95", "α 95% CI", CellFormat.Number, IsRange: true),
            new("band", "Band"),
            new("gold_accuracy", "Gold accuracy", CellFormat.Percent, "All answers on gold items of the main field: share correct"),
            new("gold_accuracy_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
            new("open_alerts", "Open drift alerts", CellFormat.Count, "Drift alerts nobody has acknowledged yet"),
            new("cost_to_date", "Cost to date", CellFormat.Money, "Every answer of the project, at the annotators' rates; empty when a rate is missing"),
            new("last_annotation", "Last answer", CellFormat.Date),
            new("weekly_volume", "Answers per week", Description: "Each week from the first to the last answer (Monday start, UTC)"),
        ])
        {
            EmptyText = "No projects yet.",
        };
        foreach (var p in projects)
        {
            var f = p.Field;
            var kind = f is null ? "nominal" : p.FieldKind(f.Field);
            var alpha = f is null ? (Quality.Analytics.Agreement.AlphaEstimate?)null : AgreementTables.PrimaryAlpha(f, kind);
            var gold = f is null ? null : AgreementTables.PooledGoldAccuracy(f);
            var wilson = gold?.Wilson();
            var volume = p.Activity.Weeks.Sum(w => w.Count);
            t.Add(p.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Link(p.Name, $"/projects/{p.ProjectId}{p.Filter.Query()}"), volume, f?.Agreement.Items ?? 0, f?.Agreement.Annotators ?? 0,
                f?.Field, alpha?.Value.Value, alpha?.Ci95 is { } ci ? new Ci(ci.Lower, ci.Upper) : null,
                f is null ? null : bands.Describe(alpha?.Value.Value), gold?.Value,
                wilson is { Lower: { } lo, Upper: { } hi } ? new Ci(lo, hi) : null,
                Drift.AlertsPage.Load(p).Count(a => a.Status == Quality.Alerts.AlertStatus.Open), CostToDate(p),
                p.Activity.Annotators.Select(a => a.Last).Max(),
                new Spark($"/projects/{p.ProjectId}/charts/sparkline.svg{p.Filter.Query()}",
                    $"Answers per week: {string.Join(", ", p.Activity.Weeks.Select(w => Fmt.Count(w.Count)))}", p.Activity.Weeks.Select(w => w.Count).ToList()));
        }
        return new PortfolioPage(filter, t, projects);
    }

    private static double? CostToDate(ProjectContext p)
    {
        try
        {
            return Cost.CostPage.LoadReport(p).Costs.Overall is { Count: > 0 } costs && costs.All(c => c.Cost is not null)
                && costs.Select(c => c.Currency).Distinct().Count() == 1 ? costs.Sum(c => c.Cost!.Value) : null;
        }
        catch (QualityException)
        {
            return null;
        }
    }
}
