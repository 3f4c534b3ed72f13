using Quality.Analytics;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Annotators;

/// <summary>The annotator numbers of a view as tables, for the pages, their CSV downloads and the API.</summary>
public static class AnnotatorTables
{
    /// <summary>One row per annotator of the focus field: volume, speed, agreement and accuracy on gold.</summary>
    public static ReportTable Team(ProjectContext p, FieldAnalysis f)
    {
        var t = new ReportTable("annotators", $"Annotators on {f.Field}",
        [
            new("annotator", "Annotator"),
            new("pool", "Pool"),
            new("drift", "Drift", Description: "From the open drift alerts on this field: drifting (gold accuracy or agreement fell), label mix changed, or stable"),
            new("annotations", "Answers", CellFormat.Count),
            new("gold_accuracy", "Gold accuracy", CellFormat.Percent),
            new("gold_accuracy_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
            new("gold_items", "Gold answers", CellFormat.Count),
            new("agreement_with_consensus", "Agrees with consensus", CellFormat.Percent, "Share of answers equal to the Dawid–Skene consensus label"),
            new("mean_cohen_kappa", "Mean κ with others", CellFormat.Number, "Mean of the annotator's pairwise Cohen kappas"),
            new("agreement_with_others", "Agreement with others", CellFormat.Percent, "Percent agreement with the other annotators on shared items"),
            new("median_lead_time_s", "Median time", CellFormat.Seconds, "Median lead time (seconds spent per answer) in this view"),
            new("cost_per_correct_label", "Cost per correct label", CellFormat.Money, "Whole project on this field: cost ÷ labels that carry information (see Cost & quality)"),
            new("low_sample", "Low sample", CellFormat.Flag, "Shares fewer items with others than the low-sample threshold"),
        ])
        {
            EmptyText = "No annotator answered this field in this view. Widen the date range or clear the annotator and pool filters.",
            Note = "Click a column title to sort. Gold accuracy counts every answer on a gold item.",
        };
        var drift = Drift.AlertsPage.Status(Drift.AlertsPage.Load(p));
        var costs = CostOf(p, f.Field);
        foreach (var a in f.Annotators)
        {
            var activity = p.Activity.Of(f.Field, a.Annotator);
            t.Add(a.Annotator,
                new Link(a.Annotator, AnnotatorHref(p, a.Annotator)), p.PoolOf(a.Annotator), drift.GetValueOrDefault((a.Annotator, f.Field), "stable"),
                a.Annotations, a.Gold?.Share.Value, Wilson(a), a.Gold?.Share.Trials ?? 0, a.Consensus?.Share.Value, a.Peers?.MeanCohenKappa.Value,
                a.Peers?.PercentAgreement.Value, activity?.MedianLeadTimeSeconds, costs.GetValueOrDefault(a.Annotator), a.Peers?.LowSample ?? true);
        }
        return t;
    }

    /// <summary>Cost per correct label of each annotator on the field, from the project's cost report (null when unknown).</summary>
    private static Dictionary<string, double?> CostOf(ProjectContext p, string field)
    {
        try
        {
            var report = Cost.CostPage.LoadReport(p).Fields.FirstOrDefault(x => x.Field == field);
            return report?.Table.Annotators.ToDictionary(a => a.Annotator, a => a.CostPerCorrectLabel, StringComparer.Ordinal) ?? [];
        }
        catch (QualityException)
        {
            return []; // no categorical answers to price: the column stays empty
        }
    }

    public static string AnnotatorHref(ProjectContext p, string annotator) =>
        $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(annotator)}{p.Filter.Query(field: p.Field?.Field)}";

    public static Ci? Wilson(AnnotatorSummary a) =>
        a.Gold?.Interval is { Lower: { } lo, Upper: { } hi } ? new Ci(lo, hi) : null;
}
