using Quality.Simulation.Randomness;

namespace Quality.Tests.Simulation;

public sealed class RandomnessTests
{
    [Fact]
    public void Xoshiro256_StateOneTwoThreeFour_MatchesReferenceOutputs()
    {
        // Worked by hand from the reference xoshiro256** (Blackman & Vigna): rotl(2*5, 7)*9 = 11520, then
        // s1 becomes 0, then s1 = 262149 and rotl(262149*5, 7)*9 = 1509978240.
        var rng = Xoshiro256.FromState(1, 2, 3, 4);
        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
        Assert.Equal(1509978240UL, rng.NextUInt64());
    }

    [Fact]
    public void SplitMix_Seed1234567_MatchesPublishedOutputs()
    {
        // The published test vector of Vigna's splitmix64.c for seed 1234567.
        var x = 1234567UL;
        Assert.Equal(6457827717110365317UL, Xoshiro256.SplitMix(ref x));
        Assert.Equal(3203168211198807973UL, Xoshiro256.SplitMix(ref x));
        Assert.Equal(9817491932198370423UL, Xoshiro256.SplitMix(ref x));
    }

    [Fact]
    public void For_DifferentKeys_IndependentStreams()
    {
        var a = Xoshiro256.For(42, StreamPurpose.Labels, 1, 2);
        var b = Xoshiro256.For(42, StreamPurpose.Labels, 2, 1);
        var c = Xoshiro256.For(42, StreamPurpose.Labels, 1, 2);
        var first = a.NextUInt64();
        Assert.NotEqual(first, b.NextUInt64());
        Assert.Equal(first, c.NextUInt64());
    }

    [Fact]
    public void NextInt_TenBins_CountsWithinFiveSigma()
    {
        var rng = new Xoshiro256(99);
        var counts = new int[10];
        const int n = 100_000;
        for (var i = 0; i < n; i++) counts[rng.NextInt(10)]++;
        var sigma = Math.Sqrt(n * 0.1 * 0.9);
        Assert.All(counts, c => Assert.InRange(c, n * 0.1 - 5 * sigma, n * 0.1 + 5 * sigma));
    }

    [Fact]
    public void NextStandardNormal_ManyDraws_MeanZeroVarianceOne()
    {
        var rng = new Xoshiro256(5);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var z = rng.NextStandardNormal();
            sum += z;
            sumSq += z * z;
        }
        var mean = sum / n;
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(sumSq / n - mean * mean, 0.98, 1.02);
    }

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.3465)]
    [InlineData(1.0)]
    [InlineData(7.25)]
    [InlineData(300.0)]
    public void Exp_AgreesWithMathExpToFewUlp(double x)
    {
        var expected = Math.Exp(x);
        Assert.InRange(Math.Abs(PortableMath.Exp(x) - expected) / expected, 0, 1e-15);
    }

    [Fact]
    public void Exp_Zero_ExactlyOne() => Assert.Equal(1.0, PortableMath.Exp(0));

    [Fact]
    public void Exp_OutsideRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => PortableMath.Exp(701));
}
