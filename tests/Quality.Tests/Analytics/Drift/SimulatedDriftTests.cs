using Quality.Analytics.Drift;
using Quality.Simulation;

namespace Quality.Tests.Analytics.Drift;

public sealed class SimulatedDriftTests
{
    [Fact]
    public void FromSimulation_SmallProject_CarriesEveryAnswerWithItsTimeAndTheGold()
    {
        var project = Simulator.Generate(new SimulationOptions { Seed = 3, Items = 300, Fields = [SimulatedField.Sentiment] });

        var field = FieldAnswers.FromSimulation(project, SimulatedField.Sentiment);

        var answers = project.Tasks().SelectMany(t => t.Annotations).ToList();
        Assert.Equal(answers.Count, field.Ratings.Count);
        Assert.Equal(answers.Select(a => a.CreatedAt.Ticks).Order(), field.Ticks.Order());
        Assert.Equal(project.GoldItems.Count, field.GoldByItem.Count(g => g >= 0));
        Assert.All(project.GoldItems, i => Assert.Equal(project.Item(i).Sentiment, field.GoldByItem[i]));
        var order = field.TimeOrder();
        Assert.All(Enumerable.Range(1, order.Length - 1), k => Assert.True(field.Ticks[order[k - 1]] <= field.Ticks[order[k]]));
    }

    [Fact]
    public void Analyze_ThirtyPointDropWithAmpleGold_FlagsTheDriftingAnnotatorNearTheTrueDate()
    {
        var project = Simulator.Generate(new SimulationOptions { Seed = 11, Fields = [SimulatedField.Sentiment], GoldShare = 0.3, DriftDrop = 0.3 });
        var drifting = project.Annotators.Single(a => a.Drift.Count > 0);

        var report = DriftAnalyzer.Analyze([FieldAnswers.FromSimulation(project, SimulatedField.Sentiment)], null, new HashSet<DriftKind> { DriftKind.GoldAccuracy });

        var finding = report.Findings.Single(f => f.Annotator == drifting.Key);
        Assert.InRange((finding.Changepoint - drifting.Drift[0].Start).TotalDays, -7, 7);
        Assert.InRange(finding.Before.Estimate - finding.After.Estimate, 0.15, 0.45);
    }

    [Fact]
    public void Analyze_CancelledToken_StopsWithOperationCanceledAndALaterRunIsComplete()
    {
        var project = Simulator.Generate(new SimulationOptions { Seed = 5, Items = 400, Fields = [SimulatedField.Sentiment], GoldShare = 0.3 });
        var fields = new[] { FieldAnswers.FromSimulation(project, SimulatedField.Sentiment) };
        // A seed no other test uses, so the Monte Carlo limits are not already cached and the cancelled run reaches them.
        var settings = DriftSettings.Default with { Seed = 0xCA4CE1 };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DriftAnalyzer.Analyze(fields, settings, cancellationToken: cancelled.Token));
        var key = new CusumCalibrationKey(50, 45, 600, 0.15, 0.05, 2000, 0xCA4CE1);
        Assert.ThrowsAny<OperationCanceledException>(() => CusumCalibration.Limit(key, cancelled.Token));

        var report = DriftAnalyzer.Analyze(fields, settings);
        var again = DriftAnalyzer.Analyze(fields, settings);
        Assert.Equal(project.Annotators.Count, report.Annotators.Count);
        Assert.Equal(again.Findings.Count, report.Findings.Count);
        Assert.All(report.Annotators.Zip(again.Annotators), pair => Assert.Equal(pair.First.Gold.Detection.Limit?.Limit, pair.Second.Gold.Detection.Limit?.Limit));
        var limit = CusumCalibration.Limit(key);
        Assert.InRange(limit.SimulatedFalseAlarmRate, 0, 0.05);
    }
}
