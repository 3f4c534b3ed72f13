using System.Text.Json.Nodes;
using Quality.Analytics.Drift;
using Quality.Analytics.Intervals;

namespace Quality.Tests.Alerts;

/// <summary>Hand-made findings for the alert tests.</summary>
internal static class AlertTestData
{
    public static readonly DateTime Episode = new(2026, 10, 5, 9, 30, 0, DateTimeKind.Utc);

    public static DriftFinding Finding(string annotator = "a@example.com", DriftKind kind = DriftKind.GoldAccuracy, DateTime? episode = null,
        int correctAfter = 30, DateTime? detected = null) =>
        new(annotator, "sentiment", kind, episode ?? Episode, detected ?? Episode.AddDays(9), Episode.AddDays(1),
            DriftLevel.Of(WilsonInterval.Compute(90, 100)), DriftLevel.Of(WilsonInterval.Compute(correctAfter, 50)),
            correctAfter / 50.0 - 0.9, new JsonObject { ["cusum"] = 8.5, ["limit"] = 7.6, ["n_after"] = 50 });
}
