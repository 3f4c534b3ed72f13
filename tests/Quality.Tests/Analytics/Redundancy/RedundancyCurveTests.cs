using Quality.Analytics;
using Quality.Analytics.Consensus;
using Quality.Analytics.Redundancy;

namespace Quality.Tests.Analytics.Redundancy;

public sealed class RedundancyCurveTests
{
    /// <summary>item-1: a, a, b (gold a); item-2: b, b, b, a (gold b); item-3: a, b (no gold).</summary>
    private static (RatingSet Set, int[] Gold) HandSet()
    {
        var b = new RatingSetBuilder();
        b.Add("item-1", "r1", "a").Add("item-1", "r2", "a").Add("item-1", "r3", "b");
        b.Add("item-2", "r1", "b").Add("item-2", "r2", "b").Add("item-2", "r3", "b").Add("item-2", "r4", "a");
        b.Add("item-3", "r1", "a").Add("item-3", "r2", "b");
        var set = b.Build();
        return (set, GoldLabels.Codes(set, [new("item-1", "a"), new("item-2", "b")]));
    }

    [Fact]
    public void Compute_HandSet_MajorityVoteIsTheAverageOverSubsets()
    {
        var (set, gold) = HandSet();

        var curve = RedundancyCurve.Compute(set, gold, null);

        // item-1: k=1 → 2/3; k=2 → {a,a} right, {a,b} twice a tie won half the time: (1 + ½ + ½)/3 = 2/3; k=3 → 1.
        // item-2: k=1 → 3/4; k=2 → three {b,b} and three ties: 4.5/6 = 3/4; k=3 and k=4 → 1 (b has the majority).
        Assert.Equal([1, 2, 3, 4], curve.Points.Select(p => p.K));
        Assert.Equal([2, 2, 2, 1], curve.Points.Select(p => p.Items));
        Assert.Equal((2 / 3.0 + 0.75) / 2, curve.Points[0].MajorityVote.Mean, 12);
        Assert.Equal((2 / 3.0 + 0.75) / 2, curve.Points[1].MajorityVote.Mean, 12);
        Assert.Equal(1, curve.Points[2].MajorityVote.Mean, 12);
        Assert.Equal(1, curve.Points[3].MajorityVote.Mean, 12);
        Assert.Equal(2, curve.GoldItems);
        Assert.Null(curve.Points[0].DawidSkene);
        Assert.NotNull(curve.DawidSkeneReason);
    }

    [Fact]
    public void Compute_HandSet_IntervalIsWilsonOverItems()
    {
        var (set, gold) = HandSet();

        var point = RedundancyCurve.Compute(set, gold, null).Points[0];

        var (lower, upper) = Quality.Analytics.Intervals.WilsonInterval.Bounds(point.MajorityVote.Mean, 2);
        Assert.Equal(lower, point.MajorityVote.Lower);
        Assert.Equal(upper, point.MajorityVote.Upper);
    }

    [Fact]
    public void Compute_CostPerAnswer_CostPerItemIsKTimesIt()
    {
        var (set, gold) = HandSet();

        var curve = RedundancyCurve.Compute(set, gold, null, new RedundancyOptions { CostPerAnswer = 0.25 });

        Assert.Equal([0.25, 0.5, 0.75, 1.0], curve.Points.Select(p => p.CostPerItem!.Value));
    }

    [Fact]
    public void Compute_TooFewItemsForAnyK_NoRecommendationWithReason()
    {
        var (set, gold) = HandSet();

        var curve = RedundancyCurve.Compute(set, gold, null, new RedundancyOptions { TargetAccuracy = 0.9 });

        Assert.Null(curve.MajorityVote.K);
        Assert.Contains("30 or more gold items", curve.MajorityVote.Reason);
    }

    [Fact]
    public void Compute_TargetReached_SmallestKAndConservativeK()
    {
        var (set, gold) = HandSet();

        var curve = RedundancyCurve.Compute(set, gold, null, new RedundancyOptions { TargetAccuracy = 0.9, MinItemsForRecommendation = 2 });

        Assert.Equal(3, curve.MajorityVote.K);
        Assert.Null(curve.MajorityVote.ConservativeK);   // two items cannot put a lower bound above 0.9
        Assert.NotNull(curve.MajorityVote.Reason);
    }

    [Fact]
    public void Compute_NoGold_EmptyWithReason()
    {
        var (set, _) = HandSet();

        var curve = RedundancyCurve.Compute(set, new int[set.ItemCount].Select(_ => -1).ToArray(), null);

        Assert.Empty(curve.Points);
        Assert.Equal("the field has no gold item with answers", curve.Reason);
    }

    [Fact]
    public void AddWins_RandomItems_EqualsEnumerationOfEverySubset()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var labels = random.Next(1, 5);
            var counts = Enumerable.Range(0, labels).Select(_ => random.Next(0, 5)).ToArray();
            if (counts.Sum() == 0) counts[0] = 1;
            var answers = counts.SelectMany((c, l) => Enumerable.Repeat(l, c)).ToArray();
            var n = answers.Length;
            var wins = new double[n + 1];

            new SubsetMajority(n, labels).AddWins(counts[0], counts[1..], new BinomialTable(n, n), wins);

            for (var k = 1; k <= n; k++)
                Assert.Equal(EnumerateWins(answers, k), wins[k], 9);
        }
    }

    [Fact]
    public void Compute_DawidSkeneSampled_CloseToEverySubset()
    {
        var (set, gold) = GoldHeavySet(seed: 3);
        var model = DawidSkene.Fit(set);

        var exact = RedundancyCurve.Compute(set, gold, model, new RedundancyOptions { Resamples = 1000 });
        var sampled = RedundancyCurve.Compute(set, gold, model, new RedundancyOptions { Resamples = 200, Seed = 11 });

        // 10 answers per item: at most C(10,5) = 252 subsets, so 1000 scores them all; 200 samples k = 4…6.
        for (var k = 1; k <= exact.Points.Count; k++)
        {
            var e = exact.Points[k - 1].DawidSkene!.Value.Mean;
            var s = sampled.Points[k - 1].DawidSkene!.Value.Mean;
            var items = exact.Points[k - 1].Items;
            // Sampling error of a mean of items × 200 draws; 5 standard errors.
            Assert.InRange(Math.Abs(e - s), 0, 5 * Math.Sqrt(0.25 / (items * 200.0)));
        }
    }

    [Fact]
    public void Compute_SameSeed_SameCurve()
    {
        var (set, gold) = GoldHeavySet(seed: 5);
        var model = DawidSkene.Fit(set);
        var options = new RedundancyOptions { Resamples = 50 };

        var first = RedundancyCurve.Compute(set, gold, model, options);
        var second = RedundancyCurve.Compute(set, gold, model, options);

        Assert.Equal(first.Points, second.Points);
    }

    [Fact]
    public void Compute_MaxGoldItems_UsesThatManyAndSaysSo()
    {
        var (set, gold) = GoldHeavySet(seed: 5);

        var curve = RedundancyCurve.Compute(set, gold, null, new RedundancyOptions { MaxGoldItems = 40 });

        Assert.Equal(40, curve.GoldItemsUsed);
        Assert.Equal(gold.Count(g => g >= 0), curve.GoldItems);
        Assert.Equal(40, curve.Points[0].Items);
    }

    /// <summary>300 items, 12 annotators with accuracies 0.55–0.95 on 3 labels; 10 answers per item; every item gold.</summary>
    private static (RatingSet, int[]) GoldHeavySet(int seed)
    {
        var random = new Random(seed);
        var b = new RatingSetBuilder();
        var truth = new Dictionary<string, string>();
        string[] labels = ["x", "y", "z"];
        for (var i = 0; i < 300; i++)
        {
            var item = "i" + i;
            var t = random.Next(3);
            truth[item] = labels[t];
            foreach (var r in Enumerable.Range(0, 12).OrderBy(_ => random.Next()).Take(10))
            {
                var accuracy = 0.55 + 0.4 * r / 11;
                var answer = random.NextDouble() < accuracy ? t : (t + 1 + random.Next(2)) % 3;
                b.Add(item, "r" + r, labels[answer]);
            }
        }
        var set = b.Build(categories: labels);
        return (set, GoldLabels.Codes(set, truth));
    }

    /// <summary>Σ over every k-subset of the answers (label codes; label 0 is gold) of P(majority = 0), ties split.</summary>
    private static double EnumerateWins(int[] answers, int k)
    {
        double total = 0;
        for (var mask = 0; mask < 1 << answers.Length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != k) continue;
            var votes = new int[answers.Max() + 1];
            for (var j = 0; j < answers.Length; j++) if ((mask >> j & 1) == 1) votes[answers[j]]++;
            var top = votes.Max();
            if (votes[0] == top) total += 1.0 / votes.Count(v => v == top);
        }
        return total;
    }
}
