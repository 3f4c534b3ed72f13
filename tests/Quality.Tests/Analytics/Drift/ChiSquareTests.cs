using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class ChiSquareTests
{
    [Theory]
    // Closed forms: df 1: erfc(√(x/2)); df 2: e^(−x/2); df 3: erfc(√(x/2)) + √(2x/π) e^(−x/2); df 4: e^(−x/2)(1 + x/2).
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(50, 2, 1.3887943864964021e-11)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(100, 3, 1.554159431389605e-21)]
    [InlineData(9, 4, 0.061099480960332686)]
    public void Tail_KnownValues_MatchClosedForms(double x, int df, double expected)
    {
        Assert.Equal(expected, ChiSquare.Tail(x, df), expected * 1e-9);
    }

    [Fact]
    public void Tail_ZeroStatistic_IsOne()
    {
        Assert.Equal(1.0, ChiSquare.Tail(0, 3));
    }

    [Fact]
    public void Homogeneity_HandTable_StatisticDfAndAsymptoticP()
    {
        // Expected counts 15/20/25 in each row: X² = 2 × (25/15 + 0 + 25/25) = 16/3, df = 2, p = e^(−8/3).
        var test = ChiSquare.Homogeneity([10, 20, 30], [20, 20, 20], 999, 1);

        Assert.NotNull(test);
        Assert.Equal(16.0 / 3, test.Statistic, 12);
        Assert.Equal(2, test.DegreesOfFreedom);
        Assert.False(test.Permuted);
        Assert.Equal(0.06948345122280154, test.PValue, 12);
        Assert.Equal(15, test.MinExpected, 12);
    }

    [Fact]
    public void Homogeneity_UnusedLabel_IsDroppedFromTheDegreesOfFreedom()
    {
        var test = ChiSquare.Homogeneity([10, 0, 30], [20, 0, 20], 999, 1);

        Assert.Equal(1, test!.DegreesOfFreedom);
    }

    [Fact]
    public void Homogeneity_SmallExpectedCounts_UsesTheExactPermutationDistribution()
    {
        // 3 answers each, all A against all B: of the C(6,3) = 20 equally likely splits, 2 are this extreme: p = 0.1.
        var test = ChiSquare.Homogeneity([3, 0], [0, 3], 19_999, 42);

        Assert.NotNull(test);
        Assert.True(test.Permuted);
        Assert.Equal(6, test.Statistic, 12);
        Assert.InRange(test.PValue, 0.092, 0.108);
    }

    [Fact]
    public void Homogeneity_EmptyRowOrSingleLabel_IsUndefined()
    {
        Assert.Null(ChiSquare.Homogeneity([0, 0], [3, 4], 99, 1));
        Assert.Null(ChiSquare.Homogeneity([5, 0], [7, 0], 99, 1));
    }
}
