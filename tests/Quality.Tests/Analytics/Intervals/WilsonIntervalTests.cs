using Quality.Analytics.Intervals;

namespace Quality.Tests.Analytics.Intervals;

public class WilsonIntervalTests
{
    // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score without continuity
    // correction), printed to four decimals.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Compute_NewcombeExamples_MatchPublishedBounds(int k, int n, double lower, double upper)
    {
        var interval = WilsonInterval.Compute(k, n);

        Assert.Equal(lower, interval.Lower!.Value, 0.00005);
        Assert.Equal(upper, interval.Upper!.Value, 0.00005);
        Assert.Equal((double)k / n, interval.Estimate!.Value, 15);
        Assert.Null(interval.Reason);
    }

    [Fact]
    public void Compute_NoTrials_IsNullWithReason()
    {
        var interval = WilsonInterval.Compute(0, 0);

        Assert.Null(interval.Lower);
        Assert.Null(interval.Upper);
        Assert.Null(interval.Estimate);
        Assert.Contains("n = 0", interval.Reason);
    }

    [Fact]
    public void Compute_AllSuccesses_UpperIsExactlyOneAndLowerIsZOverNPlusZSquared()
    {
        var interval = WilsonInterval.Compute(20, 20, 2.0);

        // k = n: lower = n / (n + z²) = 20 / 24.
        Assert.Equal(1.0, interval.Upper);
        Assert.Equal(20.0 / 24.0, interval.Lower!.Value, 14);
    }

    [Fact]
    public void Compute_LargerZ_GivesWiderIntervalAroundSameCentre()
    {
        var narrow = WilsonInterval.Compute(30, 100, 1.0);
        var wide = WilsonInterval.Compute(30, 100, 3.0);

        Assert.True(wide.Lower < narrow.Lower && wide.Upper > narrow.Upper);
        // z = 1, k = 30, n = 100: centre (0.3 + 0.005) / 1.01, half √(0.0021 + 0.000025) / 1.01.
        Assert.Equal((0.305 - Math.Sqrt(0.002125)) / 1.01, narrow.Lower!.Value, 14);
    }

    [Theory]
    [InlineData(5, 4, 1.96)]
    [InlineData(-1, 4, 1.96)]
    [InlineData(1, 4, 0.0)]
    [InlineData(1, 4, double.NaN)]
    public void Compute_InvalidInput_Throws(int k, int n, double z) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(k, n, z));

    [Fact]
    public void Proportion_NoTrials_ValueIsNullWithGivenReason()
    {
        var share = new Proportion(0, 0, "nobody answered a gold item");

        Assert.Null(share.Value);
        Assert.Equal("nobody answered a gold item", share.Reason);
        Assert.Null(share.Wilson().Lower);
    }
}
