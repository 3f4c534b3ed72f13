using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class DivergenceTests
{
    [Fact]
    public void JensenShannon_SameShares_IsZero()
    {
        Assert.Equal(0, Divergence.JensenShannon([10, 30, 60], [1, 3, 6])!.Value, 15);
    }

    [Fact]
    public void JensenShannon_NoLabelInCommon_IsOneBit()
    {
        Assert.Equal(1, Divergence.JensenShannon([5, 0], [0, 9])!.Value, 15);
    }

    [Fact]
    public void JensenShannon_HandExample_MatchesTheDefinition()
    {
        // P = (1, 0), Q = (½, ½), M = (¾, ¼): ½ log₂(4/3) + ½ (½ log₂(2/3) + ½ log₂ 2).
        Assert.Equal(0.31127812445913283, Divergence.JensenShannon([4, 0], [2, 2])!.Value, 14);
    }

    [Fact]
    public void PopulationStability_HandExample_UsesHalfCountSmoothing()
    {
        // Shares (30.5/41, 10.5/41) against (20.5/41, 20.5/41).
        Assert.Equal(0.2600857137682654, Divergence.PopulationStability([30, 10], [20, 20])!.Value, 14);
    }

    [Fact]
    public void Divergences_EmptySide_AreUndefined()
    {
        Assert.Null(Divergence.JensenShannon([0, 0], [1, 2]));
        Assert.Null(Divergence.PopulationStability([1, 2], [0, 0]));
    }
}
