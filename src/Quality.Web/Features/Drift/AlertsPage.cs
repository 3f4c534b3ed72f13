using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Drift;

/// <summary>Which alerts the inbox shows: by status and kind, on top of the view's field, annotators, pool and dates.</summary>
public sealed record AlertQuery(string Status, string? Kind)
{
    public static readonly string[] Statuses = ["open", "acknowledged", "all"];
    public static readonly string[] Kinds = ["gold_accuracy", "accuracy", "agreement", "label_distribution"];

    public static AlertQuery Parse(IQueryCollection query, List<string> problems)
    {
        var status = query["status"].ToString();
        if (string.IsNullOrEmpty(status)) status = "open";
        else if (!Statuses.Contains(status))
        {
            problems.Add($"Unknown status '{status}': use open, acknowledged or all; showing open alerts.");
            status = "open";
        }
        var kind = query["kind"].ToString();
        if (string.IsNullOrEmpty(kind)) kind = null;
        else if (!Kinds.Contains(kind))
        {
            problems.Add($"Unknown kind '{kind}': use gold_accuracy, accuracy, agreement or label_distribution; showing every kind.");
            kind = null;
        }
        return new AlertQuery(status, kind);
    }

    /// <summary>The extra query parameters that keep this selection in links.</summary>
    public IReadOnlyList<(string Name, string? Value)> Extra => [("status", Status == "open" ? null : Status), ("kind", Kind)];
}

/// <summary>The drift inbox of one project: alerts in the view, newest detection first, each with what to do about it.</summary>
public sealed record AlertsPage(ProjectContext Project, AlertQuery Query, IReadOnlyList<DriftAlert> Alerts, ReportTable Table,
    int OpenCount, int TotalCount, IReadOnlyList<string> Problems)
{
    public static AlertsPage Build(ProjectContext p, AlertQuery query, IReadOnlyList<string> problems)
    {
        var all = Load(p);
        var shown = all.Where(a => Matches(p, query, a)).ToList();
        return new AlertsPage(p, query, shown, BuildTable(p, shown), all.Count(a => a.Status == AlertStatus.Open), all.Count, problems);
    }

    /// <summary>Every stored alert of the project (read fresh: a check or an acknowledgement changes them without an import).</summary>
    public static IReadOnlyList<DriftAlert> Load(ProjectContext p)
    {
        using var c = p.Database.Open();
        return AlertStore.List(c, p.ProjectId);
    }

    private static bool Matches(ProjectContext p, AlertQuery q, DriftAlert a)
    {
        if (q.Status == "open" && a.Status != AlertStatus.Open) return false;
        if (q.Status == "acknowledged" && a.Status != AlertStatus.Acknowledged) return false;
        if (q.Kind is not null && a.Kind.ToDb() != q.Kind) return false;
        if (p.Filter.Field is { } f && a.Field != f) return false;
        if (p.Ratings.Annotators is { } names && !names.Contains(a.Annotator)) return false;
        if (p.Filter.From is { } from && a.DetectedAt < from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) return false;
        if (p.Filter.To is { } to && a.DetectedAt >= to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) return false;
        return true;
    }

    public static string KindTitle(DriftKind kind) => kind switch
    {
        DriftKind.GoldAccuracy => "Gold accuracy dropped",
        DriftKind.Agreement => "Agreement with the team dropped",
        DriftKind.Accuracy => "Accuracy dropped (gold and consensus)",
        _ => "Label mix changed",
    };

    /// <summary>The alert in one plain sentence: who, what, from when, by how much.</summary>
    public static string Describe(DriftAlert a)
    {
        string Level(AlertLevel l) => $"{Fmt.Percent(l.Level)} (95% CI {Fmt.Percent(l.Lower)} – {Fmt.Percent(l.Upper)}, {Fmt.Count(l.Answers)} answers)";
        return a.Kind switch
        {
            DriftKind.GoldAccuracy =>
                $"{a.Annotator}'s accuracy on {a.Field} gold items went from {Level(a.Before)} to {Level(a.After)} from about {Fmt.Date(a.Changepoint)}.",
            DriftKind.Accuracy =>
                $"{a.Annotator}'s estimated accuracy on {a.Field}, read off gold items and the other annotators' consensus, went from {Level(a.Before)} to {Level(a.After)} from about {Fmt.Date(a.Changepoint)}.",
            DriftKind.Agreement =>
                $"{a.Annotator}'s agreement with the rest of the team's consensus on {a.Field} went from {Level(a.Before)} to {Level(a.After)} from about {Fmt.Date(a.Changepoint)}.",
            _ =>
                $"{a.Annotator} gives the label '{a.Evidence["label"]?.GetValue<string>() ?? "?"}' on {a.Field} in {Fmt.Percent(a.After.Level)} of answers since the week of {Fmt.Date(a.Changepoint)}, against {Fmt.Percent(a.Before.Level)} before; the rest of the team did not change like this.",
        };
    }

    /// <summary>Drift status of each annotator from the open alerts: "drifting" (gold or agreement), "label mix changed", or null.</summary>
    public static IReadOnlyDictionary<(string Annotator, string Field), string> Status(IReadOnlyList<DriftAlert> alerts)
    {
        var status = new Dictionary<(string, string), string>();
        foreach (var a in alerts.Where(a => a.Status == AlertStatus.Open))
        {
            var key = (a.Annotator, a.Field);
            if (a.Kind is DriftKind.GoldAccuracy or DriftKind.Agreement or DriftKind.Accuracy) status[key] = "drifting";
            else status.TryAdd(key, "label mix changed");
        }
        return status;
    }

    /// <summary>
    /// What the open alerts ask of a lead, one line per annotator and field, drifting ones (gold accuracy,
    /// agreement) before label-mix changes, largest drop first.
    /// </summary>
    public static IReadOnlyList<Projects.AttentionItem> Attention(ProjectContext p, IReadOnlyList<DriftAlert> alerts)
    {
        var items = new List<(int Order, double Size, Projects.AttentionItem Item)>();
        foreach (var g in alerts.Where(a => a.Status == AlertStatus.Open).GroupBy(a => (a.Annotator, a.Field)))
        {
            var href = $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(g.Key.Annotator)}?field={Uri.EscapeDataString(g.Key.Field)}";
            var drops = g.Where(a => a.Kind is DriftKind.GoldAccuracy or DriftKind.Agreement or DriftKind.Accuracy).OrderBy(a => a.Kind).ToList();
            if (drops.Count > 0)
            {
                var parts = drops.Select(a => $"{a.Kind.Describe()} {Fmt.Percent(a.Before.Level)} → {Fmt.Percent(a.After.Level)} from about {Fmt.Date(a.Changepoint)}");
                items.Add((0, drops.Min(a => a.Change), new Projects.AttentionItem("drift",
                    $"{g.Key.Annotator} is drifting on {g.Key.Field}: {string.Join("; ", parts)} (open alert{(drops.Count > 1 ? "s" : "")} {string.Join(", ", drops.Select(a => "#" + a.Id))})", href)));
            }
            foreach (var a in g.Where(a => a.Kind == DriftKind.LabelDistribution))
                items.Add((1, -Math.Abs(a.Change), new Projects.AttentionItem("label-mix",
                    $"{a.Annotator}'s label mix on {a.Field} changed from the week of {Fmt.Date(a.Changepoint)}: '{a.Evidence["label"]?.GetValue<string>() ?? "?"}' {Fmt.Percent(a.Before.Level)} → {Fmt.Percent(a.After.Level)} of answers (open alert #{a.Id})", href)));
        }
        return items.OrderBy(x => x.Order).ThenBy(x => x.Size).Select(x => x.Item).ToList();
    }

    private static ReportTable BuildTable(ProjectContext p, IReadOnlyList<DriftAlert> alerts)
    {
        var t = new ReportTable("alerts", "Alerts",
        [
            new("id", "#", CellFormat.Count),
            new("detected_at", "Detected", CellFormat.Date),
            new("annotator", "Annotator"),
            new("field", "Field"),
            new("kind", "Kind"),
            new("changepoint", "Change from", CellFormat.Date, "The estimated change point"),
            new("before", "Before", CellFormat.Percent),
            new("before_ci95", "Before 95% CI", CellFormat.Percent, IsRange: true),
            new("after", "After", CellFormat.Percent),
            new("after_ci95", "After 95% CI", CellFormat.Percent, IsRange: true),
            new("change", "Change", CellFormat.PercentPoints),
            new("status", "Status"),
            new("acknowledged_by", "Acknowledged by"),
            new("comment", "Comment"),
            new("still_detected", "Still detected", CellFormat.Flag, "Whether the newest check still finds this change"),
        ])
        {
            EmptyText = "No alerts in this view.",
        };
        foreach (var a in alerts)
            t.Add(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Id, a.DetectedAt,
                new Link(a.Annotator, $"/projects/{p.ProjectId}/annotators/{Uri.EscapeDataString(a.Annotator)}{p.Filter.Query(field: a.Field)}"),
                a.Field, a.Kind.ToDb(), a.Changepoint, a.Before.Level, new Ci(a.Before.Lower, a.Before.Upper), a.After.Level,
                new Ci(a.After.Lower, a.After.Upper), a.Change, a.Status == AlertStatus.Open ? "open" : "acknowledged", a.AcknowledgedBy,
                a.Comment, a.StillDetected);
        return t;
    }
}

/// <summary>The drift analysis of a project's whole data (control charts), computed once per data state.</summary>
/// <remarks>The drift check job reads the same cache entry, so a check and the pages analyse each data state once.</remarks>
public static class ProjectDrift
{
    private const string Name = "drift-report";

    public static DriftReport Report(ProjectContext p) => p.CachedProject(Name, () => Analyze(p.Database, p.ProjectId));

    /// <summary>The same entry for a project id, outside a request (the check job, the warm-up).</summary>
    /// <param name="cancellationToken">Stops the analysis when the app shuts down; a cancelled analysis is not cached.</param>
    public static DriftReport Report(ProjectCache cache, Quality.Storage.QualityDatabase database, int projectId, CancellationToken cancellationToken = default) =>
        cache.Get(projectId, cache.Version(projectId), ProjectContext.ProjectKey(Name), () => Analyze(database, projectId, cancellationToken));

    private static DriftReport Analyze(Quality.Storage.QualityDatabase database, int projectId, CancellationToken cancellationToken = default)
    {
        using var c = database.Open();
        return DriftService.Analyze(c, projectId, cancellationToken: cancellationToken);
    }
}
