using Quality.Analytics.Review;
using Quality.Web.Features.Shared;

namespace Quality.Web.Features.Review;

/// <summary>
/// The items to review first: ranked by how unsure the Dawid–Skene consensus is, with what reviewing the first N
/// would catch. One field when the view has one, else every categorical field together.
/// </summary>
public sealed record ReviewPage(ProjectContext Project, string? Field, int Top, ReviewQueueTop Queue, ReportTable Table)
{
    public const int DefaultTop = 100;
    public const int MaxTop = 20_000;

    public static int ParseTop(string? text, List<string> problems)
    {
        if (string.IsNullOrEmpty(text)) return DefaultTop;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxTop) return n;
        problems.Add($"'{text}' is not a number of items between 1 and {MaxTop:N0}; showing the first {DefaultTop}.");
        return DefaultTop;
    }

    public static ReviewPage Build(ProjectContext p, int top)
    {
        var field = p.Filter.Field is { } f && p.Analysis.Fields.Any(x => x.Field == f) ? f : null;
        var queue = p.CachedProject($"review-queue|{field}", () => ProjectReviewQueue.Build(p.Database, p.Name, field));
        var head = queue.Top(top);
        var t = new ReportTable("review-queue", field is null ? "Items to review first, every field" : $"Items to review first on {field}",
        [
            new("rank", "Rank", CellFormat.Count),
            new("field", "Field"),
            new("item", "Item"),
            new("consensus_label", "Consensus label"),
            new("confidence", "Confidence", CellFormat.Percent, "Dawid–Skene posterior probability of the consensus label"),
            new("uncertainty", "Chance it is wrong", CellFormat.Percent, "1 − confidence: the expected number of errors this item holds"),
            new("answers", "Answers", CellFormat.Count),
            new("votes", "Votes", Description: "Answers per label, most given first"),
        ])
        {
            EmptyText = head.ShareReason ?? "No item without gold has answers.",
        };
        foreach (var i in head.Items)
            t.Add($"{i.Field}|{i.Item}", i.Rank, i.Field, i.Item, i.ConsensusLabel, i.Confidence, i.Uncertainty, i.AnswerCount,
                string.Join(", ", i.Votes.Select(v => $"{v.Label} ×{v.Count}")));
        return new ReviewPage(p, field, top, head, t);
    }
}
