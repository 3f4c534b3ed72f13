using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class MultiRaterAgreementTests
{
    // Items: 1 = a,a,a   2 = a,a,b   3 = a,b (one missing)   4 = b (single rating: no pairs, but counts in π as irrCAC does).
    private const string Small = """
        1 x a
        1 y a
        1 z a
        2 x a
        2 y a
        2 z b
        3 x a
        3 y b
        4 z b
        """;

    private const string AllA = "1 x a\n1 y a\n2 x a\n2 y a";

    [Fact]
    public void Compute_SmallMissingDataByHand_MatchesIrrCacFormulas()
    {
        // pa = mean over items 1..3 of Σ c(c−1)/(m(m−1)) = (1 + 2/6 + 0)/3 = 4/9.
        // π_a = (1 + 2/3 + 1/2 + 0)/4 = 13/24, π_b = 11/24 (all four rated items).
        // Fleiss pe = (169 + 121)/576 = 145/288 → kappa = (128 − 145)/(288 − 145) = −17/143.
        // Brennan–Prediger pe = 1/2 → (4/9 − 1/2)/(1/2) = −1/9.
        // AC1 pe = Σ π(1 − π)/(q − 1) = 2·13·11/576 = 143/288 → (128 − 143)/(288 − 143) = −3/29.
        var result = MultiRaterAgreement.Compute(TestRatings.Parse(Small));

        Assert.Equal(3, result.PairableItems);
        Assert.Equal(4, result.RatedItems);
        Assert.Equal(4.0 / 9, result.PercentAgreement.Value!.Value, 12);
        Assert.Equal(1.0 / 3, result.AllAgreeShare.Value!.Value, 12);
        Assert.Equal(145.0 / 288, result.FleissKappa.Chance!.Value, 12);
        Assert.Equal(-17.0 / 143, result.FleissKappa.Value.Value!.Value, 12);
        Assert.Equal(-1.0 / 9, result.BrennanPrediger.Value.Value!.Value, 12);
        Assert.Equal(-3.0 / 29, result.GwetAc.Value.Value!.Value, 12);
    }

    [Fact]
    public void Compute_QuadraticWeightsByHand_GivesAc2()
    {
        // Values 1,2,3; quadratic weights w(1,2) = w(2,3) = 3/4, w(1,3) = 0, Σw = 6.
        // Item A = (1,2): Σ_k c_k(Σ_l w_kl c_l − 1)/(2·1) = (3/4 + 3/4)/2 = 3/4; item B = (3,3): 1. pa = 7/8.
        // π = (1/4, 1/4, 1/2); AC2 pe = 6·(3/16 + 3/16 + 4/16)/(3·2) = 5/8 → AC2 = (7/8 − 5/8)/(3/8) = 2/3.
        // Brennan–Prediger pe = 6/9 → (7/8 − 2/3)/(1/3) = 5/8.
        var ratings = TestRatings.Parse("""
            A x 1
            A y 2
            B x 3
            B y 3
            """, ordered: true);

        var result = MultiRaterAgreement.Compute(ratings, Weighting.Quadratic);

        Assert.Equal(7.0 / 8, result.PercentAgreement.Value!.Value, 12);
        Assert.Equal(2.0 / 3, result.GwetAc.Value.Value!.Value, 12);
        Assert.Equal(5.0 / 8, result.BrennanPrediger.Value.Value!.Value, 12);
    }

    [Fact]
    public void Compute_WeightedOnUnorderedField_UndefinedNotOrdered()
    {
        var result = MultiRaterAgreement.Compute(TestRatings.Parse(Small), Weighting.Linear);

        Assert.Equal(UndefinedReasons.NotOrdered, result.GwetAc.Value.Reason);
        Assert.Equal(UndefinedReasons.NotOrdered, result.FleissKappa.Value.Reason);
    }

    [Fact]
    public void Compute_OneObservedCategory_KappaAndAc1UndefinedPercentIsOne()
    {
        var ratings = TestRatings.Parse(AllA);

        var result = MultiRaterAgreement.Compute(ratings);

        Assert.Equal(1, result.PercentAgreement.Value);
        Assert.Equal(UndefinedReasons.NoVariation, result.FleissKappa.Value.Reason);
        Assert.Equal(UndefinedReasons.SingleCategory, result.GwetAc.Value.Reason);
        Assert.Equal(UndefinedReasons.SingleCategory, result.BrennanPrediger.Value.Reason);
    }

    [Fact]
    public void Compute_SecondCategoryDeclaredButUnused_Ac1AndBpDefinedFleissNot()
    {
        // With categories {a, b} declared, AC1's pe = Σπ(1 − π)/(q − 1) = 0 and BP's pe = 1/2: both 1, not 0/0.
        // Fleiss' pe = Σπ² = 1 stays 0/0.
        var ratings = TestRatings.Parse(AllA, categories: ["a", "b"]);

        var result = MultiRaterAgreement.Compute(ratings);

        Assert.Equal(1, result.GwetAc.Value.Value);
        Assert.Equal(1, result.BrennanPrediger.Value.Value);
        Assert.Equal(UndefinedReasons.NoVariation, result.FleissKappa.Value.Reason);
    }

    [Fact]
    public void Compute_NoItemWithTwoRatings_AllUndefined()
    {
        var result = MultiRaterAgreement.Compute(TestRatings.Parse("1 x a\n2 y b"));

        Assert.Equal(0, result.PairableItems);
        Assert.Equal(UndefinedReasons.NoPairableItems, result.PercentAgreement.Reason);
        Assert.Equal(UndefinedReasons.NoPairableItems, result.GwetAc.Value.Reason);
    }
}
