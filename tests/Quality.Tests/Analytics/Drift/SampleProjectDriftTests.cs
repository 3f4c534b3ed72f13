using System.Text.Json;
using Quality.Alerts;
using Quality.Analytics.Drift;
using Quality.Analytics.Input;
using Quality.Cli;
using Quality.Storage;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Drift;

/// <summary>The committed sample project (sample-data/), imported once and checked once for the tests below.</summary>
public sealed class SampleDriftFixture : IDisposable
{
    public SampleDriftFixture()
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "sample-data");
        Database = new TempDatabase();
        Database.Import(Path.Combine(dir, "annotations.csv"), "Sample", gold: Path.Combine(dir, "gold.csv"));
        using (var c = Database.Database.Open()) ProjectId = ProjectRatings.ProjectId(c, "Sample")!.Value;
        First = DriftService.Check(Database.Database, ProjectId, new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc));
    }

    public TempDatabase Database { get; }
    public int ProjectId { get; }
    public DriftCheck First { get; }

    public void Dispose() => Database.Dispose();
}

public sealed class SampleProjectDriftTests(SampleDriftFixture sample) : IClassFixture<SampleDriftFixture>
{
    private const string Mei = "mei.lin@example.com";
    private const string Yara = "yara.haddad@example.com";
    private static readonly DateTime MeiDrift = new(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime YaraShift = new(2026, 9, 28, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Check_SampleProject_FlagsOnlyMeiLinSentimentForGoldAccuracy()
    {
        var gold = sample.First.Report.Findings.Where(f => f.Kind == DriftKind.GoldAccuracy).ToList();

        var finding = Assert.Single(gold);
        Assert.Equal((Mei, "sentiment"), (finding.Annotator, finding.Field));
        Assert.True(finding.DetectedAt > MeiDrift);
        Assert.True(finding.Changepoint >= MeiDrift);
        Assert.True(finding.Change < -0.15);
        // The CUSUM started climbing on the first day of the drift (README: from Monday 2026-10-05).
        Assert.Equal(MeiDrift.Date, DateTime.Parse(finding.Evidence["cusum_start"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.AdjustToUniversal).Date);
        Assert.Equal(DriftStatus.Drifting, sample.First.Report.Find(Mei, "sentiment")!.Status);
        Assert.All(sample.First.Report.Annotators.Where(a => a.Annotator != Mei || a.Field != "sentiment"),
            a => Assert.Equal(DriftStatus.Stable, a.Status));
    }

    [Fact]
    public void Check_SampleProject_AccuracyDetectorFlagsOnlyMeiLinSentimentAWeekBeforeTheOthers()
    {
        var accuracy = sample.First.Report.Findings.Where(f => f.Kind == DriftKind.Accuracy).ToList();
        var gold = sample.First.Report.Findings.Single(f => f.Kind == DriftKind.GoldAccuracy);
        var agreement = sample.First.Report.Findings.Single(f => f.Kind == DriftKind.Agreement);

        var finding = Assert.Single(accuracy);
        Assert.Equal((Mei, "sentiment"), (finding.Annotator, finding.Field));
        Assert.InRange(finding.DetectedAt, MeiDrift, gold.DetectedAt.AddDays(-7));
        Assert.True(finding.DetectedAt < agreement.DetectedAt);
        Assert.InRange((finding.Changepoint - MeiDrift).TotalDays, -7, 7);
        Assert.True(finding.Change < -0.15);
        Assert.True(finding.Before.Lower > finding.After.Upper);
        Assert.Equal("accuracy_cusum", finding.Evidence["detector"]!.GetValue<string>());
        Assert.True(finding.Evidence["cusum"]!.GetValue<double>() > finding.Evidence["limit"]!.GetValue<double>());
        // Every other annotator × field was monitored by it and stayed below its limit.
        Assert.All(sample.First.Report.Annotators.Where(a => a.Annotator != Mei || a.Field != "sentiment"), a =>
        {
            Assert.Equal(DriftStatus.Stable, a.Accuracy!.Detection.Status);
            Assert.True(a.Accuracy.Detection.Path.Max() <= a.Accuracy.Detection.Limit);
        });
    }

    [Fact]
    public void Check_SampleProject_FlagsYaraHaddadsLabelDistributionFromWeekFour()
    {
        var labels = sample.First.Report.Findings.Where(f => f.Kind == DriftKind.LabelDistribution).ToList();

        var finding = Assert.Single(labels);
        Assert.Equal((Yara, "sentiment"), (finding.Annotator, finding.Field));
        Assert.Equal(YaraShift, finding.Episode);
        Assert.Equal("neutral", finding.Evidence["label"]!.GetValue<string>());
        Assert.True(finding.After.Estimate > finding.Before.Estimate);
    }

    [Fact]
    public void Check_SampleProject_WeeklyGoldAccuracyOfMeiMatchesTheReadme()
    {
        var weekly = sample.First.Report.Find(Mei, "sentiment")!.GoldAccuracy.Weekly;

        // README: 1.00, 0.82, 0.92, 0.92, then 0.77, 0.87, 0.75, 0.47; 82/90 before the drift and 55/76 after.
        Assert.Equal([1.00, 0.82, 0.92, 0.92, 0.77, 0.87, 0.75, 0.47], weekly.Select(w => Math.Round(w.Accuracy.Estimate!.Value, 2)));
        Assert.Equal(82, weekly.Take(4).Sum(w => w.Accuracy.Successes));
        Assert.Equal(90, weekly.Take(4).Sum(w => w.Accuracy.Trials));
        Assert.Equal(55, weekly.Skip(4).Sum(w => w.Accuracy.Successes));
        Assert.Equal(76, weekly.Skip(4).Sum(w => w.Accuracy.Trials));
    }

    [Fact]
    public void Check_RunAgainOnTheSameData_UpdatesTheSameAlertsAndAddsNone()
    {
        using var before = sample.Database.Database.Open();
        var rows = before.Query("SELECT alert_id, changepoint, evidence::VARCHAR FROM drift_alerts ORDER BY alert_id",
            r => (r.GetInt64(0), r.GetDateTime(1), r.GetString(2)));

        var again = DriftService.Check(sample.Database.Database, sample.ProjectId);

        Assert.Empty(again.NewAlertIds);
        Assert.Equal(rows.Select(r => r.Item1).Order(), again.UpdatedAlertIds.Order());
        var after = before.Query("SELECT alert_id, changepoint, evidence::VARCHAR FROM drift_alerts ORDER BY alert_id",
            r => (r.GetInt64(0), r.GetDateTime(1), r.GetString(2)));
        Assert.Equal(rows, after);
    }

    [Fact]
    public void Acknowledge_ThenCheckAgain_KeepsTheAcknowledgement()
    {
        var alert = sample.First.Alerts.Single(a => a.Kind == DriftKind.LabelDistribution);
        using (var c = sample.Database.Database.Open())
            AlertStore.Acknowledge(c, alert.Id, "lead@example.com", "talked to Yara: new guideline on neutral");

        var again = DriftService.Check(sample.Database.Database, sample.ProjectId);

        var stored = again.Alerts.Single(a => a.Id == alert.Id);
        Assert.Equal(AlertStatus.Acknowledged, stored.Status);
        Assert.Equal("lead@example.com", stored.AcknowledgedBy);
        Assert.Equal("talked to Yara: new guideline on neutral", stored.Comment);
        Assert.True(stored.StillDetected);
    }

    [Fact]
    public void ControlChart_MeiSentiment_PathCrossesTheLimitAtTheSignal()
    {
        var chart = sample.First.Report.Find(Mei, "sentiment")!.ControlChart(DriftKind.GoldAccuracy);

        Assert.Equal(166, chart.Points.Count);
        var signal = Assert.Single(chart.SignalIndices);
        Assert.True(chart.Points[signal].Cusum > chart.Limit);
        Assert.All(chart.Points.Take(signal), p => Assert.True(p.Cusum <= chart.Limit));
        Assert.All(chart.Points.Take(chart.BaselineAnswers), p => Assert.Equal(0, p.Cusum));
        Assert.Equal(chart.Points.Select(p => p.At).Order(), chart.Points.Select(p => p.At));
    }

    [Fact]
    public void Cli_DriftJson_ListsTheAlertsAndEveryAnnotatorAndField()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CliApp.Run(["drift", "--project", "Sample", "--db", sample.Database.Database.Path, "--json"], stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        var alerts = json.RootElement.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Contains(alerts, a => a.GetProperty("annotator").GetString() == Mei && a.GetProperty("kind").GetString() == "gold_accuracy");
        Assert.All(alerts, a =>
        {
            foreach (var key in new[] { "field", "detected_at", "changepoint", "before", "after", "evidence" }) Assert.True(a.TryGetProperty(key, out _), key);
        });
        var annotators = json.RootElement.GetProperty("annotators").EnumerateArray().ToList();
        Assert.Equal(24, annotators.Count);   // 12 annotators × sentiment and quality
        var mei = annotators.Single(a => a.GetProperty("annotator").GetString() == Mei && a.GetProperty("field").GetString() == "sentiment");
        Assert.Equal("drifting", mei.GetProperty("status").GetString());
        Assert.Equal(166, mei.GetProperty("gold_answers").GetInt32());
        Assert.Equal(137.0 / 166, mei.GetProperty("gold_accuracy").GetDouble(), 12);
        Assert.Equal(2, mei.GetProperty("gold_accuracy_ci95").GetArrayLength());
        Assert.Equal(8, mei.GetProperty("weekly").GetArrayLength());
        Assert.Contains(alerts, a => a.GetProperty("annotator").GetString() == Mei && a.GetProperty("kind").GetString() == "accuracy");
        var accuracy = mei.GetProperty("accuracy");
        Assert.Equal("drifting", accuracy.GetProperty("status").GetString());
        Assert.Equal(166, accuracy.GetProperty("gold_answers").GetInt32());
        Assert.True(accuracy.GetProperty("answers").GetInt32() > 2 * 166);
        var level = accuracy.GetProperty("accuracy").GetDouble();
        var ci = accuracy.GetProperty("ci95").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.InRange(level, ci[0], ci[1]);
        Assert.Equal(1, accuracy.GetProperty("cusum").GetProperty("signals").GetInt32());
    }

    [Fact]
    public void Cli_DriftAck_UnknownAlert_IsAnError()
    {
        var stderr = new StringWriter();

        var code = CliApp.Run(["drift", "ack", "999999", "--by", "me", "--db", sample.Database.Database.Path], new StringWriter(), stderr);

        Assert.Equal(1, code);
        Assert.Contains("no drift alert #999999", stderr.ToString());
    }
}
