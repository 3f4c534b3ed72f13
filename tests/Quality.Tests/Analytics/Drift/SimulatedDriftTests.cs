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
        Assert.InRange(finding.Before.Estimate!.Value - finding.After.Estimate!.Value, 0.15, 0.45);
    }
}
