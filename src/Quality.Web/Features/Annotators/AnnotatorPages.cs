using Quality.Analytics;
using Quality.Charts;
using Quality.Web.Features.Agreement;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Annotators;

/// <summary>The annotators page: the team table of the focus field.</summary>
public sealed record TeamPage(ProjectContext Project, FieldAnalysis? Field, ReportTable? Table)
{
    /// <summary>Not cached as a whole: the drift column reads the alerts fresh; everything costly under it is cached.</summary>
    public static TeamPage Build(ProjectContext p) => new(p, p.Field, p.Field is { } f ? AnnotatorTables.Team(p, f) : null);
}

/// <summary>One annotator's page: their numbers on the focus field, week by week, and how their labels compare.</summary>
public sealed record AnnotatorPage(
    ProjectContext Project, string Annotator, string? Pool, FieldAnalysis? Field, AnnotatorSummary? Summary,
    ReportTable Fields, ReportTable? Weekly, IReadOnlyList<WeeklyAccuracy> Weeks, IReadOnlyList<WeeklyAccuracy> TeamWeeks,
    ReportTable? VsGold, ReportTable? VsConsensus, ReportTable? Distribution, (long[] Own, long[] Others)? LabelCounts)
{
    public IEnumerable<ReportTable> Tables => new[] { Fields, Weekly, VsGold, VsConsensus, Distribution }.OfType<ReportTable>();

    public AnnotatorActivity? Activity => Field is null ? null : Project.Activity.Of(Field.Field, Annotator);

    public static AnnotatorPage Build(ProjectContext p, string annotator) => p.Cached($"annotator-page|{annotator}", () =>
    {
        var fields = FieldsTable(p, annotator);
        var f = p.Field;
        var summary = f?.Annotators.FirstOrDefault(a => a.Annotator == annotator);
        if (f is null || summary is null)
            return new AnnotatorPage(p, annotator, p.PoolOf(annotator), f, null, fields, null, [], [], null, null, null, null);

        var weeks = p.Activity.GoldWeeksOf(f.Field, annotator).Select(w => new WeeklyAccuracy(w.WeekStart, w.Correct, w.Answers)).ToList();
        var team = p.Activity.TeamGoldWeeks(f.Field).Select(w => new WeeklyAccuracy(w.WeekStart, w.Correct, w.Answers)).ToList();
        var set = p.FieldData!.Data.Ratings;
        var rater = set.RaterNames.ToList().IndexOf(annotator);
        var gold = AgreementTables.Gold(p.Analysis, f.Field);
        var consensus = AgreementTables.ConsensusLabels(f);
        var vsGold = gold is null ? null
            : AgreementTables.Confusion("confusion-gold", LabelConfusion.AgainstReference(set, rater, gold, "Gold", annotator));
        var vsConsensus = consensus is null ? null
            : AgreementTables.Confusion("confusion-consensus", LabelConfusion.AgainstReference(set, rater, consensus, "Consensus", annotator));
        var counts = LabelConfusion.LabelCounts(set, rater);
        return new AnnotatorPage(p, annotator, p.PoolOf(annotator), f, summary, fields,
            WeeklyTable(weeks, team, f.Field), weeks, team, vsGold, vsConsensus, DistributionTable(set.LabelNames, counts, f.Field), counts);
    });

    public string WeeklySvg(DateTime? changepoint) => Project.Cached($"weekly-svg|{Annotator}|{changepoint:O}", () =>
        WeeklyAccuracyChart.Svg(Annotator, Field?.Field ?? "—", Weeks, TeamWeeks, changepoint));

    public string DistributionSvg() => Project.Cached($"distribution-svg|{Annotator}", () =>
        LabelCounts is { } c && Field is { } f
            ? LabelDistributionChart.Svg(Annotator, f.Field, Project.FieldData!.Data.Ratings.LabelNames, c.Own, c.Others)
            : LabelDistributionChart.Svg(Annotator, "—", [], [], []));

    private static ReportTable FieldsTable(ProjectContext p, string annotator)
    {
        var t = new ReportTable("fields", "Every field",
        [
            new("field", "Field"),
            new("annotations", "Answers", CellFormat.Count),
            new("median_lead_time_s", "Median time per answer", CellFormat.Seconds),
            new("agreement_with_consensus", "Agrees with consensus", CellFormat.Percent),
            new("mean_cohen_kappa", "Mean κ with others", CellFormat.Number),
            new("gold_items", "Gold answers", CellFormat.Count),
            new("gold_accuracy", "Gold accuracy", CellFormat.Percent),
            new("gold_accuracy_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
        ])
        {
            EmptyText = "This annotator has no answers in this view.",
        };
        foreach (var f in p.Analysis.Fields)
        {
            var a = f.Annotators.FirstOrDefault(x => x.Annotator == annotator);
            if (a is null) continue;
            t.Add(f.Field, new Link(f.Field, $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(annotator)}{p.Filter.Query(field: f.Field)}"),
                a.Annotations, p.Activity.Of(f.Field, annotator)?.MedianLeadTimeSeconds, a.Consensus?.Share.Value,
                a.Peers?.MeanCohenKappa.Value, a.Gold?.Share.Trials ?? 0, a.Gold?.Share.Value, AnnotatorTables.Wilson(a));
        }
        return t;
    }

    private static ReportTable WeeklyTable(IReadOnlyList<WeeklyAccuracy> weeks, IReadOnlyList<WeeklyAccuracy> team, string field)
    {
        var t = new ReportTable("weekly", $"Accuracy on gold per week ({field})",
        [
            new("week", "Week starting (UTC)", CellFormat.Date),
            new("gold_items", "Gold answers", CellFormat.Count),
            new("correct", "Correct", CellFormat.Count),
            new("accuracy", "Accuracy", CellFormat.Percent),
            new("accuracy_ci95", "95% CI (Wilson)", CellFormat.Percent, IsRange: true),
            new("team_accuracy", "Team accuracy", CellFormat.Percent, "All annotators' answers on gold that week"),
        ])
        {
            EmptyText = "No answers on gold items in this view: the annotator saw no honeypot, or the project has no gold for this field.",
        };
        foreach (var w in weeks)
        {
            var ci = Quality.Analytics.Intervals.WilsonInterval.Compute(w.Correct, w.Answers);
            var tw = team.FirstOrDefault(x => x.WeekStart == w.WeekStart);
            t.Add(w.WeekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                w.WeekStart, w.Answers, w.Correct, w.Answers > 0 ? (double)w.Correct / w.Answers : null,
                ci.Lower is { } lo && ci.Upper is { } hi ? new Ci(lo, hi) : null,
                tw.Answers > 0 ? (double)tw.Correct / tw.Answers : null);
        }
        return t;
    }

    private static ReportTable DistributionTable(IReadOnlyList<string> labels, (long[] Own, long[] Others) counts, string field)
    {
        var t = new ReportTable("distribution", $"Labels given on {field}, against the rest of the team",
        [
            new("label", "Label"),
            new("answers", "Answers", CellFormat.Count),
            new("share", "Share", CellFormat.Percent),
            new("team_answers", "Rest of team: answers", CellFormat.Count),
            new("team_share", "Rest of team: share", CellFormat.Percent),
            new("difference", "Difference", CellFormat.PercentPoints, "This annotator's share minus the rest of the team's"),
        ]);
        long own = counts.Own.Sum(), others = counts.Others.Sum();
        for (var k = 0; k < labels.Count; k++)
        {
            double? s = own > 0 ? (double)counts.Own[k] / own : null;
            double? ts = others > 0 ? (double)counts.Others[k] / others : null;
            t.Add(labels[k], labels[k], counts.Own[k], s, counts.Others[k], ts, s - ts);
        }
        return t;
    }
}
