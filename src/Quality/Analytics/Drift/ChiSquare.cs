using Quality.Analytics.Agreement;

namespace Quality.Analytics.Drift;

/// <summary>
/// Pearson's chi-square test of homogeneity of two label distributions (a 2 × L table). <see cref="PValue"/> is the
/// asymptotic χ² tail when every expected count is at least 5, else a permutation p-value with both margins fixed
/// (<see cref="Permuted"/> says which). Labels no one used are dropped, so df = (labels used) − 1.
/// </summary>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double PValue, double MinExpected, bool Permuted);

/// <summary>Chi-square statistics and tails.</summary>
public static class ChiSquare
{
    /// <summary>Smallest expected count at which the asymptotic χ² tail is used (Cochran's rule).</summary>
    public const double MinExpectedForAsymptotic = 5;

    /// <summary>
    /// Tests whether counts <paramref name="a"/> and <paramref name="b"/> (same labels) come from one distribution.
    /// Null when either side has no answers or only one label is used (nothing to compare).
    /// </summary>
    public static ChiSquareTest? Homogeneity(ReadOnlySpan<long> a, ReadOnlySpan<long> b, int permutations, ulong seed)
    {
        if (a.Length != b.Length) throw new ArgumentException("both rows need the same labels");
        long na = 0, nb = 0;
        var used = 0;
        for (var l = 0; l < a.Length; l++)
        {
            if (a[l] < 0 || b[l] < 0) throw new ArgumentException("counts cannot be negative");
            na += a[l];
            nb += b[l];
            if (a[l] + b[l] > 0) used++;
        }
        if (na == 0 || nb == 0 || used < 2) return null;

        var statistic = Statistic(a, b, na, nb);
        double n = na + nb, minExpected = double.PositiveInfinity;
        for (var l = 0; l < a.Length; l++)
        {
            var column = a[l] + b[l];
            if (column == 0) continue;
            minExpected = Math.Min(minExpected, Math.Min(na, nb) * column / n);
        }
        var df = used - 1;
        if (minExpected >= MinExpectedForAsymptotic)
            return new ChiSquareTest(statistic, df, Tail(statistic, df), minExpected, false);
        return new ChiSquareTest(statistic, df, PermutationPValue(a, b, statistic, permutations, seed), minExpected, true);
    }

    /// <summary>Pearson's X² = Σ (O − E)² / E over both rows and the used labels.</summary>
    internal static double Statistic(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long na, long nb)
    {
        double n = na + nb, x2 = 0;
        for (var l = 0; l < a.Length; l++)
        {
            double column = a[l] + b[l];
            if (column == 0) continue;
            double ea = na * column / n, eb = nb * column / n;
            x2 += (a[l] - ea) * (a[l] - ea) / ea + (b[l] - eb) * (b[l] - eb) / eb;
        }
        return x2;
    }

    /// <summary>
    /// (1 + #{X²* ≥ X²}) / (1 + B) over B tables with the observed margins: row a is redrawn as |a| labels taken
    /// without replacement from the pooled answers (multivariate hypergeometric), which is exactly a permutation of
    /// the answers between the rows.
    /// </summary>
    internal static double PermutationPValue(ReadOnlySpan<long> a, ReadOnlySpan<long> b, double observed, int permutations, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var labels = a.Length;
        var column = new long[labels];
        long na = 0, nb = 0;
        for (var l = 0; l < labels; l++)
        {
            column[l] = a[l] + b[l];
            na += a[l];
            nb += b[l];
        }
        var random = new SeededRandom(seed);
        var left = new long[labels];
        var drawn = new long[labels];
        var rest = new long[labels];
        // Ties in X² from equal tables must count as "at least as extreme" despite rounding in the sum.
        var threshold = observed * (1 - 1e-12);
        var extreme = 0;
        for (var p = 0; p < permutations; p++)
        {
            Array.Copy(column, left, labels);
            Array.Clear(drawn);
            var remaining = na + nb;
            for (long d = 0; d < na; d++)
            {
                var u = (long)(random.NextOpenDouble() * remaining);
                var l = 0;
                while (u >= left[l]) u -= left[l++];
                left[l]--;
                drawn[l]++;
                remaining--;
            }
            for (var l = 0; l < labels; l++) rest[l] = column[l] - drawn[l];
            if (Statistic(drawn, rest, na, nb) >= threshold) extreme++;
        }
        return (1.0 + extreme) / (1.0 + permutations);
    }

    /// <summary>P(χ²_df ≥ x): the regularised upper incomplete gamma Q(df/2, x/2).</summary>
    public static double Tail(double x, int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x));
        return x <= 0 ? 1.0 : UpperGamma(df / 2.0, x / 2.0);
    }

    // Numerical Recipes (3rd ed.) §6.2: the series for P when x < a + 1, Lentz's continued fraction for Q otherwise.
    private static double UpperGamma(double a, double x)
    {
        var logPrefix = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 10_000 && Math.Abs(term) > Math.Abs(sum) * 1e-17; n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return Math.Max(0, 1 - sum * Math.Exp(logPrefix));
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logPrefix) * h;
    }

    // Lanczos approximation (g = 7, n = 9), relative error below 1e-15 for a > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    internal static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
