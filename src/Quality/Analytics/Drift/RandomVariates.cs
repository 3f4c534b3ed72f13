using Quality.Analytics.Agreement;

namespace Quality.Analytics.Drift;

/// <summary>Gamma and beta variates from the project's seeded generator, so calibrations are the same everywhere.</summary>
internal static class RandomVariates
{
    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public static double Beta(SeededRandom random, double a, double b)
    {
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        return x / (x + y);
    }

    /// <summary>
    /// Gamma(shape, 1) by Marsaglia &amp; Tsang (2000); for shape &lt; 1, Gamma(shape + 1) · U^(1/shape).
    /// </summary>
    public static double Gamma(SeededRandom random, double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "shape must be positive");
        if (shape < 1) return Gamma(random, shape + 1) * Math.Pow(random.NextOpenDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextOpenDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A standard normal variate by the Box–Muller transform (one of the pair; simplicity over speed).</summary>
    public static double StandardNormal(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(random.NextOpenDouble())) * Math.Cos(2 * Math.PI * random.NextOpenDouble());
}
