using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class AlphaBootstrapTests
{
    [Fact]
    public void Quantile_FourValues_InterpolatesLikeType7()
    {
        // h = (4 − 1)·0.25 = 0.75 → 1 + 0.75·(2 − 1); h = 3·0.975 = 2.925 → 3 + 0.925·(4 − 3).
        double[] sorted = [1, 2, 3, 4];

        Assert.Equal(1.75, AlphaBootstrap.Quantile(sorted, 0.25), 12);
        Assert.Equal(3.925, AlphaBootstrap.Quantile(sorted, 0.975), 12);
    }

    [Fact]
    public void PercentileIntervals_SameSeed_SameInterval_OtherSeedDiffers()
    {
        var ratings = TestRatings.Random(11, 300, 4, 4, 0.6, 0.2, ordered: true);

        var first = Interval(ratings, seed: 5);
        var again = Interval(ratings, seed: 5);
        var other = Interval(ratings, seed: 6);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void PercentileIntervals_RowsShuffledAndRenamed_SameInterval()
    {
        var ratings = TestRatings.Random(12, 300, 5, 3, 0.6, 0.25, ordered: true);
        var shuffled = TestRatings.Rebuild(ratings, item: s => "item-" + s, rater: s => s + "!", shuffleSeed: 99);

        Assert.Equal(Interval(ratings, seed: 3), Interval(shuffled, seed: 3));
    }

    [Theory]
    [InlineData(3, true)]   // patterns looked up in an array
    [InlineData(12, true)]  // key space too large for an array: dictionary
    [InlineData(3, false)]  // every item its own pattern
    public void PercentileIntervals_MatchNaiveItemResampling_WithinMonteCarloError(int labels, bool groupPatterns)
    {
        // Grouping items into count patterns and drawing pattern multiplicities must give the distribution of
        // plain item resampling; compare the 2.5%/97.5% points of both (different random streams) on 2000 replicates.
        var ratings = TestRatings.Random(13, 150, 4, labels, 0.65, 0.2, ordered: true);
        const int replicates = 2000;

        var fast = AlphaBootstrap.Build(RatingIndex.Build(ratings), groupPatterns)
            .PercentileIntervals(ratings, [AlphaLevel.Nominal], replicates, 17)[0]!.Value;
        var naive = NaiveInterval(ratings, seed: 18, replicates);

        Assert.InRange(fast.Lower - naive.Lower, -0.02, 0.02);
        Assert.InRange(fast.Upper - naive.Upper, -0.02, 0.02);
        var alpha = KrippendorffAlpha.Compute(ratings, AlphaLevel.Nominal).Value!.Value;
        Assert.InRange(alpha, fast.Lower, fast.Upper);
    }

    private static ConfidenceInterval Interval(RatingSet ratings, ulong seed, int replicates = 400) =>
        AlphaBootstrap.Build(RatingIndex.Build(ratings))
            .PercentileIntervals(ratings, [AlphaLevel.Nominal], replicates, seed)[0]!.Value;

    private static ConfidenceInterval NaiveInterval(RatingSet ratings, int seed, int replicates)
    {
        var random = new Random(seed);
        var byItem = Enumerable.Range(0, ratings.Count).GroupBy(a => ratings.Items[a]).Where(g => g.Count() >= 2).Select(g => g.ToArray()).ToArray();
        var alphas = new List<double>();
        for (var b = 0; b < replicates; b++)
        {
            var builder = new RatingSetBuilder();
            for (var draw = 0; draw < byItem.Length; draw++)
                foreach (var a in byItem[random.Next(byItem.Length)])
                    builder.Add($"d{draw}", ratings.RaterNames[ratings.Raters[a]], ratings.LabelNames[ratings.Labels[a]]);
            if (KrippendorffAlpha.Compute(builder.Build(categories: ratings.LabelNames), AlphaLevel.Nominal).Value is { } v) alphas.Add(v);
        }
        var sorted = alphas.Order().ToArray();
        return new ConfidenceInterval(AlphaBootstrap.Quantile(sorted, 0.025), AlphaBootstrap.Quantile(sorted, 0.975));
    }
}
