using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>Krippendorff's levels of measurement: which difference function δ² compares two values.</summary>
public enum AlphaLevel
{
    Nominal,
    /// <summary>Krippendorff's ordinal metric: differences counted in marginal frequencies of the categories between.</summary>
    Ordinal,
    Interval,
    Ratio,
}

/// <summary>
/// Krippendorff's alpha in the coincidence-matrix form (Krippendorff 2011): any number of annotators, missing
/// data, items with fewer than two ratings ignored. alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
/// </summary>
public static class KrippendorffAlpha
{
    public static readonly IReadOnlyList<AlphaLevel> Levels = [AlphaLevel.Nominal, AlphaLevel.Ordinal, AlphaLevel.Interval, AlphaLevel.Ratio];

    public static Metric Compute(RatingSet ratings, AlphaLevel level)
    {
        var index = RatingIndex.Build(ratings);
        return FromCoincidences(Coincidences(index), index.LabelCount, level, ratings);
    }

    /// <summary>Why a level does not apply to this field, or null when it does.</summary>
    public static string? Inapplicable(AlphaLevel level, RatingSet ratings) => level switch
    {
        AlphaLevel.Nominal => null,
        AlphaLevel.Ordinal => ratings.IsOrdered ? null : UndefinedReasons.NotOrdered,
        _ when !ratings.IsOrdered => UndefinedReasons.NotOrdered,
        _ when ratings.LabelValues is null => UndefinedReasons.NotNumeric,
        AlphaLevel.Ratio when ratings.LabelValues.Any(v => v < 0) => UndefinedReasons.NegativeValues,
        _ => null,
    };

    /// <summary>
    /// The coincidence matrix (q×q, row-major): each item with m ≥ 2 ratings adds n_c (n_k − [c = k]) / (m − 1)
    /// to o_ck, so Σ_k o_ck = n_c is the number of pairable ratings with label c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] Coincidences(RatingIndex index)
    {
        var q = index.LabelCount;
        var o = new double[q * q];
        var start = index.CountStart;
        var label = index.CountLabel;
        var count = index.CountValue;
        for (var i = 0; i < index.ItemCount; i++)
        {
            var m = index.Ratings(i);
            if (m < 2) continue;
            AddItem(o, q, label, count, start[i], start[i + 1], 1.0 / (m - 1));
        }
        return o;
    }

    /// <summary>Adds one item's coincidences, scaled by <paramref name="scale"/> = copies / (m − 1).</summary>
    internal static void AddItem(double[] o, int q, int[] label, int[] count, int s, int e, double scale)
    {
        for (var j = s; j < e; j++)
        {
            var row = label[j] * q;
            double cj = count[j];
            for (var k = s; k < e; k++)
                o[row + label[k]] += cj * (k == j ? cj - 1 : count[k]) * scale;
        }
    }

    internal static Metric FromCoincidences(double[] o, int q, AlphaLevel level, RatingSet ratings)
    {
        if (Inapplicable(level, ratings) is { } reason) return Metric.Undefined(reason);
        var marginals = new double[q];
        var n = Marginals(o, marginals);
        return n == 0 ? Metric.Undefined(UndefinedReasons.NoPairableItems) : FromCoincidences(o, marginals, n, Distances(level, marginals, ratings.LabelValues));
    }

    /// <summary>n_c = Σ_k o_ck into <paramref name="marginals"/>; returns n = Σ n_c.</summary>
    internal static double Marginals(double[] o, double[] marginals)
    {
        var q = marginals.Length;
        double n = 0;
        for (var c = 0; c < q; c++)
        {
            double sum = 0;
            for (var k = 0; k < q; k++) sum += o[c * q + k];
            marginals[c] = sum;
            n += sum;
        }
        return n;
    }

    /// <summary>alpha = 1 − (n − 1) Σ o_ck δ_ck / Σ n_c n_k δ_ck for a level that applies and n &gt; 0.</summary>
    internal static Metric FromCoincidences(double[] o, double[] marginals, double n, double[] delta)
    {
        var q = marginals.Length;
        double observed = 0, expected = 0;
        for (var c = 0; c < q; c++)
            for (var k = 0; k < q; k++)
            {
                var d = delta[c * q + k];
                if (d == 0) continue;
                observed += o[c * q + k] * d;
                expected += marginals[c] * marginals[k] * d;
            }
        // Every term is ≥ 0, so expected is exactly 0 only when no two different pairable values exist.
        if (expected <= 0) return Metric.Undefined(UndefinedReasons.NoVariation);
        return Metric.Of(1 - (n - 1) * observed / expected);
    }

    /// <summary>δ²_ck for every pair of categories (q×q). Ordinal needs the coincidence marginals n_c.</summary>
    internal static double[] Distances(AlphaLevel level, ReadOnlySpan<double> marginals, double[]? values)
    {
        var q = marginals.Length;
        var delta = new double[q * q];
        var cumulative = new double[q + 1];
        for (var c = 0; c < q; c++) cumulative[c + 1] = cumulative[c] + marginals[c];
        for (var c = 0; c < q; c++)
            for (var k = 0; k < q; k++)
            {
                if (c == k) continue;
                delta[c * q + k] = level switch
                {
                    AlphaLevel.Nominal => 1,
                    AlphaLevel.Ordinal => Square(cumulative[Math.Max(c, k) + 1] - cumulative[Math.Min(c, k)] - (marginals[c] + marginals[k]) / 2),
                    AlphaLevel.Interval => Square(values![c] - values[k]),
                    // Krippendorff's ratio metric; two zeros are equal (0/0 taken as 0, as fast-krippendorff does).
                    _ => values![c] + values[k] == 0 ? 0 : Square((values[c] - values[k]) / (values[c] + values[k])),
                };
            }
        return delta;
    }

    private static double Square(double x) => x * x;
}
