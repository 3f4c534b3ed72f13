using Quality.Analytics;
using Quality.Analytics.Consensus;

namespace Quality.Tests.Analytics.Consensus;

public class DawidSkeneTests
{
    [Fact]
    public void Fit_OneIteration_MatchesHandComputedEmStep()
    {
        // item1: A=0, B=0; item2: A=0, B=1. Majority init: item1 (1, 0), item2 (½, ½), priors (¾, ¼).
        // M-step: A only answered 0, so π_A[k][0] = 1. B: π_B[0] = (⅔, ⅓), π_B[1] = (≈0, ≈1) (floor 1e-10).
        // E-step: item1 ∝ (¾·⅔, ¼·2e-10) → (1, 0); item2 ∝ (¾·⅓, ¼·1) = (¼, ¼) → (½, ½). Priors after: (¾, ¼).
        var set = new RatingSetBuilder().Add("1", "A", "0").Add("1", "B", "0").Add("2", "A", "0").Add("2", "B", "1").Build();

        var result = DawidSkene.Fit(set, null, new DawidSkeneOptions { MaxIterations = 1 });

        Assert.Equal(1, result.Iterations);
        Assert.Equal(1.0, result.Posterior(0)[0], 9);
        Assert.Equal(0.5, result.Posterior(1)[0], 9);
        Assert.Equal(0.5, result.Posterior(1)[1], 9);
        Assert.Equal(0.75, result.Priors[0], 9);
        Assert.Equal([1.0, 0.0], result.ConfusionRow(0, 1)!);
        // log-likelihood at that E-step: log(¾·⅔ + ¼·1·2e-10) + log(¾·⅓ + ¼·1) ≈ log ½ + log ½.
        Assert.Equal(2 * Math.Log(0.5), result.LogLikelihood!.Value, 8);
    }

    [Fact]
    public void Fit_CategoryNoOneUsed_IsLeftOutAndChangesNothingElse()
    {
        var builder = new RatingSetBuilder();
        string[][] rows = [["1", "A", "a"], ["1", "B", "a"], ["1", "C", "b"], ["2", "A", "b"], ["2", "B", "b"], ["2", "C", "b"],
            ["3", "A", "a"], ["3", "B", "b"], ["3", "C", "a"], ["4", "A", "a"], ["4", "B", "a"], ["4", "C", "a"]];
        foreach (var r in rows) builder.Add(r[0], r[1], r[2]);
        var without = builder.Build();
        var with = builder.Build(categories: ["a", "b", "never"]);

        var plain = DawidSkene.Fit(without);
        var extended = DawidSkene.Fit(with);

        var never = 2;
        Assert.False(extended.IsModelled(never));
        Assert.Equal(0.0, extended.Priors[never]);
        Assert.Null(extended.ConfusionRow(0, never));
        Assert.Equal(plain.Iterations, extended.Iterations);
        for (var i = 0; i < with.ItemCount; i++)
        {
            Assert.Equal(0.0, extended.Posterior(i)[never]);
            Assert.Equal(plain.Posterior(i)[0], extended.Posterior(i)[0]);
            Assert.Equal(plain.Labels[i], extended.Labels[i]);
        }
        // An annotator's row over answered labels has 0 for a label they never gave.
        Assert.Equal(0.0, extended.ConfusionRow(0, 0)![never]);
    }

    [Fact]
    public void Fit_AnnotatorWithOneAnswer_GetsUninformativeRowAndNoNaN()
    {
        var set = new RatingSetBuilder()
            .Add("1", "A", "x").Add("1", "B", "x").Add("2", "A", "y").Add("2", "B", "y").Add("3", "A", "x").Add("3", "B", "y")
            .Add("3", "Solo", "y")
            .Build();

        var result = DawidSkene.Fit(set);

        var solo = 2;
        // Solo only ever said y, so P(y | true) = 1 whatever the truth: their answer carries no evidence.
        Assert.Equal([0.0, 1.0], result.ConfusionRow(solo, 0)!);
        Assert.Equal([0.0, 1.0], result.ConfusionRow(solo, 1)!);
        for (var i = 0; i < set.ItemCount; i++)
            foreach (var p in result.Posterior(i)) Assert.True(double.IsFinite(p));
        Assert.True(double.IsFinite(result.LogLikelihood!.Value));
    }

    // Gold items: A always gives the opposite of the truth, B the truth. Item "lone" has only A's answer, 0.
    private static (RatingSet Set, int[] Gold) Flipper()
    {
        var builder = new RatingSetBuilder();
        var gold = new Dictionary<string, string>();
        for (var i = 0; i < 10; i++)
        {
            builder.Add($"g0-{i}", "A", "1").Add($"g0-{i}", "B", "0");
            builder.Add($"g1-{i}", "A", "0").Add($"g1-{i}", "B", "1");
            gold[$"g0-{i}"] = "0";
            gold[$"g1-{i}"] = "1";
        }
        builder.Add("lone", "A", "0");
        var set = builder.Build();
        return (set, GoldLabels.Codes(set, gold));
    }

    [Fact]
    public void Fit_GoldClamped_FixesGoldPosteriorsAndLearnsAnnotatorFlips()
    {
        var (set, gold) = Flipper();
        var lone = set.ItemCount - 1;

        var clamped = DawidSkene.Fit(set, gold);
        var free = DawidSkene.Fit(set, gold, new DawidSkeneOptions { ClampGold = false });

        for (var i = 0; i < lone; i++)
        {
            Assert.Equal(1.0, clamped.Posterior(i)[gold[i]]);
            Assert.Equal(0.0, clamped.Posterior(i)[1 - gold[i]]);
        }
        // Clamped, DS learns that A's "0" means 1; unclamped, A and B disagree everywhere and A's 0 stands.
        Assert.Equal(1, clamped.Labels[lone]);
        Assert.Equal(0, free.Labels[lone]);
        Assert.Null(clamped.AccuracyVsGold);
        Assert.Contains("clamped", clamped.AccuracyVsGoldReason);
        Assert.NotNull(free.AccuracyVsGold);
    }

    [Fact]
    public void Fit_IterationCapReached_ReportsNotConverged()
    {
        var (set, gold) = Flipper();

        var result = DawidSkene.Fit(set, gold, new DawidSkeneOptions { MaxIterations = 1, Tolerance = 0 });

        Assert.Equal(1, result.Iterations);
        Assert.False(result.Converged);
    }

    [Fact]
    public void Fit_LogLikelihoodStop_StopsWhenRelativeChangeIsSmall()
    {
        var (set, _) = Flipper();

        var loose = DawidSkene.Fit(set, null, new DawidSkeneOptions { Stop = DawidSkeneStop.LogLikelihood, Tolerance = 1e-3 });
        var tight = DawidSkene.Fit(set, null, new DawidSkeneOptions { Stop = DawidSkeneStop.LogLikelihood, Tolerance = 1e-12 });

        Assert.True(loose.Converged && tight.Converged);
        Assert.True(loose.Iterations < tight.Iterations);
        var h = tight.LogLikelihoodHistory;
        Assert.True(Math.Abs(h[^1] - h[^2]) <= 1e-12 * Math.Abs(h[^1]));
    }

    [Fact]
    public void Fit_ItemWithoutAnswersAndEmptySet_AreDefinedWithoutNaN()
    {
        var set = new RatingSet([0, 0], [0, 1], [0, 0], ["answered", "empty"], ["r1", "r2"], ["a", "b"]);

        var result = DawidSkene.Fit(set);
        var empty = DawidSkene.Fit(new RatingSet([], [], [], ["x"], ["r"], ["a"]));

        Assert.Equal(-1, result.Labels[1]);
        Assert.Null(result.Confidence(1));
        Assert.Equal(result.Priors, result.Posterior(1).ToArray());
        Assert.Equal(1.0, result.Confidence(0));
        Assert.NotNull(empty.Reason);
        Assert.Null(empty.LogLikelihood);
        Assert.Equal(-1, empty.Labels[0]);
        Assert.Equal(0.0, empty.Priors[0]);
    }

    [Fact]
    public void Fit_SameAnswersInAnotherOrder_GiveIdenticalPosteriors()
    {
        var set = new RatingSetBuilder()
            .Add("p", "A", "x").Add("p", "B", "y").Add("p", "C", "y")
            .Add("q", "C", "y").Add("q", "A", "x").Add("q", "B", "y")
            .Add("r", "A", "y").Add("r", "B", "y").Add("r", "C", "x")
            .Build();

        var result = DawidSkene.Fit(set);

        Assert.Equal(result.Posterior(0).ToArray(), result.Posterior(1).ToArray());
    }

    [Fact]
    public void Fit_ManyBlocks_SameResultOnOneThreadAndOnMany()
    {
        // 20 000 items from a pool of 300 raters: more distinct answer patterns than one block holds.
        var random = new Random(7);
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        for (var i = 0; i < 20_000; i++)
        {
            var truth = random.Next(3);
            for (var j = 0; j < 4; j++)
            {
                items.Add(i);
                raters.Add(random.Next(300));
                labels.Add(random.NextDouble() < 0.7 ? truth : random.Next(3));
            }
        }
        var names = (int n, string p) => Enumerable.Range(0, n).Select(k => p + k).ToArray();
        var set = new RatingSet(items.ToArray(), raters.ToArray(), labels.ToArray(), names(20_000, "i"), names(300, "r"), names(3, "l"));

        var one = DawidSkene.Fit(set, null, new DawidSkeneOptions { MaxDegreeOfParallelism = 1, MaxIterations = 5 });
        var many = DawidSkene.Fit(set, null, new DawidSkeneOptions { MaxDegreeOfParallelism = 4, MaxIterations = 5 });

        Assert.Equal(one.Iterations, many.Iterations);
        Assert.Equal(one.LogLikelihood, many.LogLikelihood);
        Assert.Equal(one.Priors, many.Priors);
        for (var i = 0; i < set.ItemCount; i += 997) Assert.Equal(one.Posterior(i).ToArray(), many.Posterior(i).ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Fit_FloorOutsideOpenUnitInterval_Throws(double floor)
    {
        var set = new RatingSetBuilder().Add("1", "A", "x").Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => DawidSkene.Fit(set, null, new DawidSkeneOptions { Floor = floor }));
    }
}
