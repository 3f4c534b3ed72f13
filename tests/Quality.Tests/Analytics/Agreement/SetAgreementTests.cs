using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class SetAgreementTests
{
    private const ulong A = 1, B = 2, C = 4;

    [Theory]
    [InlineData(A, A, 0.0)]
    [InlineData(A, A | B, 1 - 0.5 * 2 / 3)]        // subset: J = 1/2, M = 2/3
    [InlineData(A | B, B | C, 1 - 1.0 / 3 * 1 / 3)] // overlap: J = 1/3, M = 1/3
    [InlineData(A, B, 1.0)]                         // disjoint
    [InlineData(0UL, A, 1.0)]                       // empty vs non-empty
    [InlineData(0UL, 0UL, 0.0)]
    public void Distance_Masi_FollowsPassonneau(ulong a, ulong b, double expected)
    {
        Assert.Equal(expected, SetAgreement.Distance(a, b, SetDistance.Masi), 12);
        Assert.Equal(expected, SetAgreement.Distance(b, a, SetDistance.Masi), 12);
    }

    [Fact]
    public void Distance_Jaccard_IsOneMinusJaccard()
    {
        Assert.Equal(2.0 / 3, SetAgreement.Distance(A | B, B | C, SetDistance.Jaccard), 12);
        Assert.Equal(0.5, SetAgreement.Distance(A, A | B, SetDistance.Jaccard), 12);
    }

    [Fact]
    public void KrippendorffAlpha_TwoItemsByHand_MatchesValue()
    {
        // Item 1: x = {a}, y = {a,b}; item 2: x = y = {c}. Values {a} {a,b} {c} with n = 1, 1, 2; n = 4.
        // Observed Σ_u Σ_{i≠j} δ/(m − 1) = 2·(2/3); expected Σ_{v≠w} n_v n_w δ = 2(2/3) + 2·2 + 2·2 = 28/3.
        // alpha = 1 − 3·(4/3)/(28/3) = 4/7.
        var ratings = new LabelSetRatingsBuilder()
            .Add("1", "x", ["a"])
            .Add("1", "y", ["a", "b"])
            .Add("2", "x", ["c"])
            .Add("2", "y", ["c"])
            .Build();

        Assert.Equal(4.0 / 7, SetAgreement.KrippendorffAlpha(ratings).Value!.Value, 12);
    }

    [Fact]
    public void KrippendorffAlpha_SingleLabelSets_EqualsNominalAlpha()
    {
        var single = TestRatings.Random(21, 120, 4, 5, 0.6, 0.3);
        var builder = new LabelSetRatingsBuilder(single.LabelNames);
        for (var a = 0; a < single.Count; a++)
            builder.Add(single.ItemNames[single.Items[a]], single.RaterNames[single.Raters[a]], [single.LabelNames[single.Labels[a]]]);
        var sets = builder.Build();

        var nominal = KrippendorffAlpha.Compute(single, AlphaLevel.Nominal).Value!.Value;

        Assert.Equal(nominal, SetAgreement.KrippendorffAlpha(sets, SetDistance.Masi).Value!.Value, 12);
        Assert.Equal(nominal, SetAgreement.KrippendorffAlpha(sets, SetDistance.Jaccard).Value!.Value, 12);
    }

    [Fact]
    public void KrippendorffAlpha_AllSameSet_UndefinedNoVariation()
    {
        var ratings = new LabelSetRatingsBuilder().Add("1", "x", ["a", "b"]).Add("1", "y", ["b", "a"]).Build();

        Assert.Equal(UndefinedReasons.NoVariation, SetAgreement.KrippendorffAlpha(ratings).Reason);
    }

    [Fact]
    public void Constructor_LabelCodeOutsideField_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabelSetRatings([0], [0], [1UL << 5], ["i"], ["r"], ["a", "b"]));
    }
}
