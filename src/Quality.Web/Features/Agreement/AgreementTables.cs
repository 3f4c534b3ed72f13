using Quality.Analytics;
using Quality.Analytics.Agreement;
using Quality.Web.Features.Projects;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Agreement;

/// <summary>The agreement numbers of a view as tables; the page, its CSV downloads and the overview all use these.</summary>
public static class AgreementTables
{
    /// <summary>The alpha a field is judged by: ordinal for ordered fields (disagreement by distance), nominal otherwise.</summary>
    public static AlphaLevel PrimaryLevel(string kind) => kind is "ordinal" or "numeric" ? AlphaLevel.Ordinal : AlphaLevel.Nominal;

    public static AlphaEstimate PrimaryAlpha(FieldAnalysis f, string kind) => f.Agreement.Alpha[PrimaryLevel(kind)];

    /// <summary>The consensus labels annotators are compared with: Dawid–Skene's, else the untied majority.</summary>
    public static int[]? ConsensusLabels(FieldAnalysis f) => f.DawidSkene?.Labels ?? f.MajorityVote?.UntiedLabels();

    public static ReportTable Coefficients(ProjectAnalysis analysis, AgreementBands bands, Func<string, string> fieldHref) =>
        Coefficients(analysis.Fields, f => analysis.Kinds.GetValueOrDefault(f, "nominal"), bands, fieldHref);

    public static ReportTable Coefficients(IReadOnlyList<FieldAnalysis> fields, Func<string, string> kindOf, AgreementBands bands, Func<string, string> fieldHref)
    {
        var t = new ReportTable("coefficients", "Agreement by field",
        [
            new("field", "Field"),
            new("kind", "Kind"),
            new("pairable_items", "Items (2+ answers)", CellFormat.Count, "Items with two or more answers: agreement is measured on these"),
            new("annotations", "Answers", CellFormat.Count),
            new("alpha_level", "α level"),
            new("alpha", "Krippendorff α", CellFormat.Number, "At the level that suits the field: ordinal for ordered fields, nominal otherwise"),
            new("alpha_ci95", "α 95% CI", CellFormat.Number, "Bootstrap over items (1,000 replicates, fixed seed)", IsRange: true),
            new("band", "Band", Description: $"reliable ≥ {bands.Reliable:0.000}, tentative ≥ {bands.Tentative:0.000}"),
            new("fleiss_kappa", "Fleiss κ", CellFormat.Number),
            new("gwet_ac1", "Gwet AC1", CellFormat.Number),
            new("brennan_prediger", "Brennan–Prediger", CellFormat.Number),
            new("mean_pairwise_cohen_kappa", "Mean pairwise κ", CellFormat.Number),
            new("percent_agreement", "% agreement", CellFormat.Percent, "Share of agreeing answer pairs on items with two or more answers"),
            new("ds_accuracy_vs_gold", "Consensus accuracy vs gold", CellFormat.Percent, "Dawid–Skene consensus fitted without gold, scored on gold items"),
            new("ds_accuracy_vs_gold_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
        ])
        {
            EmptyText = "No categorical field has answers in this view. Import annotations, or widen the filters.",
            Note = $"Chance-corrected agreement on items with two or more answers. Bands: reliable ≥ {Fmt.Number(bands.Reliable)}, tentative ≥ {Fmt.Number(bands.Tentative)} (Krippendorff 2004; configurable). Hover a column title for its definition.",
        };
        foreach (var f in fields)
        {
            var kind = kindOf(f.Field);
            var level = PrimaryLevel(kind);
            var alpha = f.Agreement.Alpha[level];
            var ds = f.DawidSkeneAccuracyVsGold;
            var dsCi = ds?.Wilson();
            t.Add(f.Field,
                new Link(f.Field, fieldHref(f.Field)), kind, f.Agreement.PairableItems, f.Agreement.Annotations,
                level.ToString().ToLowerInvariant(), alpha.Value.Value, alpha.Ci95 is { } ci ? new Ci(ci.Lower, ci.Upper) : null,
                bands.Describe(alpha.Value.Value), f.Agreement.FleissKappa.Value.Value, f.Agreement.GwetAc1.Value.Value,
                f.Agreement.BrennanPrediger.Value.Value, f.Agreement.MeanPairwiseCohenKappa.Value, f.Agreement.PercentAgreement.Value,
                ds?.Value, dsCi is { Lower: { } lo, Upper: { } hi } ? new Ci(lo, hi) : null);
        }
        return t;
    }

    public static ReportTable Pairs(FieldAnalysis f)
    {
        var t = new ReportTable("pairs", $"Annotator pairs on {f.Field}",
        [
            new("a", "Annotator A"),
            new("b", "Annotator B"),
            new("items", "Shared items", CellFormat.Count),
            new("cohen_kappa", "Cohen κ", CellFormat.Number),
            new("cohen_kappa_ci95", "κ 95% CI", CellFormat.Number, "Asymptotic standard error (Fleiss, Cohen & Everitt 1969)", IsRange: true),
            new("percent_agreement", "% agreement", CellFormat.Percent),
            new("low_sample", "Low sample", CellFormat.Flag, "Fewer shared items than the low-sample threshold"),
        ])
        {
            EmptyText = "No two annotators share an item in this view, so there is no pair to compare.",
        };
        foreach (var p in f.Agreement.Pairwise)
            t.Add($"{p.A}|{p.B}", p.A, p.B, p.Items, p.CohenKappa.Value.Value,
                p.CohenKappa.Ci95 is { } ci ? new Ci(ci.Lower, ci.Upper) : null, p.PercentAgreement.Value, p.LowSample);
        return t;
    }

    public static ReportTable Labels(FieldAnalysis f)
    {
        var t = new ReportTable("labels", $"Agreement per label on {f.Field}",
        [
            new("label", "Label"),
            new("ratings", "Answers", CellFormat.Count),
            new("share", "Share of answers", CellFormat.Percent),
            new("krippendorff_alpha", "α (this label vs the rest)", CellFormat.Number),
            new("fleiss_kappa", "Fleiss κ (this label vs the rest)", CellFormat.Number),
            new("low_sample", "Low sample", CellFormat.Flag),
        ])
        {
            Note = "Each label against all others: low values show the label annotators use inconsistently.",
        };
        foreach (var l in f.Agreement.PerLabel)
            t.Add(l.Label, l.Label, l.Ratings, l.Share, l.KrippendorffAlpha.Value, l.FleissKappa.Value, l.LowSample);
        return t;
    }

    /// <summary>A confusion matrix as a table: one row per row label, one column per column label, then the row total.</summary>
    public static ReportTable Confusion(string id, ConfusionMatrix m)
    {
        var columns = new List<ReportColumn> { new("label", $"{m.RowTitle} ↓ / {m.ColumnTitle} →") };
        columns.AddRange(m.Labels.Select((l, k) => new ReportColumn("c" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), l, CellFormat.Count)));
        columns.Add(new ReportColumn("total", "Total", CellFormat.Count));
        var t = new ReportTable(id, $"{m.RowTitle} against {m.ColumnTitle}", columns)
        {
            EmptyText = "No answer pairs to compare in this view.",
            Note = m.Agreement is { } a ? $"{Fmt.Count(m.Total)} pairs; {Fmt.Percent(a)} on the diagonal." : null,
        };
        if (m.Total == 0) return t;
        for (var r = 0; r < m.Labels.Count; r++)
        {
            var cells = new object?[m.Labels.Count + 2];
            cells[0] = m.Labels[r];
            for (var c = 0; c < m.Labels.Count; c++) cells[c + 1] = m.Counts[r, c];
            cells[^1] = m.RowTotal(r);
            t.Add(m.Labels[r], cells);
        }
        return t;
    }

    /// <summary>The gold codes of a field's items, or null when none of its items has gold.</summary>
    public static int[]? Gold(ProjectAnalysis analysis, string field) =>
        analysis.Field(field) is { } f && f.Analysis.GoldItems > 0 ? f.Data.Data.GoldByItem : null;

    /// <summary>Pooled accuracy on gold of all the field's answers: Σ correct / Σ answers on gold items.</summary>
    public static Quality.Analytics.Intervals.Proportion? PooledGoldAccuracy(FieldAnalysis f)
    {
        long k = 0, n = 0;
        foreach (var a in f.Annotators)
        {
            if (a.Gold is not { } g) continue;
            k += g.Share.Successes;
            n += g.Share.Trials;
        }
        return f.GoldItems == 0 ? null : new Quality.Analytics.Intervals.Proportion(k, n, "no answer on a gold item in this view");
    }
}
