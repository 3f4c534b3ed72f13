using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class BernoulliCusumTests
{
    [Fact]
    public void Path_HandComputedSequence_FollowsPagesRecursion()
    {
        // p0 = 0.9, p1 = 0.75: a right answer adds ln(0.75/0.9) = −0.18232…, a wrong one ln(0.25/0.1) = 0.91629….
        bool[] outcomes = [true, true, false, false, true, false];
        var path = new double[outcomes.Length];

        BernoulliCusum.Path(outcomes, 2, new CusumDesign(0.9, 0.75), path);

        double[] expected = [0, 0, 0.9162907318741551, 1.8325814637483102, 1.6502599069543555, 2.5665506388285104];
        for (var t = 0; t < expected.Length; t++) Assert.Equal(expected[t], path[t], 12);
    }

    [Fact]
    public void Path_RightAnswersFromZero_StaysAtZero()
    {
        bool[] outcomes = [false, true, true, false, true, true, true];
        var path = new double[outcomes.Length];

        BernoulliCusum.Path(outcomes, 1, new CusumDesign(0.8, 0.6), path);

        Assert.Equal(0, path[0]);
        Assert.Equal(0, path[1]);
        Assert.Equal(0, path[2]);
        Assert.True(path[3] > 0);
        Assert.Equal(0, path[6]);
    }

    [Fact]
    public void Signals_TwoExcursionsAboveTheLimit_OneSignalEachWithItsBounds()
    {
        double[] path = [0, 1, 3, 5, 2, 0, 4, 6, 0, 1];

        var signals = BernoulliCusum.Signals(path, 4.5);

        Assert.Equal(2, signals.Count);
        Assert.Equal(new CusumSignal(3, 1, 5, 5, 5), signals[0]);
        Assert.Equal(new CusumSignal(7, 6, 8, 6, 6), signals[1]);
    }

    [Fact]
    public void Signals_PathEqualToTheLimit_DoesNotSignal()
    {
        double[] path = [0, 2, 4.5, 4.5, 0];

        Assert.Empty(BernoulliCusum.Signals(path, 4.5));
    }

    [Fact]
    public void Signals_ExcursionRunsToTheEnd_EndIsTheStreamLength()
    {
        double[] path = [0, 0, 2, 5, 7];

        var signal = Assert.Single(BernoulliCusum.Signals(path, 4));

        Assert.Equal(new CusumSignal(3, 2, 5, 5, 7), signal);
    }

    [Fact]
    public void ForDrop_AccuracyBelowTwiceTheDrop_WatchesForHalving()
    {
        Assert.Equal(0.10, CusumDesign.ForDrop(0.20, 0.15).P1, 12);
        Assert.Equal(0.70, CusumDesign.ForDrop(0.85, 0.15).P1, 12);
    }

    [Fact]
    public void BaselineAccuracy_FlawlessBaseline_StaysBelowOne()
    {
        Assert.Equal(50.5 / 51, CusumDesign.BaselineAccuracy(50, 50), 15);
        Assert.Equal(0.5 / 51, CusumDesign.BaselineAccuracy(0, 50), 15);
    }
}
