using Quality.Analytics.Redundancy;
using Quality.Costs;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Cost;

/// <summary>
/// What quality costs in a project, on the focus field: annotators' cost against quality with the Pareto frontier,
/// the pools side by side, the redundancy curve with the recommended annotators per item, and the rates.
/// </summary>
public sealed record CostPage(ProjectContext Project, CostReport Report, FieldCostReport? Field, string Currency,
    ReportTable? Annotators, ReportTable? Pools, ReportTable? Redundancy, ReportTable Overall, IReadOnlyList<AnnotatorRate> Rates)
{
    public IEnumerable<ReportTable> Tables => new[] { Annotators, Pools, Redundancy, Overall }.OfType<ReportTable>();

    /// <summary>The whole project's cost report (filters do not apply), once per data and rates state.</summary>
    public static CostReport LoadReport(ProjectContext p) => p.CachedProject("cost-report", () => CostReport.Build(p.Database, p.Name));

    public static CostPage Build(ProjectContext p) => p.Cached("cost-page", () =>
    {
        var report = LoadReport(p);
        var focus = p.Field?.Field;
        var field = report.Fields.FirstOrDefault(f => f.Field == focus) ?? report.Fields.FirstOrDefault();
        var currency = report.Costs.DefaultCurrency;
        return new CostPage(p, report, field, currency,
            field is null ? null : AnnotatorTable(p, field.Table.Annotators, $"Annotators on {field.Field}: cost against quality", "annotators"),
            field is null ? null : PoolTable(field.Table.Pools, field.Field),
            field is null ? null : RedundancyTable(field),
            AnnotatorTable(p, report.Overall?.Annotators ?? [], "All categorical fields together", "overall"),
            AnnotatorRates.List(p.Database, p.Name));
    });

    /// <summary>Total cost of the project's answers; null when some cost is unknown or currencies differ.</summary>
    public (double? Total, string? Reason) TotalCost()
    {
        var costs = Report.Costs.Overall;
        if (costs.Count == 0) return (null, "no answers");
        if (costs.Any(c => c.Cost is null)) return (null, "some annotators have no rate");
        if (costs.Select(c => c.Currency).Distinct().Count() > 1) return (null, "several currencies");
        return (costs.Sum(c => c.Cost!.Value), null);
    }

    private static ReportTable AnnotatorTable(ProjectContext p, IReadOnlyList<AnnotatorCostQuality> rows, string title, string id)
    {
        var t = new ReportTable(id, title,
        [
            new("annotator", "Annotator"),
            new("pool", "Pool"),
            new("annotations", "Answers", CellFormat.Count),
            new("cost", "Cost", CellFormat.Money),
            new("currency", "Currency"),
            new("cost_per_annotation", "Cost per answer", CellFormat.Money),
            new("quality", "Quality", CellFormat.Percent, "Gold accuracy; Dawid–Skene's estimate when the annotator has too few gold answers"),
            new("quality_source", "From"),
            new("accuracy_ci95", "Gold accuracy 95% CI", CellFormat.Percent, IsRange: true),
            new("correct_labels", "Correct labels", CellFormat.Number, "Answers × (quality − chance) / (1 − chance): labels that carry information"),
            new("cost_per_correct_label", "Cost per correct label", CellFormat.Money),
            new("on_frontier", "On the frontier", CellFormat.Flag, "No other annotator is both cheaper per answer and better"),
        ])
        {
            EmptyText = "No categorical answers to price.",
            Note = "Cost = hourly rate × lead time (capped), or the price per label. Dashes are unknown values: hover the column title for its definition.",
        };
        foreach (var a in rows)
            t.Add(a.Annotator, new Link(a.Annotator, $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(a.Annotator)}"), a.Pool,
                a.Annotations, a.Cost.Cost, a.Cost.Currency, a.CostPerAnnotation, a.Quality, a.Source switch
                {
                    QualitySource.Gold => "gold",
                    QualitySource.DawidSkene => "estimate",
                    _ => null,
                }, a.Accuracy.Lower is { } lo && a.Accuracy.Upper is { } hi ? new Ci(lo, hi) : (Ci?)null,
                a.CorrectLabels, a.CostPerCorrectLabel, a.OnFrontier ?? false);
        return t;
    }

    private static ReportTable PoolTable(IReadOnlyList<PoolCostQuality> pools, string field)
    {
        var t = new ReportTable("pools", $"Pools side by side on {field}",
        [
            new("pool", "Pool"),
            new("annotators", "Annotators", CellFormat.Count),
            new("annotations", "Answers", CellFormat.Count),
            new("cost", "Cost", CellFormat.Money),
            new("cost_per_annotation", "Cost per answer", CellFormat.Money),
            new("gold_accuracy", "Gold accuracy", CellFormat.Percent),
            new("gold_accuracy_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
            new("agreement_with_consensus", "Agrees with consensus", CellFormat.Percent),
            new("cost_per_correct_label", "Cost per correct label", CellFormat.Money),
        ])
        {
            EmptyText = "No pools: set each annotator's pool in the rates below or with `quality rates import`.",
        };
        foreach (var pool in pools)
            t.Add(pool.Pool, pool.Pool, pool.Annotators.Count, pool.Annotations, pool.Cost, pool.CostPerAnnotation, pool.Accuracy.Estimate,
                pool.Accuracy.Lower is { } lo && pool.Accuracy.Upper is { } hi ? new Ci(lo, hi) : (Ci?)null,
                pool.AgreementWithConsensus.Value, pool.CostPerCorrectLabel);
        return t;
    }

    private static ReportTable RedundancyTable(FieldCostReport field)
    {
        var t = new ReportTable("redundancy", $"Annotators per item on {field.Field}",
        [
            new("k", "Annotators per item", CellFormat.Count),
            new("items", "Gold items used", CellFormat.Count),
            new("majority_vote", "Majority vote accuracy", CellFormat.Percent),
            new("majority_vote_ci95", "95% CI", CellFormat.Percent, IsRange: true),
            new("dawid_skene", "Dawid–Skene accuracy", CellFormat.Percent),
            new("dawid_skene_ci95", "95% CI", CellFormat.Percent, IsRange: true),
            new("cost_per_item", "Cost per item", CellFormat.Money),
        ])
        {
            EmptyText = field.Redundancy.Reason ?? "No gold items with answers to estimate the curve on.",
            Note = "Estimated by resampling k of each gold item's own answers: see docs/cost.md.",
        };
        foreach (var pt in field.Redundancy.Points)
            t.Add(pt.K.ToString(System.Globalization.CultureInfo.InvariantCulture), pt.K, pt.Items, pt.MajorityVote.Mean,
                new Ci(pt.MajorityVote.Lower, pt.MajorityVote.Upper), pt.DawidSkene?.Mean,
                pt.DawidSkene is { } d ? new Ci(d.Lower, d.Upper) : (Ci?)null, pt.CostPerItem);
        return t;
    }

    /// <summary>The recommendation in one sentence.</summary>
    public static string Recommendation(FieldCostReport f)
    {
        var r = f.Redundancy;
        var target = Fmt.Percent(r.TargetAccuracy);
        string Say(RecommendedK k, string method) => k.K is { } n
            ? $"{n} annotators per item reach {target} with {method}" + (k.ConservativeK is { } c ? $" ({c} to be 95% sure)" : " (no k tested is 95% sure to)")
            : $"{method} does not reach {target} with the annotators per item tested" + (k.Reason is null ? "" : $" ({k.Reason})");
        var parts = new List<string> { Say(r.MajorityVote, "majority vote") };
        if (r.DawidSkene is { } ds) parts.Add(Say(ds, "Dawid–Skene"));
        return string.Join("; ", parts) + ".";
    }
}
