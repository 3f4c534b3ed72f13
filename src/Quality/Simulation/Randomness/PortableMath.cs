namespace Quality.Simulation.Randomness;

/// <summary>
/// Arithmetic with the same bits on every machine. Exp is built from additions, multiplications and an exact
/// power-of-two scaling only: Math.Exp calls the platform's C library, which may round the last bit differently
/// on another OS or CPU, and a simulator that promises byte-identical files anywhere cannot depend on it.
/// </summary>
public static class PortableMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;

    /// <summary>A left-to-right sum: a library may vectorise or reorder its Sum, which changes the last bits.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum;
    }

    /// <summary>e^x for |x| ≤ 700, within a few ulp of the true value, the same bits everywhere.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x) || x > 700 || x < -700) throw new ArgumentOutOfRangeException(nameof(x), "Exp is for |x| <= 700");
        var k = Math.Round(x * InvLn2);
        // Cody–Waite: the split ln 2 keeps r exact enough that the series below is the only rounding source.
        var r = (x - k * Ln2Hi) - k * Ln2Lo;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n <= 18; n++)
        {
            term = term * r / n;
            sum += term;
        }
        return Math.ScaleB(sum, (int)k);
    }
}
