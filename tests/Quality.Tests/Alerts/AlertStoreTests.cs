using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Storage;
using Quality.Tests.Support;
using static Quality.Tests.Alerts.AlertTestData;

namespace Quality.Tests.Alerts;

public sealed class AlertStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private static readonly DateTime Now = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Save_NewFinding_StoresEveryColumnOpen()
    {
        using var c = _db.Database.Open();

        var saved = AlertStore.Save(c, 1, [Finding()], Now);

        var alert = AlertStore.Get(c, Assert.Single(saved.Inserted))!;
        Assert.Equal(("a@example.com", "sentiment", DriftKind.GoldAccuracy), (alert.Annotator, alert.Field, alert.Kind));
        Assert.Equal((Episode, Episode.AddDays(9), Episode.AddDays(1)), (alert.Episode, alert.DetectedAt, alert.Changepoint));
        Assert.Equal(0.9, alert.Before.Level, 12);
        Assert.Equal(100, alert.Before.Answers);
        Assert.Equal(0.6, alert.After.Level, 12);
        Assert.Equal(-0.3, alert.Change, 12);
        Assert.Equal(8.5, alert.Evidence["cusum"]!.GetValue<double>());
        Assert.Equal(AlertStatus.Open, alert.Status);
        Assert.True(alert.StillDetected);
        Assert.Null(alert.NotifiedAt);
        Assert.Equal(Now, alert.FirstSeenAt);
    }

    [Fact]
    public void Save_SameChangeAgainWithMoreData_UpdatesTheRowAndKeepsTheEarliestDetection()
    {
        using var c = _db.Database.Open();
        var id = AlertStore.Save(c, 1, [Finding()], Now).Inserted.Single();

        var again = AlertStore.Save(c, 1, [Finding(correctAfter: 25, detected: Episode.AddDays(12))], Now.AddHours(1));

        Assert.Empty(again.Inserted);
        Assert.Equal([id], again.Updated);
        var alert = AlertStore.Get(c, id)!;
        Assert.Equal(0.5, alert.After.Level, 12);
        Assert.Equal(Episode.AddDays(9), alert.DetectedAt);
        Assert.Equal(Now, alert.FirstSeenAt);
        Assert.Equal(Now.AddHours(1), alert.LastSeenAt);
        Assert.Equal(1, _db.Count("SELECT count(*) FROM drift_alerts"));
    }

    [Fact]
    public void Save_OtherEpisodeKindOrProject_AddsSeparateAlerts()
    {
        using var c = _db.Database.Open();

        AlertStore.Save(c, 1, [Finding(), Finding(episode: Episode.AddDays(20)), Finding(kind: DriftKind.Agreement)], Now);
        AlertStore.Save(c, 2, [Finding()], Now);

        Assert.Equal(4, _db.Count("SELECT count(*) FROM drift_alerts"));
        Assert.Equal(3, AlertStore.List(c, 1).Count);
    }

    [Fact]
    public void Save_AlertNoLongerFound_IsKeptButMarkedNotDetected()
    {
        using var c = _db.Database.Open();
        var saved = AlertStore.Save(c, 1, [Finding("a@example.com"), Finding("b@example.com")], Now);

        var next = AlertStore.Save(c, 1, [Finding("a@example.com")], Now.AddHours(1));

        Assert.Equal(1, next.NoLongerDetected);
        Assert.False(AlertStore.Get(c, saved.Inserted[1])!.StillDetected);
        Assert.True(AlertStore.Get(c, saved.Inserted[0])!.StillDetected);
    }

    [Fact]
    public void Acknowledge_WithComment_SetsStatusWhoWhenAndSurvivesAnUpdate()
    {
        using var c = _db.Database.Open();
        var id = AlertStore.Save(c, 1, [Finding()], Now).Inserted.Single();

        var acked = AlertStore.Acknowledge(c, id, " lead@example.com ", "retrained on the guideline", Now.AddHours(2));
        AlertStore.Save(c, 1, [Finding(correctAfter: 20)], Now.AddHours(3));

        Assert.Equal(AlertStatus.Acknowledged, acked.Status);
        var stored = AlertStore.Get(c, id)!;
        Assert.Equal(("lead@example.com", "retrained on the guideline"), (stored.AcknowledgedBy, stored.Comment));
        Assert.Equal(Now.AddHours(2), stored.AcknowledgedAt);
        Assert.Equal(AlertStatus.Acknowledged, stored.Status);
        Assert.Empty(AlertStore.List(c, 1, AlertStatus.Open));
        Assert.Single(AlertStore.List(c, 1, AlertStatus.Acknowledged));
    }

    [Fact]
    public void Acknowledge_UnknownAlertOrNoName_IsAnError()
    {
        using var c = _db.Database.Open();
        var id = AlertStore.Save(c, 1, [Finding()], Now).Inserted.Single();

        Assert.Throws<QualityException>(() => AlertStore.Acknowledge(c, id + 100, "me", null));
        Assert.Throws<QualityException>(() => AlertStore.Acknowledge(c, id, " ", null));
    }

    [Fact]
    public void MarkNotified_Twice_OnlyTheFirstCounts()
    {
        using var c = _db.Database.Open();
        var id = AlertStore.Save(c, 1, [Finding()], Now).Inserted.Single();

        Assert.True(AlertStore.MarkNotified(c, id, Now));
        Assert.False(AlertStore.MarkNotified(c, id, Now.AddMinutes(1)));
        Assert.Equal(Now, AlertStore.Get(c, id)!.NotifiedAt);
    }
}
