namespace Quality.Analytics.Agreement;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small generator of our own so a seed gives the same
/// bootstrap on every runtime and platform (System.Random's seeded stream is not a documented contract).
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on the open interval (0, 1): safe to take a logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>A Binomial(n, p) draw: inversion for small n·p, Hörmann's BTRS (1993) otherwise.</summary>
    public long NextBinomial(long n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - NextBinomial(n, 1 - p);
        return n * p < 10 ? BinomialInversion(n, p) : BinomialBtrs(n, p);
    }

    // Successes are the geometric waiting times that fit in n trials.
    private long BinomialInversion(long n, double p)
    {
        var logQ = Math.Log(1 - p);
        double position = 0;
        long successes = 0;
        while (true)
        {
            position += Math.Ceiling(Math.Log(NextOpenDouble()) / logQ);
            if (position > n) return successes;
            successes++;
        }
    }

    // W. Hörmann (1993), The generation of binomial random variates, J. Statist. Comput. Simul. 46, algorithm BTRS.
    private long BinomialBtrs(long n, double p)
    {
        var spq = Math.Sqrt(n * p * (1 - p));
        var b = 1.15 + 2.53 * spq;
        var a = -0.0873 + 0.0248 * b + 0.01 * p;
        var c = n * p + 0.5;
        var vr = 0.92 - 4.2 / b;
        var alpha = (2.83 + 5.1 / b) * spq;
        var lpq = Math.Log(p / (1 - p));
        var m = Math.Floor((n + 1) * p);
        var h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            var u = NextOpenDouble() - 0.5;
            var v = NextOpenDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return (long)k;
            v = Math.Log(v * alpha / (a / (us * us) + b));
            if (v <= h - LogFactorial(k) - LogFactorial(n - k) + (k - m) * lpq) return (long)k;
        }
    }

    private static readonly double[] SmallLogFactorials = BuildLogFactorials(1024);

    /// <summary>ln(k!) for integral k ≥ 0: a table below 1024, Stirling's series above (error far below 1e-15 there).</summary>
    internal static double LogFactorial(double k)
    {
        if (k < SmallLogFactorials.Length) return SmallLogFactorials[(int)k];
        var x = k + 1;
        var x2 = x * x;
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI)
            + (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / x2) / x2) / x;
    }

    private static double[] BuildLogFactorials(int count)
    {
        var table = new double[count];
        for (var k = 1; k < count; k++) table[k] = table[k - 1] + Math.Log(k);
        return table;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
