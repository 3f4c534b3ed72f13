namespace Quality.Analytics.Agreement;

/// <summary>How disagreements between ordered categories are credited.</summary>
public enum Weighting
{
    /// <summary>Only identical labels agree.</summary>
    Unweighted,
    /// <summary>Agreement weight 1 − |x_k − x_l| / (x_max − x_min).</summary>
    Linear,
    /// <summary>Agreement weight 1 − (x_k − x_l)² / (x_max − x_min)².</summary>
    Quadratic,
}

/// <summary>Agreement-weight matrices (q×q, row-major, 1 on the diagonal) over category positions.</summary>
internal static class CategoryWeights
{
    /// <summary>Positions 0..q−1: the category's rank in the field's order.</summary>
    public static double[] Ranks(int q)
    {
        var x = new double[q];
        for (var k = 0; k < q; k++) x[k] = k;
        return x;
    }

    public static double[] Build(Weighting weighting, ReadOnlySpan<double> positions)
    {
        var q = positions.Length;
        var w = new double[q * q];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in positions)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        var range = max - min;
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                // A single position (or one value for all) leaves nothing to grade: identity.
                if (weighting == Weighting.Unweighted || !(range > 0))
                    w[k * q + l] = k == l ? 1 : 0;
                else if (weighting == Weighting.Linear)
                    w[k * q + l] = 1 - Math.Abs(positions[k] - positions[l]) / range;
                else
                {
                    var d = positions[k] - positions[l];
                    w[k * q + l] = 1 - d * d / (range * range);
                }
            }
        return w;
    }

    public static bool IsIdentity(ReadOnlySpan<double> w, int q)
    {
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
                if (w[k * q + l] != (k == l ? 1 : 0)) return false;
        return true;
    }
}
