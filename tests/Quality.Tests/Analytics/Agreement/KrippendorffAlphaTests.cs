using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class KrippendorffAlphaTests
{
    // Item 1 = (1, 1, 2), item 2 = (3, 3), item 3 = (2) alone (unpairable).
    // Coincidences: item 1 adds o_11 = 2·1/2 = 1, o_12 = o_21 = 2·1/2 = 1; item 2 adds o_33 = 2.
    // Marginals n = (2, 1, 2), n = 5.
    private const string ThreeItems = """
        1 x 1
        1 y 1
        1 z 2
        2 x 3
        2 y 3
        3 z 2
        """;

    [Theory]
    // nominal:  Do = 2, De = 2(2·1 + 2·2 + 1·2) = 16            → 1 − 4·2/16 = 1/2
    [InlineData(AlphaLevel.Nominal, 1.0 / 2)]
    // ordinal:  δ(1,2) = (3 − 1.5)² = 2.25, δ(1,3) = (5 − 2)² = 9, δ(2,3) = (3 − 1.5)² = 2.25;
    //           Do = 2·2.25 = 4.5, De = 2(2·2.25 + 4·9 + 2·2.25) = 90 → 1 − 4·4.5/90 = 0.8
    [InlineData(AlphaLevel.Ordinal, 0.8)]
    // interval: δ = 1, 4, 1; Do = 2, De = 2(2 + 16 + 2) = 40       → 1 − 4·2/40 = 0.8
    [InlineData(AlphaLevel.Interval, 0.8)]
    // ratio:    δ(1,2) = 1/9, δ(1,3) = 1/4, δ(2,3) = 1/25; Do = 2/9, De = 2(2/9 + 1 + 2/25) = 586/225
    //           → 1 − 4·(2/9)/(586/225) = 193/293
    [InlineData(AlphaLevel.Ratio, 193.0 / 293)]
    public void Compute_ThreeItemsByHand_MatchesCoincidenceArithmetic(AlphaLevel level, double expected)
    {
        var alpha = KrippendorffAlpha.Compute(TestRatings.Parse(ThreeItems, ordered: true), level);

        Assert.Equal(expected, alpha.Value!.Value, 12);
    }

    [Fact]
    public void Compute_TwoCodersBinaryByHand_MatchesValue()
    {
        // (a,a) (a,b) (b,b) (b,b): o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8.
        // alpha = 1 − (n − 1)·2/(2·3·5) = 1 − 14/30 = 8/15.
        var ratings = TestRatings.Parse("""
            1 x a
            1 y a
            2 x a
            2 y b
            3 x b
            3 y b
            4 x b
            4 y b
            """);

        Assert.Equal(8.0 / 15, KrippendorffAlpha.Compute(ratings, AlphaLevel.Nominal).Value!.Value, 12);
    }

    [Fact]
    public void Compute_SingleRatingItemsAdded_AlphaUnchanged()
    {
        var base_ = TestRatings.Random(7, 200, 4, 3, 0.7, 0.3, ordered: true);
        var withSingles = TestRatings.Parse(ThreeItems.Replace("3 z 2", "s1 z 2\ns2 x 3\ns3 y 1"), ordered: true);
        var singlesOnly = RatingSubsets.ItemsWithAtLeast(withSingles, 2);

        foreach (var level in KrippendorffAlpha.Levels)
        {
            Assert.Equal(KrippendorffAlpha.Compute(singlesOnly, level).Value!.Value, KrippendorffAlpha.Compute(withSingles, level).Value!.Value, 12);
            var pairable = RatingSubsets.ItemsWithAtLeast(base_, 2);
            Assert.Equal(KrippendorffAlpha.Compute(pairable, level).Value!.Value, KrippendorffAlpha.Compute(base_, level).Value!.Value, 12);
        }
    }

    [Fact]
    public void Compute_LevelsThatDoNotApply_UndefinedWithReason()
    {
        var nominal = TestRatings.Parse("1 x a\n1 y b\n2 x b\n2 y b");
        var negative = TestRatings.Parse("1 x -1\n1 y 2\n2 x 2\n2 y 2", ordered: true);
        var ordinalWords = TestRatings.Parse("1 x low\n1 y high\n2 x high\n2 y high", ordered: true, categories: ["low", "high"]);

        Assert.Equal(UndefinedReasons.NotOrdered, KrippendorffAlpha.Compute(nominal, AlphaLevel.Ordinal).Reason);
        Assert.Equal(UndefinedReasons.NotOrdered, KrippendorffAlpha.Compute(nominal, AlphaLevel.Interval).Reason);
        Assert.Equal(UndefinedReasons.NotNumeric, KrippendorffAlpha.Compute(ordinalWords, AlphaLevel.Interval).Reason);
        Assert.True(KrippendorffAlpha.Compute(ordinalWords, AlphaLevel.Ordinal).IsDefined);
        Assert.Equal(UndefinedReasons.NegativeValues, KrippendorffAlpha.Compute(negative, AlphaLevel.Ratio).Reason);
        Assert.True(KrippendorffAlpha.Compute(negative, AlphaLevel.Interval).IsDefined);
    }

    [Fact]
    public void Compute_EveryRatingSameLabel_UndefinedNoVariation()
    {
        var ratings = TestRatings.Parse("1 x 2\n1 y 2\n2 x 2\n2 y 2\n2 z 2", ordered: true, categories: ["1", "2", "3"]);

        foreach (var level in KrippendorffAlpha.Levels)
            Assert.Equal(UndefinedReasons.NoVariation, KrippendorffAlpha.Compute(ratings, level).Reason);
    }

    [Fact]
    public void Compute_RatioWithZeros_TwoZerosAreEqual()
    {
        // Values 0 and 2: δ(0,2) = ((0 − 2)/(0 + 2))² = 1, δ(0,0) = 0 (not 0/0).
        // (0,0) (0,2) (2,2): o_00 = 2, o_02 = o_20 = 1, o_22 = 2; n_0 = n_2 = 3, n = 6 → 1 − 5·2/(2·9) = 4/9.
        var ratings = TestRatings.Parse("1 x 0\n1 y 0\n2 x 0\n2 y 2\n3 x 2\n3 y 2", ordered: true);

        Assert.Equal(4.0 / 9, KrippendorffAlpha.Compute(ratings, AlphaLevel.Ratio).Value!.Value, 12);
    }
}
