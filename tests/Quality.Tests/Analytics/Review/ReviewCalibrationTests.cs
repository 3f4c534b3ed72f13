using System.Globalization;
using Quality.Analytics.Consensus;
using Quality.Analytics.Review;
using Quality.Simulation;
using Xunit.Abstractions;

namespace Quality.Tests.Analytics.Review;

/// <summary>
/// Whether the queue's expected error counts are calibrated: on a simulated project whose true labels are known,
/// the expected number of consensus errors among the first N items is compared with the number there really are.
/// </summary>
public sealed class ReviewCalibrationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SimulatedField.Sentiment, 100)]
    [InlineData(SimulatedField.Sentiment, 500)]
    [InlineData(SimulatedField.Sentiment, 5400)]
    [InlineData(SimulatedField.Quality, 500)]
    [InlineData(SimulatedField.Quality, 5400)]
    public void Top_SimulatedProject_ExpectedErrorsMatchTrueErrors(SimulatedField field, int n)
    {
        var project = Simulator.Generate(new SimulationOptions
        {
            Seed = 7, Items = 6000, DriftAnnotators = 0, ShiftAnnotators = 0,
            Fields = [SimulatedField.Sentiment, SimulatedField.Quality],
        });
        var set = project.ToRatingSet(field);
        var gold = new int[set.ItemCount];
        var truth = new int[set.ItemCount];
        for (var i = 0; i < set.ItemCount; i++)
        {
            var item = project.Item(i);
            truth[i] = field == SimulatedField.Sentiment ? item.Sentiment : item.Quality;
            gold[i] = item.IsGold ? truth[i] : GoldLabels.None;
        }
        var fit = DawidSkene.Fit(set, gold);
        var queue = ReviewQueue.Build([new ReviewField(field.Key(), set, gold, fit)]);

        var top = queue.Top(n);

        var code = Enumerable.Range(0, set.ItemCount).ToDictionary(i => set.ItemNames[i]);
        var wrong = top.Items.Count(i => set.LabelNames[truth[code[i.Item]]] != i.ConsensusLabel);
        // If the posteriors are calibrated, the errors are a sum of independent Bernoulli(u) draws.
        var sd = Math.Sqrt(top.Items.Sum(i => i.Uncertainty * (1 - i.Uncertainty)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{field.Key()} top {top.Items.Count} of {top.QueuedItems}: expected {top.ExpectedErrorsInTop:0.0} errors (sd {sd:0.0}), true {wrong}; share of remaining {top.ShareOfRemainingErrors:0.000}"));
        Assert.InRange(wrong, top.ExpectedErrorsInTop - 3 * sd, top.ExpectedErrorsInTop + 3 * sd);
    }
}
