using Quality.Analytics;
using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class AgreementStreamTests
{
    private const sbyte Out = AgreementStream.NotCounted;

    // Answers in this order: i0 (r0 A, r1 A, r2 B), i1 (r0 A, r1 A, r2 A, r3 B), i2 gold (r0 A, r1 B, r2 B), i3 (r0 A, r1 B).
    private static RatingSet HandSet() => new(
        [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3],
        [0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1],
        [0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1],
        ["i0", "i1", "i2", "i3"], ["r0", "r1", "r2", "r3"], ["A", "B"]);

    [Fact]
    public void Indicators_MajorityOfTheOthers_LeavesOutTiesGoldAndThinItems()
    {
        var indicators = AgreementStream.Indicators(HandSet(), [-1, -1, 0, -1], AgreementConsensus.Majority, minOthers: 2);

        sbyte[] expected = [Out, Out, 0, 1, 1, 1, 0, Out, Out, Out, Out, Out];
        Assert.Equal(expected, indicators);
    }

    [Fact]
    public void Indicators_OneOtherAnnotatorEnough_ComparesWithThatAnnotator()
    {
        var indicators = AgreementStream.Indicators(HandSet(), [-1, -1, 0, -1], AgreementConsensus.Majority, minOthers: 1);

        Assert.Equal([(sbyte)0, (sbyte)0], indicators[10..]);
    }

    [Fact]
    public void Indicators_DawidSkene_IgnoresAnAnnotatorWhoAlwaysAnswersTheSame()
    {
        // r1 and r2 answer the truth, r3 always says B. Items 0–29: r0, r1, r2, r3; items 30–59: r0, r1, r3 only.
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            var truth = i % 3;
            foreach (var r in i < 30 ? new[] { 0, 1, 2, 3 } : [0, 1, 3])
            {
                items.Add(i);
                raters.Add(r);
                labels.Add(r == 3 ? 1 : truth);
            }
        }
        var set = new RatingSet(items.ToArray(), raters.ToArray(), labels.ToArray(),
            Enumerable.Range(0, 60).Select(i => $"i{i}").ToArray(), ["r0", "r1", "r2", "r3"], ["A", "B", "C"]);
        var noGold = Enumerable.Repeat(-1, 60).ToArray();

        var ds = AgreementStream.Indicators(set, noGold, AgreementConsensus.DawidSkene, minOthers: 2);
        var majority = AgreementStream.Indicators(set, noGold, AgreementConsensus.Majority, minOthers: 2);

        var r0OnThinItems = Enumerable.Range(0, set.Count).Where(a => set.Raters[a] == 0 && set.Items[a] >= 30).ToArray();
        // Dawid–Skene learns that r3 carries no information, so r1 decides: r0 always agrees.
        Assert.All(r0OnThinItems, a => Assert.Equal(1, ds[a]));
        // Majority only has a winner where r1 and r3 both say B (truth B): a third of the items.
        Assert.Equal(10, r0OnThinItems.Count(a => majority[a] != Out));
        // r3 agrees with the others' consensus only when the truth is B.
        var r3 = Enumerable.Range(0, set.Count).Where(a => set.Raters[a] == 3).ToArray();
        Assert.Equal(20, r3.Count(a => ds[a] == 1));
        Assert.Equal(40, r3.Count(a => ds[a] == 0));
    }
}
