using Quality.Analytics.Agreement;
using Quality.Analytics.Input;
using Quality.Analytics.Intervals;
using Quality.Projects;
using Quality.Storage;
using Quality.Web.Features.Agreement;
using Quality.Web.Features.Annotators;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Projects;

/// <summary>A headline number: its value, its interval or basis, and how it moved since the week before.</summary>
public sealed record Kpi(string Key, string Label, string Value, string? Detail = null, string? Change = null, string? ChangeDetail = null,
    string? Band = null);

/// <summary>Something a QA lead should look at, most urgent first, with where to look.</summary>
public sealed record AttentionItem(string Kind, string Text, string Href);

/// <summary>The last week with answers in the view against the week before it.</summary>
public sealed record WeekOverWeek(DateTime Latest, DateTime Previous, long LatestCount, long PreviousCount,
    Metric? LatestAlpha, Metric? PreviousAlpha, Proportion? LatestGold, Proportion? PreviousGold);

/// <summary>The project overview: KPIs with intervals and weekly change, what needs attention, and the tables.</summary>
public sealed record OverviewPage(ProjectContext Project, IReadOnlyList<Kpi> Kpis, IReadOnlyList<AttentionItem> Attention,
    ReportTable Coefficients, ReportTable Weekly, ReportTable Fields, ReportTable Imports, WeekOverWeek? Weeks)
{
    public IEnumerable<ReportTable> Tables => [Coefficients, Weekly, Fields, Imports];

    public static OverviewPage Build(ProjectContext p, QualityDatabase database, AgreementBands bands, DashboardOptions dashboard) =>
        p.Cached("overview-page", () =>
        {
            var f = p.Field;
            var weeks = f is null ? null : p.CachedData("week-over-week", () => Compare(p, database, f.Field));
            var kpis = new List<Kpi>();
            var volume = p.Activity.Weeks.Sum(w => w.Count);
            kpis.Add(new Kpi("annotations", "Answers", Fmt.Count(volume), p.Filter.IsEmpty ? "all fields" : "in this view, all fields",
                weeks is null ? null : Fmt.RelativeChange(weeks.LatestCount, weeks.PreviousCount),
                weeks is null ? null : $"week of {Fmt.Date(weeks.Latest)}: {Fmt.Count(weeks.LatestCount)}; week before: {Fmt.Count(weeks.PreviousCount)}"));
            if (f is not null)
            {
                var kind = p.FieldKind(f.Field);
                var alpha = AgreementTables.PrimaryAlpha(f, kind);
                kpis.Add(new Kpi("alpha", $"Agreement on {f.Field} (α {AgreementTables.PrimaryLevel(kind).ToString().ToLowerInvariant()})",
                    Fmt.Number(alpha.Value.Value),
                    alpha.Ci95 is { } ci ? $"95% CI {Fmt.Number(ci.Lower)} – {Fmt.Number(ci.Upper)}" : alpha.Value.Reason,
                    weeks?.LatestAlpha?.Value is { } a1 && weeks.PreviousAlpha?.Value is { } a0 ? Fmt.Change(a1 - a0) : null,
                    weeks is null ? null : $"week of {Fmt.Date(weeks.Latest)}: {Fmt.Number(weeks.LatestAlpha?.Value)}; week before: {Fmt.Number(weeks.PreviousAlpha?.Value)}",
                    bands.Describe(alpha.Value.Value)));
                var gold = AgreementTables.PooledGoldAccuracy(f);
                var wilson = gold?.Wilson();
                kpis.Add(new Kpi("gold_accuracy", $"Gold accuracy on {f.Field}", Fmt.Percent(gold?.Value),
                    wilson is { Lower: { } lo, Upper: { } hi } ? $"95% CI {Fmt.Percent(lo)} – {Fmt.Percent(hi)}; {Fmt.Count(gold!.Trials)} answers on gold" : "no answers on gold items",
                    weeks?.LatestGold?.Value is { } g1 && weeks.PreviousGold?.Value is { } g0 ? Fmt.Change(g1 - g0, share: true) : null,
                    weeks is null ? null : $"week of {Fmt.Date(weeks.Latest)}: {Fmt.Percent(weeks.LatestGold?.Value)} of {Fmt.Count(weeks.LatestGold?.Trials ?? 0)}; week before: {Fmt.Percent(weeks.PreviousGold?.Value)} of {Fmt.Count(weeks.PreviousGold?.Trials ?? 0)}"));
                var ds = f.DawidSkeneAccuracyVsGold;
                var dsCi = ds?.Wilson();
                kpis.Add(new Kpi("consensus_accuracy", "Consensus accuracy vs gold", Fmt.Percent(ds?.Value),
                    dsCi is { Lower: { } dlo, Upper: { } dhi } ? $"95% CI {Fmt.Percent(dlo)} – {Fmt.Percent(dhi)}; {Fmt.Count(ds!.Trials)} gold items" : f.DawidSkeneAccuracyReason ?? "no gold items"));
            }
            var pr = p.Overview.Project;
            kpis.Add(new Kpi("items", "Items", Fmt.Count(pr.Items), "whole project"));
            kpis.Add(new Kpi("annotators", "Annotators", Fmt.Count(pr.Annotators), "whole project"));
            kpis.Add(new Kpi("gold_items", "Gold items", Fmt.Count(pr.GoldItems), "whole project"));
            kpis.Add(new Kpi("period", "Period", $"{Fmt.Date(pr.FirstAnnotation)} – {Fmt.Date(pr.LastAnnotation)}", "whole project"));

            return new OverviewPage(p, kpis, FindAttention(p, bands, dashboard),
                AgreementTables.Coefficients(p.Analysis, bands, field => $"/projects/{p.ProjectId}/agreement{p.Filter.Query(field: field)}")
                    .Select("field", "kind", "pairable_items", "alpha_level", "alpha", "alpha_ci95", "band", "percent_agreement", "ds_accuracy_vs_gold", "ds_accuracy_vs_gold_ci95"),
                WeeklyTable(p.Activity.Weeks), FieldsTable(p.Overview.Fields), ImportsTable(p.Overview.Imports), weeks);
        });

    /// <summary>Most urgent first: annotators below the accuracy threshold, then fields with low agreement.</summary>
    private static List<AttentionItem> FindAttention(ProjectContext p, AgreementBands bands, DashboardOptions dashboard)
    {
        var items = new List<AttentionItem>();
        var low = p.Analysis.Fields
            .SelectMany(f => f.Annotators.Where(a => a.Gold?.Share.Value < dashboard.AttentionGoldAccuracy && a.Gold.Share.Trials >= dashboard.AttentionMinGoldAnswers)
                .Select(a => (Field: f.Field, A: a)))
            .OrderBy(x => x.A.Gold!.Share.Value);
        foreach (var (field, a) in low)
        {
            var ci = a.Gold!.Interval;
            items.Add(new AttentionItem("accuracy",
                $"{a.Annotator}: {Fmt.Percent(a.Gold.Share.Value)} correct on {field} gold ({Fmt.Count(a.Gold.Share.Successes)} of {Fmt.Count(a.Gold.Share.Trials)}; 95% CI {Fmt.Percent(ci.Lower)} – {Fmt.Percent(ci.Upper)}), below {Fmt.Percent(dashboard.AttentionGoldAccuracy, 0)}",
                $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(a.Annotator)}{p.Filter.Query(field: field)}"));
        }
        foreach (var f in p.Analysis.Fields)
        {
            var kind = p.FieldKind(f.Field);
            var alpha = AgreementTables.PrimaryAlpha(f, kind).Value.Value;
            if (bands.Describe(alpha) != "low") continue;
            items.Add(new AttentionItem("agreement",
                $"{f.Field}: agreement is low (α {AgreementTables.PrimaryLevel(kind).ToString().ToLowerInvariant()} {Fmt.Number(alpha)}, below {Fmt.Number(bands.Tentative)}): check the guidelines and the label confusion",
                $"/projects/{p.ProjectId}/agreement{p.Filter.Query(field: f.Field)}"));
        }
        return items;
    }

    private static WeekOverWeek? Compare(ProjectContext p, QualityDatabase database, string field)
    {
        var weeks = p.Activity.Weeks.Where(w => w.Count > 0).ToList();
        if (weeks.Count < 2) return null;
        var latest = weeks[^1].WeekStart;
        var previous = latest.AddDays(-7);
        var previousCount = p.Activity.Weeks.FirstOrDefault(w => w.WeekStart == previous).Count;
        var team = p.Activity.TeamGoldWeeks(field);
        Proportion? Gold(DateTime week) => team.FirstOrDefault(w => w.WeekStart == week) is { } g ? new Proportion(g.Correct, g.Answers) : null;
        return new WeekOverWeek(latest, previous, weeks[^1].Count, previousCount,
            WeekAlpha(p, database, field, latest), WeekAlpha(p, database, field, previous), Gold(latest), Gold(previous));
    }

    /// <summary>The field's alpha on one week's answers (within the view's period and annotators).</summary>
    private static Metric? WeekAlpha(ProjectContext p, QualityDatabase database, string field, DateTime week)
    {
        var from = p.Ratings.From is { } f && f > week ? f : week;
        var to = p.Ratings.To is { } t && t < week.AddDays(7) ? t : week.AddDays(7);
        using var c = database.Open();
        var data = ProjectRatings.Load(c, p.ProjectId, field, new RatingFilter(from, to, p.Ratings.Annotators));
        if (data.Count == 0) return null;
        var agreement = AgreementCalculator.Compute(data[0].Data.Ratings, AgreementOptions.Default with { BootstrapReplicates = 0 }, field);
        return agreement.Alpha[AgreementTables.PrimaryLevel(p.FieldKind(field))].Value;
    }

    private static ReportTable WeeklyTable(IReadOnlyList<(DateTime WeekStart, long Count)> weeks)
    {
        var t = new ReportTable("weekly", "Answers per week", [new("week", "Week starting (UTC)", CellFormat.Date), new("annotations", "Answers", CellFormat.Count)])
        {
            EmptyText = "No dated answers in this view.",
        };
        foreach (var (week, count) in weeks) t.Add(Fmt.Date(week), week, count);
        return t;
    }

    private static ReportTable FieldsTable(IReadOnlyList<FieldSummary> fields)
    {
        var t = new ReportTable("fields", "Fields",
            [new("field", "Field"), new("kind", "Kind"), new("labels", "Labels"), new("annotations", "Answers", CellFormat.Count), new("gold", "Gold", CellFormat.Count)]);
        foreach (var f in fields)
            t.Add(f.Name, f.Name, f.Kind.Replace('_', ' '), string.Join(", ", f.Categories.Take(12)) + (f.Categories.Count > 12 ? ", …" : ""), f.Annotations, f.GoldItems);
        return t;
    }

    private static ReportTable ImportsTable(IReadOnlyList<ImportRecord> imports)
    {
        var t = new ReportTable("imports", "Imports",
        [
            new("id", "#", CellFormat.Count), new("file", "File"), new("format", "Format"), new("annotations", "Answers", CellFormat.Count),
            new("added", "New", CellFormat.Count), new("skipped", "Skipped", CellFormat.Count), new("finished", "Finished", CellFormat.DateTime),
            new("sha256", "SHA-256", CellFormat.Code),
        ]);
        foreach (var i in imports)
            t.Add(i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Id, i.FileName, i.Format, i.Annotations, i.AnnotationsAdded,
                i.Skipped, i.FinishedAt, i.Sha256);
        return t;
    }

    /// <summary>The annotators table of the focus field, for the overview's short list.</summary>
    public ReportTable? Team => Project.Field is { } f ? AnnotatorTables.Team(Project, f) : null;
}
