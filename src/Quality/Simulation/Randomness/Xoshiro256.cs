namespace Quality.Simulation.Randomness;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small PRNG whose output is fixed by the algorithm, so the
/// same seed gives the same project on every machine and .NET version (System.Random promises neither).
/// A mutable struct: keep it in a local or a non-readonly field and pass it by ref.
/// </summary>
public struct Xoshiro256
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator in a given raw state, for checking against the reference implementation's outputs.</summary>
    internal static Xoshiro256 FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var r = default(Xoshiro256);
        (r._s0, r._s1, r._s2, r._s3) = (s0, s1, s2, s3);
        return r;
    }

    /// <summary>
    /// An independent stream for one purpose and one key (say: labels of item 17 by annotator 3), so a
    /// change to one part of the simulation (another field switched on) leaves every other part as it was.
    /// </summary>
    public static Xoshiro256 For(ulong seed, StreamPurpose purpose, long a = 0, long b = 0)
    {
        var h = Mix(seed ^ Golden);
        h = Mix(h ^ ((ulong)purpose * Golden));
        h = Mix(h ^ (ulong)a);
        h = Mix(h ^ (ulong)b ^ 0xD1B54A32D192ED03UL);
        return new Xoshiro256(h);
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

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform in [0, n): the high half of a 64×64-bit product (bias below 2^-32 for any n used here).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>
    /// Standard normal by the Irwin–Hall sum of twelve uniforms: only additions, so no libm call can make
    /// two machines disagree in the last bit. Tails stop at ±6, which suits lead times and jitter.
    /// </summary>
    public double NextStandardNormal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++) sum += NextDouble();
        return sum - 6.0;
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/> (non-negative, not all zero).</summary>
    public int NextWeighted(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var u = NextDouble() * total;
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            last = i;
            u -= weights[i];
            if (u < 0) return i;
        }
        return last >= 0 ? last : throw new ArgumentException("all weights are zero", nameof(weights));
    }

    internal static ulong SplitMix(ref ulong x)
    {
        x += Golden;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>What a random stream is used for; part of the stream's key, so values must never be renumbered.</summary>
public enum StreamPurpose
{
    Annotators = 1,
    GoldSelection = 2,
    ItemContent = 3,
    Assignment = 4,
    Labels = 5,
    RegionIds = 6,
    Roles = 7,
}
