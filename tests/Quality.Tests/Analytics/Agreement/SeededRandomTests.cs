using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class SeededRandomTests
{
    [Theory]
    [InlineData(30, 0.2)]        // inversion branch (n·p < 10)
    [InlineData(400, 0.3)]       // BTRS branch
    [InlineData(1000, 0.93)]     // p > 1/2 by symmetry
    public void NextBinomial_ManyDraws_FrequenciesFitTheBinomialPmf(int n, double p)
    {
        const int draws = 200_000;
        var random = new SeededRandom(42);
        var counts = new long[n + 1];
        for (var d = 0; d < draws; d++) counts[random.NextBinomial(n, p)]++;

        // Chi-square over cells with expected count ≥ 20; the rest pooled into one cell.
        double chi = 0, pooledObserved = 0, pooledExpected = 0;
        var cells = 0;
        for (var k = 0; k <= n; k++)
        {
            var expected = draws * Math.Exp(SeededRandom.LogFactorial(n) - SeededRandom.LogFactorial(k) - SeededRandom.LogFactorial(n - k)
                                            + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
            if (expected >= 20)
            {
                chi += (counts[k] - expected) * (counts[k] - expected) / expected;
                cells++;
            }
            else
            {
                pooledObserved += counts[k];
                pooledExpected += expected;
            }
        }
        if (pooledExpected > 0)
        {
            chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }
        // df = cells − 1; mean df, sd √(2 df): 5 sd above the mean fails only for a wrong sampler.
        var df = cells - 1;
        Assert.InRange(chi, 0, df + 5 * Math.Sqrt(2.0 * df));
    }

    [Fact]
    public void NextBinomial_LargeN_MeanAndVarianceMatch()
    {
        const long n = 1_000_000;
        const double p = 0.0137;
        var random = new SeededRandom(7);
        double sum = 0, sumSquares = 0;
        const int draws = 20_000;
        for (var d = 0; d < draws; d++)
        {
            double x = random.NextBinomial(n, p);
            sum += x;
            sumSquares += x * x;
        }
        var mean = sum / draws;
        var variance = sumSquares / draws - mean * mean;
        var sd = Math.Sqrt(n * p * (1 - p));

        Assert.InRange(mean, n * p - 5 * sd / Math.Sqrt(draws), n * p + 5 * sd / Math.Sqrt(draws));
        Assert.InRange(variance / (sd * sd), 0.95, 1.05);
    }

    [Fact]
    public void NextBinomial_Edges_AreExact()
    {
        var random = new SeededRandom(1);

        Assert.Equal(0, random.NextBinomial(0, 0.5));
        Assert.Equal(0, random.NextBinomial(10, 0));
        Assert.Equal(10, random.NextBinomial(10, 1));
    }

    [Fact]
    public void LogFactorial_TableAndStirling_AgreeAtTheSeam()
    {
        // ln(1024!) from the table's last entry plus ln 1024 equals the series value.
        Assert.Equal(SeededRandom.LogFactorial(1023) + Math.Log(1024), SeededRandom.LogFactorial(1024), 9);
    }
}
