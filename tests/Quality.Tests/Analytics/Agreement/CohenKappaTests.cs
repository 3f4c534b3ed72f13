using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class CohenKappaTests
{
    [Fact]
    public void FromTable_TwoByTwoByHand_GivesKappaAndFleissCohenEverittSe()
    {
        // Rows = A, columns = B, 50 items:   B yes  B no
        //                            A yes     20     5     p = .4 .1 | .5
        //                            A no      10    15         .2 .3 | .5
        //                                                       .6 .4
        // po = .7, pe = .5·.6 + .5·.4 = .5, kappa = (.7 − .5)/(1 − .5) = .4.
        // FCE 1969: diagonal .4(1 − (.6+.5)·.6)² + .3(1 − (.4+.5)·.6)² = .04624 + .06348;
        // off-diagonal .6²·(.1·(.6+.5)² + .2·(.4+.5)²) = .36·.283 = .10188; minus (.4 − .5·.6)² = .01;
        // var = .2016 / (50·.5²) = .016128.
        double[] table = [20, 5, 10, 15];

        var result = CohenKappa.FromTable(table, 2, ordered: false);

        Assert.Equal(50, result.Items);
        Assert.Equal(0.7, result.ObservedAgreement!.Value, 12);
        Assert.Equal(0.5, result.ChanceAgreement!.Value, 12);
        Assert.Equal(0.4, result.Unweighted.Value.Value!.Value, 12);
        Assert.Equal(Math.Sqrt(0.016128), result.Unweighted.StandardError!.Value, 12);
        Assert.Equal(0.4 - CohenKappa.Z95 * Math.Sqrt(0.016128), result.Unweighted.Ci95!.Value.Lower, 12);
        Assert.Equal(UndefinedReasons.NotOrdered, result.Linear.Value.Reason);
    }

    [Fact]
    public void FromTable_SasProcFreqExample_MatchesPublishedKappaAseAndLimits()
    {
        // SAS PROC FREQ AGREE printout reproduced in statsmodels' tests (table10): 19 items, 3 ordered categories.
        // Simple kappa .4842, ASE .1380, 95% limits .2137 .7547; weighted (Cicchetti–Allison = linear) .4701, ASE .1457, .1845 .7558.
        double[] table = [0, 4, 1, 0, 8, 0, 0, 1, 5];
        const double halfUnit = 0.00005;

        var result = CohenKappa.FromTable(table, 3, ordered: true);

        Assert.InRange(result.Unweighted.Value.Value!.Value, 0.4842 - halfUnit, 0.4842 + halfUnit);
        Assert.InRange(result.Unweighted.StandardError!.Value, 0.1380 - halfUnit, 0.1380 + halfUnit);
        Assert.InRange(result.Unweighted.Ci95!.Value.Lower, 0.2137 - halfUnit, 0.2137 + halfUnit);
        Assert.InRange(result.Unweighted.Ci95!.Value.Upper, 0.7547 - halfUnit, 0.7547 + halfUnit);
        Assert.InRange(result.Linear.Value.Value!.Value, 0.4701 - halfUnit, 0.4701 + halfUnit);
        Assert.InRange(result.Linear.StandardError!.Value, 0.1457 - halfUnit, 0.1457 + halfUnit);
        Assert.InRange(result.Linear.Ci95!.Value.Lower, 0.1845 - halfUnit, 0.1845 + halfUnit);
        Assert.InRange(result.Linear.Ci95!.Value.Upper, 0.7558 - halfUnit, 0.7558 + halfUnit);
    }

    [Fact]
    public void FromTable_MiddleCategoryUnusedByPair_WeightsStayOnAllFieldCategories()
    {
        // Field categories 0,1,2,3; the pair uses 0, 1 and 3 on three items: (0,0), (1,3), (3,3).
        // Linear agreement weights on all four categories: w(0,1) = 2/3, w(1,3) = 1/3, w(0,3) = 0.
        // po = (1 + 1/3 + 1)/3 = 7/9; rows A = (1/3, 1/3, 0, 1/3), columns B = (1/3, 0, 0, 2/3);
        // pe = 1/9 + (1/9)(2/3) + (2/9)(1/3) + 2/9 = 13/27; kappa = (7/9 − 13/27)/(14/27) = 4/7.
        // (R irr would weight the present levels 0,1,3 as 1,2,3 and give 2/3.)
        var table = new double[16];
        table[0 * 4 + 0] = 1;
        table[1 * 4 + 3] = 1;
        table[3 * 4 + 3] = 1;

        var result = CohenKappa.FromTable(table, 4, ordered: true);

        Assert.Equal(4.0 / 7, result.Linear.Value.Value!.Value, 12);
    }

    [Fact]
    public void FromTable_Transposed_SameKappasAndErrors()
    {
        double[] table = [7, 2, 1, 0, 3, 9, 4, 1, 2, 0, 6, 3, 1, 2, 0, 8];
        var transposed = new double[16];
        for (var k = 0; k < 4; k++)
            for (var l = 0; l < 4; l++) transposed[l * 4 + k] = table[k * 4 + l];

        var ab = CohenKappa.FromTable(table, 4, ordered: true);
        var ba = CohenKappa.FromTable(transposed, 4, ordered: true);

        foreach (var (x, y) in new[] { (ab.Unweighted, ba.Unweighted), (ab.Linear, ba.Linear), (ab.Quadratic, ba.Quadratic) })
        {
            Assert.Equal(x.Value.Value!.Value, y.Value.Value!.Value, 12);
            Assert.Equal(x.StandardError!.Value, y.StandardError!.Value, 12);
        }
    }

    [Fact]
    public void FromTable_PerfectAgreement_IsOneWithZeroSe()
    {
        double[] table = [5, 0, 0, 0, 3, 0, 0, 0, 9];

        var result = CohenKappa.FromTable(table, 3, ordered: true);

        Assert.Equal(1, result.Unweighted.Value.Value!.Value, 12);
        Assert.Equal(1, result.Quadratic.Value.Value!.Value, 12);
        Assert.Equal(0, result.Unweighted.StandardError!.Value, 6);
    }

    [Fact]
    public void FromTable_BothAnnotatorsOneLabel_UndefinedWithReason()
    {
        double[] table = [0, 0, 0, 12];

        var result = CohenKappa.FromTable(table, 2, ordered: true);

        Assert.Null(result.Unweighted.Value.Value);
        Assert.Equal(UndefinedReasons.NoVariation, result.Unweighted.Value.Reason);
        Assert.Null(result.Quadratic.Value.Value);
        Assert.Equal(1, result.ObservedAgreement);
    }

    [Fact]
    public void FromTable_Empty_UndefinedNoSharedItems()
    {
        var result = CohenKappa.FromTable(new double[9], 3, ordered: false);

        Assert.Equal(UndefinedReasons.NoSharedItems, result.Unweighted.Value.Reason);
        Assert.Null(result.ObservedAgreement);
    }
}
