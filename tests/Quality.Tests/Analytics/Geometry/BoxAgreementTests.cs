using Quality.Analytics.Geometry;

namespace Quality.Tests.Analytics.Geometry;

public class BoxAgreementTests
{
    [Fact]
    public void IoU_OverlappingUnitOffsetBoxes_IsOneSeventh()
    {
        // Two 2×2 boxes offset by (1, 1): intersection 1, union 4 + 4 − 1 = 7.
        Assert.Equal(1.0 / 7.0, Box.IoU(new Box(0, 0, 2, 2), new Box(1, 1, 2, 2)), 15);
    }

    [Fact]
    public void IoU_ContainedAndTouchingBoxes_AreAreaRatioAndZero()
    {
        Assert.Equal(0.25, Box.IoU(new Box(0, 0, 4, 4), new Box(1, 1, 2, 2)), 15);
        Assert.Equal(0.0, Box.IoU(new Box(0, 0, 1, 1), new Box(1, 0, 1, 1)));
    }

    [Fact]
    public void Problem_ZeroWidthOrNaN_IsReported()
    {
        Assert.NotNull(Box.Problem(new Box(0, 0, 0, 3)));
        Assert.NotNull(Box.Problem(new Box(double.NaN, 0, 1, 1)));
        Assert.Null(Box.Problem(new Box(-5, -5, 1, 1)));
        Assert.Throws<ArgumentException>(() => ShapeAgreement.BoxBuilder().Add("img", "ann", "car", new Box(0, 0, -1, 1)));
    }

    // All boxes span y 0..10, so IoU is the IoU of the x-intervals. A1 = [0,10], A2 = [2,12], B1 = [0.5,10.5],
    // B2 = [−2,8]. IoU(A1,B1) = 9.5/10.5, IoU(A2,B1) = 8.5/11.5, IoU(A1,B2) = 8/12, IoU(A2,B2) = 6/14 < 0.5.
    // Greedy takes A1–B1 first (the best pair) and leaves A2 and B2 unmatchable: 1 pair. The optimum pairs
    // A1–B2 and A2–B1: 2 pairs, total IoU 2/3 + 17/23 > 19/21.
    private static readonly Box[] A = [new(0, 0, 10, 10), new(2, 0, 10, 10)];
    private static readonly Box[] B = [new(0.5, 0, 10, 10), new(-2, 0, 10, 10)];

    [Fact]
    public void Match_GreedyCounterExample_HungarianPairsBoth()
    {
        var matcher = ShapeAgreement.Matcher<Box>(Box.IoU);

        var pairs = matcher.Match(A, [0, 0], B, [0, 0]);

        Assert.Equal([new MatchedPair(0, 1, 8.0 / 12.0), new MatchedPair(1, 0, 8.5 / 11.5)], pairs);
    }

    [Fact]
    public void Pairwise_GreedyCounterExample_CountsTwoTruePositivesAndMeanIoU()
    {
        var set = ShapeAgreement.BoxBuilder()
            .Add("img", "a", "car", A[0]).Add("img", "a", "car", A[1])
            .Add("img", "b", "car", B[0]).Add("img", "b", "car", B[1])
            .Build();

        var pair = ShapeAgreement.Pairwise(set).Single();

        Assert.Equal((2L, 0L, 0L), (pair.Total.TruePositives, pair.Total.FalsePositives, pair.Total.FalseNegatives));
        Assert.Equal((2.0 / 3.0 + 17.0 / 23.0) / 2, pair.Total.MeanMatchedScore!.Value, 14);
        Assert.Equal(1.0, pair.Total.F1.Value);
        Assert.Equal("car", pair.PerLabel.Single().LabelName);
    }

    [Fact]
    public void Pairwise_DifferentLabels_MatchOnlyWhenLabelAgnostic()
    {
        var set = ShapeAgreement.BoxBuilder()
            .Add("img", "a", "car", new Box(0, 0, 10, 10))
            .Add("img", "b", "truck", new Box(0, 0, 10, 10))
            .Build();

        var aware = ShapeAgreement.Pairwise(set).Single();
        var agnostic = ShapeAgreement.Pairwise(set, new ShapeMatchOptions(LabelAgnostic: true)).Single();

        Assert.Equal((0L, 1L, 1L), (aware.Total.TruePositives, aware.Total.FalsePositives, aware.Total.FalseNegatives));
        Assert.Equal(2, aware.PerLabel.Count);
        Assert.Equal(1, agnostic.Total.TruePositives);
        Assert.Equal(1, agnostic.LabelMismatches);
        Assert.Empty(agnostic.PerLabel);
    }

    [Fact]
    public void Pairwise_IoUExactlyAtThreshold_Matches()
    {
        // [0,2]×[0,1] and [0,1]×[0,1]: IoU = 1/2, and the threshold is inclusive.
        var set = ShapeAgreement.BoxBuilder().Add("i", "a", "x", new Box(0, 0, 2, 1)).Add("i", "b", "x", new Box(0, 0, 1, 1)).Build();

        Assert.Equal(1, ShapeAgreement.Pairwise(set, new ShapeMatchOptions(0.5)).Single().Total.TruePositives);
        Assert.Equal(0, ShapeAgreement.Pairwise(set, new ShapeMatchOptions(0.51)).Single().Total.TruePositives);
    }

    [Fact]
    public void Pairwise_ItemsAnnotatedByOneOnlyOrLeftEmpty_CountedAsTheyShould()
    {
        var set = ShapeAgreement.BoxBuilder()
            .Add("1", "a", "x", new Box(0, 0, 1, 1)).Add("1", "b", "x", new Box(0, 0, 1, 1))
            .Add("2", "a", "x", new Box(0, 0, 1, 1)).MarkAnnotated("2", "b")        // b saw item 2, drew nothing: a miss
            .Add("3", "a", "x", new Box(5, 5, 1, 1))                                 // b never saw item 3: not compared
            .MarkAnnotated("4", "a").MarkAnnotated("4", "b")                         // both saw an empty image
            .Build();

        var pair = ShapeAgreement.Pairwise(set).Single();

        Assert.Equal(3, pair.ItemsCompared);
        Assert.Equal((1L, 0L, 1L), (pair.Total.TruePositives, pair.Total.FalsePositives, pair.Total.FalseNegatives));
        Assert.Equal(1.0, pair.Total.Precision.Value);
        Assert.Equal(0.5, pair.Total.Recall.Value);
        Assert.Equal(2.0 / 3.0, pair.Total.F1.Value!.Value, 15);
    }

    [Fact]
    public void Pairwise_BothDrewNothing_PrecisionRecallF1AreNullWithReasons()
    {
        var set = ShapeAgreement.BoxBuilder().MarkAnnotated("1", "a").MarkAnnotated("1", "b").Build();

        var pair = ShapeAgreement.Pairwise(set).Single();

        Assert.Null(pair.Total.F1.Value);
        Assert.NotNull(pair.Total.F1.Reason);
        Assert.Null(pair.Total.Precision.Value);
        Assert.Null(pair.Total.MeanMatchedScore);
    }
}
