namespace Quality.Analytics.Redundancy;

/// <summary>
/// For one item with known answers, the probability that the majority vote of k answers drawn without replacement
/// is the gold label, for every k at once, exactly: the average over all C(n, k) subsets that resampling estimates.
/// A tie among t labels that includes gold counts 1/t (a random tie-break, at its expectation).
/// </summary>
internal sealed class SubsetMajority(int maxK, int labels)
{
    private readonly int _width = Math.Max(labels, 1);
    private double[] _dp = new double[(maxK + 1) * Math.Max(labels, 1)];
    private double[] _next = new double[(maxK + 1) * Math.Max(labels, 1)];

    /// <summary>
    /// Adds, for k = 1..maxK, Σ over k-subsets of P(majority = gold) into <paramref name="winsByK"/>[k]
    /// (divide by C(n, k) for the probability).
    /// </summary>
    /// <param name="goldCount">Answers equal to the gold label.</param>
    /// <param name="otherCounts">Answers per other label (at most labels − 1 of them; zeros are ignored).</param>
    /// <param name="binomial">Binomial coefficients C(a, b) for a up to the largest count.</param>
    public void AddWins(int goldCount, ReadOnlySpan<int> otherCounts, BinomialTable binomial, Span<double> winsByK)
    {
        if (otherCounts.Length >= _width) throw new ArgumentException("more labels than the buffers were made for", nameof(otherCounts));
        // Fix the gold label's share m of the subset; the other labels each take x ≤ m. DP over those labels on
        // (answers taken j, labels tied with gold t), weighted by the ways C(count, x) of choosing them.
        var width = _width;
        for (var m = 1; m <= Math.Min(goldCount, maxK); m++)
        {
            var dp = _dp;
            var next = _next;
            Array.Clear(dp);
            dp[0] = 1;
            var budget = maxK - m;
            var ties = 0;
            foreach (var c in otherCounts)
            {
                if (c == 0) continue;
                Array.Clear(next);
                for (var j = 0; j <= budget; j++)
                    for (var t = 0; t <= ties; t++)
                    {
                        var w = dp[j * width + t];
                        if (w == 0) continue;
                        for (var x = 0; x <= Math.Min(c, m) && j + x <= budget; x++)
                            next[(j + x) * width + t + (x == m ? 1 : 0)] += w * binomial[c, x];
                    }
                (dp, next) = (next, dp);
                ties++;
            }
            var ways = binomial[goldCount, m];
            for (var j = 0; j <= budget; j++)
                for (var t = 0; t <= ties; t++)
                    if (dp[j * width + t] != 0)
                        winsByK[m + j] += ways * dp[j * width + t] / (t + 1);
        }
    }
}

/// <summary>
/// C(n, k) as doubles for n ≤ maxN and k ≤ maxK (Pascal's rule): exact while below 2^53, beyond that within a
/// relative error of about n·1e-16.
/// </summary>
internal sealed class BinomialTable
{
    private readonly double[][] _rows;

    public BinomialTable(int maxN, int maxK)
    {
        _rows = new double[maxN + 1][];
        for (var n = 0; n <= maxN; n++)
        {
            var row = _rows[n] = new double[Math.Min(n, maxK) + 1];
            row[0] = 1;
            for (var k = 1; k < row.Length; k++) row[k] = k == n ? 1 : _rows[n - 1][k - 1] + _rows[n - 1][k];
        }
    }

    /// <summary>C(n, k); 0 for k outside 0..n. k above maxK is outside the table.</summary>
    public double this[int n, int k] => k < 0 || k > n ? 0 : _rows[n][k];
}
