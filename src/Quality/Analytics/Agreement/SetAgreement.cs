using System.Numerics;

namespace Quality.Analytics.Agreement;

/// <summary>How different two label sets are (0 = identical, 1 = nothing shared).</summary>
public enum SetDistance
{
    /// <summary>
    /// MASI (Passonneau 2006): 1 − J·M, J = |A∩B|/|A∪B| (Jaccard), M = 1 if A = B, 2/3 if one contains the other,
    /// 1/3 if they only overlap, 0 if disjoint. nltk's masi_distance rounds M to 0.67 and 0.33; Quality uses 2/3 and 1/3.
    /// </summary>
    Masi,
    /// <summary>Jaccard distance 1 − |A∩B|/|A∪B|.</summary>
    Jaccard,
}

/// <summary>Krippendorff's alpha for multi-label fields, with a set distance as the difference function.</summary>
public static class SetAgreement
{
    public static double Distance(ulong a, ulong b, SetDistance distance)
    {
        if (a == b) return 0;
        var common = BitOperations.PopCount(a & b);
        var jaccard = (double)common / BitOperations.PopCount(a | b);
        if (distance == SetDistance.Jaccard) return 1 - jaccard;
        var monotonicity = common == 0 ? 0
            : (a & b) == a || (a & b) == b ? 2.0 / 3
            : 1.0 / 3;
        return 1 - jaccard * monotonicity;
    }

    /// <summary>
    /// alpha = 1 − (n − 1) Σ_u Σ_{i≠j in u} δ(v_i, v_j)/(m_u − 1) / Σ_{i≠j over all pairable values} δ(v_i, v_j),
    /// over items with at least two answers (the general form nltk's AnnotationTask.alpha computes).
    /// Each distinct set is one value; with single-label sets it equals nominal alpha.
    /// </summary>
    public static Metric KrippendorffAlpha(LabelSetRatings ratings, SetDistance distance = SetDistance.Masi)
    {
        // Distinct sets become the "labels" of an ordinary RatingSet, so the item grouping is shared code.
        var valueOf = new Dictionary<ulong, int>();
        var values = new List<ulong>();
        var codes = new int[ratings.Count];
        for (var a = 0; a < codes.Length; a++)
        {
            if (!valueOf.TryGetValue(ratings.Sets[a], out var v))
            {
                v = values.Count;
                valueOf[ratings.Sets[a]] = v;
                values.Add(ratings.Sets[a]);
            }
            codes[a] = v;
        }
        var asValues = new RatingSet(ratings.Items, ratings.Raters, codes, ratings.ItemNames, ratings.RaterNames,
            values.Select(ratings.Describe).ToArray());
        var index = RatingIndex.Build(asValues);

        var marginals = new double[values.Count];
        double observed = 0, n = 0;
        for (var i = 0; i < index.ItemCount; i++)
        {
            var m = index.Ratings(i);
            if (m < 2) continue;
            n += m;
            int s = index.CountStart[i], e = index.CountStart[i + 1];
            for (var j = s; j < e; j++)
            {
                marginals[index.CountLabel[j]] += index.CountValue[j];
                for (var k = s; k < e; k++)
                    if (k != j)
                        observed += (double)index.CountValue[j] * index.CountValue[k]
                                    * Distance(values[index.CountLabel[j]], values[index.CountLabel[k]], distance) / (m - 1);
            }
        }
        if (n == 0) return Metric.Undefined(UndefinedReasons.NoPairableItems);

        var used = Enumerable.Range(0, values.Count).Where(v => marginals[v] > 0).ToArray();
        double expected = 0;
        foreach (var v in used)
            foreach (var w in used)
                if (v != w) expected += marginals[v] * marginals[w] * Distance(values[v], values[w], distance);
        if (expected <= 0) return Metric.Undefined(UndefinedReasons.NoVariation);
        return Metric.Of(1 - (n - 1) * observed / expected);
    }
}
