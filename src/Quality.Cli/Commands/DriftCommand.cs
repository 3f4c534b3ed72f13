using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Analytics.Input;
using Quality.Analytics.Intervals;

namespace Quality.Cli.Commands;

/// <summary>`quality drift --project P`: runs drift detection on a project, stores the alerts and prints them.</summary>
public sealed class DriftCommand : ICliCommand
{
    public string Name => "drift";
    public string Summary => "Detect annotator drift (gold accuracy, agreement, label distribution) and store the alerts";
    public string Usage => "--project NAME [--db PATH] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var project = args.Require("project");
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();

        if (!File.Exists(database.Path)) throw new QualityException($"no database at {database.Path}; import a project first");
        database.Migrate();
        int projectId;
        using (var c = database.Open())
            projectId = ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
        var check = DriftService.Check(database, projectId);
        if (json) stdout.WriteLine(ToJson(project, check).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else WriteText(project, check, stdout);
        return 0;
    }

    /// <summary>The --json document: the alerts this check found (as stored) and every annotator × field.</summary>
    public static JsonObject ToJson(string project, DriftCheck check)
    {
        var found = check.NewAlertIds.Concat(check.UpdatedAlertIds).ToHashSet();
        var alerts = new JsonArray();
        foreach (var a in check.Alerts.Where(a => found.Contains(a.Id)).OrderBy(a => a.DetectedAt).ThenBy(a => a.Annotator, StringComparer.Ordinal))
        {
            var o = a.ToJson();
            o["new"] = check.NewAlertIds.Contains(a.Id);
            alerts.Add(o);
        }
        var annotators = new JsonArray();
        foreach (var a in check.Report.Annotators) annotators.Add(Annotator(a));
        return new JsonObject
        {
            ["project"] = project,
            ["data_up_to"] = check.Report.DataUpTo is { } t ? DriftAnalyzer.Iso(t) : null,
            ["settings"] = JsonNode.Parse(check.Report.Settings.ToString()),
            ["alerts"] = alerts,
            ["annotators"] = annotators,
            ["notes"] = new JsonArray(check.Report.Notes.Select(n => (JsonNode?)n).ToArray()),
        };
    }

    private static JsonObject Annotator(AnnotatorDrift a)
    {
        var gold = a.GoldAccuracy;
        var weekly = new JsonArray();
        foreach (var week in gold.Weekly)
            weekly.Add(new JsonObject
            {
                ["week"] = week.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["gold_answers"] = week.Accuracy.Trials,
                ["correct"] = week.Accuracy.Successes,
                ["accuracy"] = week.Accuracy.Estimate,
                ["ci95"] = Interval(week.Accuracy),
            });
        var latest = gold.Rolling.Count > 0 ? gold.Rolling[^1] : null;
        var labels = a.LabelDistribution.Change;
        return new JsonObject
        {
            ["annotator"] = a.Annotator,
            ["field"] = a.Field,
            ["gold_answers"] = gold.Overall.Trials,
            ["gold_accuracy"] = gold.Overall.Estimate,
            ["gold_accuracy_ci95"] = Interval(gold.Overall),
            ["status"] = a.Status.ToDb(),
            ["status_reason"] = a.Gold.Detection.Reason,
            ["cusum"] = Cusum(a.Gold.Detection),
            ["rolling"] = latest is null ? null : new JsonObject
            {
                ["window"] = latest.Accuracy.Trials,
                ["accuracy"] = latest.Accuracy.Estimate,
                ["ci95"] = Interval(latest.Accuracy),
                ["at"] = DriftAnalyzer.Iso(latest.At),
            },
            ["weekly"] = weekly,
            ["agreement"] = new JsonObject
            {
                ["answers"] = a.Agreement.Detection.Answers,
                ["rate"] = a.Agreement.Detection.Answers > 0 ? (double)a.Agreement.Detection.Correct / a.Agreement.Detection.Answers : null,
                ["status"] = a.Agreement.Detection.Status.ToDb(),
                ["cusum"] = Cusum(a.Agreement.Detection),
            },
            ["accuracy"] = Accuracy(a.Accuracy),
            ["label_distribution"] = new JsonObject
            {
                ["answers"] = a.LabelDistribution.Answers,
                ["flagged"] = labels?.Flagged ?? false,
                ["self_p"] = labels?.CandidateWeeks > 0 ? labels.SelfPValue : null,
                ["team_p_holm"] = labels?.ChangeWeek is not null ? labels.AdjustedTeamPValue : null,
                ["change_week"] = labels?.ChangeWeek is { } w ? w.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                ["jsd_before"] = labels?.JensenShannonBefore,
                ["jsd_after"] = labels?.JensenShannonAfter,
                ["reason"] = a.LabelDistribution.Reason,
            },
        };
    }

    private static JsonObject? Cusum(SequentialResult d) => d.Design is not { } design ? null : new JsonObject
    {
        ["p0"] = design.P0,
        ["p1"] = design.P1,
        ["limit"] = d.Limit!.Limit,
        ["max"] = d.Path.Length > 0 ? d.Path.Max() : 0,
        ["last"] = d.Path.Length > 0 ? d.Path[^1] : 0,
        ["horizon_answers"] = d.Horizon,
        ["signals"] = d.Alarms.Count,
    };

    private static JsonObject? Accuracy(AccuracyStream? s)
    {
        if (s is null) return null;
        var d = s.Detection;
        var overall = s.Evidence.Count > 0 ? AccuracyDetector.Overall(s.Evidence) : null;
        return new JsonObject
        {
            ["answers"] = d.Answers,
            ["gold_answers"] = d.GoldAnswers,
            ["accuracy"] = overall?.Estimate,
            ["ci95"] = overall is null ? null : new JsonArray(overall.Lower, overall.Upper),
            ["status"] = d.Status.ToDb(),
            ["reason"] = d.Reason,
            ["cusum"] = d.Design is not { } design ? null : new JsonObject
            {
                ["p0"] = design.P0,
                ["p1"] = design.P1,
                ["limit"] = d.Limit,
                ["max"] = d.Path.Length > 0 ? d.Path.Max() : 0,
                ["last"] = d.Path.Length > 0 ? d.Path[^1] : 0,
                ["horizon_answers"] = d.Horizon,
                ["signals"] = d.Alarms.Count,
                ["signals_below_min_drop"] = d.SignalsBelowMinimumDrop,
            },
        };
    }

    private static JsonArray? Interval(WilsonInterval w) => w.Lower is { } lo && w.Upper is { } hi ? new JsonArray(lo, hi) : null;

    private static void WriteText(string project, DriftCheck check, TextWriter stdout)
    {
        var r = check.Report;
        stdout.WriteLine($"Drift in '{project}' (data up to {(r.DataUpTo is { } t ? DriftAnalyzer.Iso(t) : "-")}):");
        foreach (var a in r.Annotators)
        {
            var g = a.GoldAccuracy.Overall;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {a.Annotator,-32} {a.Field,-12} gold {g.Successes,4}/{g.Trials,-4} {Percent(g.Estimate),6} [{Percent(g.Lower)}, {Percent(g.Upper)}]  {a.Status.ToDb()}"));
        }
        var found = check.NewAlertIds.Concat(check.UpdatedAlertIds).ToHashSet();
        var alerts = check.Alerts.Where(a => found.Contains(a.Id)).ToList();
        stdout.WriteLine(alerts.Count == 0 ? "No drift alerts." : $"{alerts.Count} drift alert(s), {check.NewAlertIds.Count} new:");
        foreach (var a in alerts.OrderBy(a => a.DetectedAt))
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  #{a.Id} {a.Kind.ToDb()} {a.Annotator} {a.Field}: {a.Before.Level:0.000} -> {a.After.Level:0.000} from {a.Changepoint:yyyy-MM-dd}, detected {a.DetectedAt:yyyy-MM-dd} ({(a.Status == AlertStatus.Open ? "open" : "acknowledged")})"));
        foreach (var note in r.Notes) stdout.WriteLine("  note: " + note);
    }

    private static string Percent(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
}

/// <summary>`quality drift ack ID --by NAME [--comment TEXT]`: acknowledges a drift alert.</summary>
public sealed class DriftAckCommand : ICliCommand
{
    public string Name => "drift ack";
    public string Summary => "Acknowledge a drift alert, with a comment";
    public string Usage => "ALERT_ID --by NAME [--comment TEXT] [--db PATH] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positionals.Count != 1 || !long.TryParse(args.Positionals[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            throw new CliUsageException("name the alert by its number");
        var by = args.Require("by");
        var comment = args.Get("comment");
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();
        if (!File.Exists(database.Path)) throw new QualityException($"no database at {database.Path}");
        database.Migrate();
        using var c = database.Open();
        var alert = AlertStore.Acknowledge(c, id, by, comment);
        stdout.WriteLine(json ? alert.ToJson().ToJsonString() : $"Alert #{alert.Id} acknowledged by {alert.AcknowledgedBy}.");
        return 0;
    }
}
