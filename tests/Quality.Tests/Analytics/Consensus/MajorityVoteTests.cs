using Quality.Analytics;
using Quality.Analytics.Consensus;

namespace Quality.Tests.Analytics.Consensus;

public class MajorityVoteTests
{
    // Items: a = x,x,y (gold x); b = x,y (tie, gold y); c = y,y,z (gold y); d = z (no gold).
    private static (RatingSet Set, int[] Gold) Small()
    {
        var set = new RatingSetBuilder()
            .Add("a", "r1", "x").Add("a", "r2", "x").Add("a", "r3", "y")
            .Add("b", "r1", "x").Add("b", "r2", "y")
            .Add("c", "r1", "y").Add("c", "r2", "y").Add("c", "r3", "z")
            .Add("d", "r3", "z")
            .Build();
        var gold = GoldLabels.Codes(set, new Dictionary<string, string> { ["a"] = "x", ["b"] = "y", ["c"] = "y" });
        return (set, gold);
    }

    [Fact]
    public void Compute_TwoLabelsShareTopCount_ReportsTieAndPicksSmallestCode()
    {
        var (set, gold) = Small();

        var result = MajorityVote.Compute(set, gold);

        const int b = 1;
        Assert.True(result.Tied[b]);
        Assert.Equal(["x", "y"], result.TopLabels(b).ToArray().Select(l => set.LabelNames[l]));
        Assert.Equal("x", set.LabelNames[result.Labels[b]]);
        Assert.Equal(0.5, result.VoteShare(b));
        Assert.Equal(1, result.TieCount);
    }

    [Fact]
    public void Compute_WithGold_CountsTieBreakPickAndReportsUntiedSeparately()
    {
        var (set, gold) = Small();

        var result = MajorityVote.Compute(set, gold);

        // a right, b wrong (tie-break x, gold y), c right; d has no gold.
        Assert.Equal(2, result.AccuracyVsGold!.Successes);
        Assert.Equal(3, result.AccuracyVsGold.Trials);
        Assert.Equal(2, result.AccuracyVsGoldUntied!.Successes);
        Assert.Equal(2, result.AccuracyVsGoldUntied.Trials);
        Assert.Equal(2.0 / 3.0, result.VoteShare(0)!.Value, 15);
    }

    [Fact]
    public void Compute_TieBreakPickIsGold_CountsTiedItemAsRight()
    {
        var set = new RatingSetBuilder().Add("i", "r1", "b").Add("i", "r2", "a").Build();
        var gold = GoldLabels.Codes(set, new Dictionary<string, string> { ["i"] = "a" });

        var result = MajorityVote.Compute(set, gold);

        Assert.Equal(1, result.AccuracyVsGold!.Successes);
        Assert.Equal(0, result.AccuracyVsGoldUntied!.Trials);
        Assert.Null(result.AccuracyVsGoldUntied.Value);
        Assert.NotNull(result.AccuracyVsGoldUntied.Reason);
    }

    [Fact]
    public void Compute_ItemWithoutAnswers_HasNoLabelAndNoShare()
    {
        var set = new RatingSet([0, 0], [0, 1], [1, 1], ["answered", "empty"], ["r1", "r2"], ["a", "b"]);

        var result = MajorityVote.Compute(set);

        Assert.Equal(-1, result.Labels[1]);
        Assert.Null(result.VoteShare(1));
        Assert.Equal(0, result.TopLabels(1).Length);
        Assert.Equal(1, result.ItemsWithAnswers);
        Assert.Null(result.AccuracyVsGold);
    }

    [Fact]
    public void PerAnnotator_UntiedMajority_ExcludesTiedItemsAndIncludesOwnVote()
    {
        var (set, _) = Small();
        var result = MajorityVote.Compute(set);

        var scores = ConsensusAgreement.PerAnnotator(set, result.UntiedLabels());

        // r1: a x=x ✓, c y=y ✓ (b tied, left out) → 2/2; r2: a ✓, c ✓ → 2/2; r3: a y≠x, c z≠y, d z=z → 1/3.
        Assert.Equal((2, 2), (scores[0].Share.Successes, scores[0].Share.Trials));
        Assert.Equal((2, 2), (scores[1].Share.Successes, scores[1].Share.Trials));
        Assert.Equal((1, 3), (scores[2].Share.Successes, scores[2].Share.Trials));
    }

    [Fact]
    public void GoldAccuracy_AnnotatorWithoutGoldItems_IsNullWithReason()
    {
        var (set, gold) = Small();

        var scores = ConsensusAgreement.GoldAccuracy(set, gold);

        // r3 answered a (y, gold x) and c (z, gold y): 0/2; d has no gold. r1: a ✓ b ✗ c ✓.
        Assert.Equal((0, 2), (scores[2].Share.Successes, scores[2].Share.Trials));
        Assert.Equal((2, 3), (scores[0].Share.Successes, scores[0].Share.Trials));
        var onlyNoGold = ConsensusAgreement.GoldAccuracy(set, [GoldLabels.None, GoldLabels.None, GoldLabels.None, GoldLabels.None]);
        Assert.Null(onlyNoGold[0].Share.Value);
        Assert.Null(onlyNoGold[0].Interval.Lower);
        Assert.NotNull(onlyNoGold[0].Share.Reason);
    }

    [Fact]
    public void GoldLabelsCodes_UnknownGoldLabel_ThrowsNamingIt()
    {
        var set = new RatingSetBuilder().Add("i", "r1", "a").Build();

        var error = Assert.Throws<ArgumentException>(() =>
            GoldLabels.Codes(set, new Dictionary<string, string> { ["i"] = "zebra" }));

        Assert.Contains("'zebra'", error.Message);
    }
}
