using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quality.Analytics.Review;
using Quality.Exports;

namespace Quality.Cli.Commands;

/// <summary>`quality review-queue --project P --top N`: the items whose consensus is least certain, and what reviewing them catches.</summary>
internal sealed class ReviewQueueCommand : ICliCommand
{
    public string Name => "review-queue";
    public string Summary => "Items ranked by consensus uncertainty, with the share of expected errors the top N would catch";
    public string Usage => "--project NAME [--field F] [--top N] [--csv FILE] [--db PATH] [--json]";

    /// <summary>The CSV columns, in order.</summary>
    public static readonly IReadOnlyList<string> CsvHeader =
        ["rank", "field", "item", "consensus", "confidence", "uncertainty", "answers", "votes", "labels"];

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var project = args.Require("project");
        var field = args.Get("field");
        var top = args.GetInt("top", 100);
        if (top < 1) throw new CliUsageException("--top takes a positive number of items");
        var csv = args.Get("csv");
        if (args.Has("csv") && csv is null) throw new CliUsageException("--csv needs a FILE");
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();
        database.Migrate();

        var queue = ProjectReviewQueue.Build(database, project, field).Top(top);
        if (csv is not null) CsvExport.WriteFile(csv, CsvHeader, queue.Items.Select(CsvRow));
        if (json)
        {
            stdout.WriteLine(Json(project, field, top, queue));
            return 0;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Review these {queue.Items.Count} items to catch about {queue.ExpectedErrorsInTop:0.0} of the {queue.ExpectedErrorsRemaining:0.0} expected consensus errors") +
            (queue.ShareOfRemainingErrors is { } share ? string.Create(CultureInfo.InvariantCulture, $" ({share:P1}).") : $" ({queue.ShareReason})."));
        foreach (var i in queue.Items.Take(20))
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i.Rank,5}. {i.Field} {i.Item}: {i.ConsensusLabel} ({i.Confidence:0.000}), {Votes(i)}"));
        if (queue.Items.Count > 20) stdout.WriteLine($"  … {queue.Items.Count - 20} more" + (csv is null ? " (use --csv FILE or --json)" : $" in {csv}"));
        return 0;
    }

    private static IReadOnlyList<object?> CsvRow(ReviewItem i) =>
        [i.Rank, i.Field, i.Item, i.ConsensusLabel, i.Confidence, i.Uncertainty, i.AnswerCount, Votes(i), Labels(i)];

    private static string Votes(ReviewItem i) => string.Join("; ", i.Votes.Select(v => $"{v.Label}={v.Count}"));

    private static string Labels(ReviewItem i) => string.Join("; ", i.Answers.Select(a => $"{a.Annotator}={a.Label}"));

    private static string Json(string project, string? field, int top, ReviewQueueTop q)
    {
        var root = new JsonObject
        {
            ["project"] = project,
            ["field"] = field,
            ["top"] = top,
            ["queued_items"] = q.QueuedItems,
            ["expected_errors_in_top"] = q.ExpectedErrorsInTop,
            ["expected_errors_remaining"] = q.ExpectedErrorsRemaining,
            ["share_of_remaining_errors"] = q.ShareOfRemainingErrors,
            ["share_reason"] = q.ShareReason,
            ["items"] = new JsonArray(q.Items.Select(i => (JsonNode?)new JsonObject
            {
                ["rank"] = i.Rank,
                ["field"] = i.Field,
                ["item"] = i.Item,
                ["consensus"] = i.ConsensusLabel,
                ["confidence"] = i.Confidence,
                ["uncertainty"] = i.Uncertainty,
                ["answers"] = i.AnswerCount,
                ["votes"] = new JsonObject(i.Votes.Select(v => KeyValuePair.Create(v.Label, (JsonNode?)v.Count))),
                ["labels"] = new JsonArray(i.Answers.Select(a => (JsonNode?)new JsonObject { ["annotator"] = a.Annotator, ["label"] = a.Label }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
