using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// Multi-rater agreement over items with any number of ratings, computed as Gwet's irrCAC does
/// (pa.coeff.raw, fleiss.kappa.raw, bp.coeff.raw, gwet.ac1.raw): observed agreement pa is the mean over
/// items with r_i ≥ 2 of Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)), with r*_ik = Σ_l w_kl r_il; the category
/// probabilities π_k behind chance agreement are the mean over every rated item (r_i ≥ 1) of r_ik / r_i.
/// Fleiss pe = Σ w_kl π_k π_l, Brennan–Prediger pe = Σw / q², Gwet pe = Σw · Σ π_k(1 − π_k) / (q(q − 1)).
/// </summary>
public sealed record MultiRaterAgreement(
    Weighting Weighting,
    int PairableItems,
    int RatedItems,
    Metric PercentAgreement,
    Metric AllAgreeShare,
    Coefficient FleissKappa,
    Coefficient BrennanPrediger,
    Coefficient GwetAc)
{
    /// <summary>
    /// The coefficients of one field. Weighted variants need an ordered field; their weights sit on the
    /// labels' numeric values when every label is a number, else on category ranks (irrCAC's convention).
    /// </summary>
    public static MultiRaterAgreement Compute(RatingSet ratings, Weighting weighting = Weighting.Unweighted) =>
        Compute(RatingIndex.Build(ratings), ratings, [weighting])[0];

    /// <summary>Several weightings in one pass over the items.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static MultiRaterAgreement[] Compute(RatingIndex index, RatingSet ratings, IReadOnlyList<Weighting> weightings)
    {
        var q = index.LabelCount;
        var positions = ratings.LabelValues ?? CategoryWeights.Ranks(q);
        var weights = weightings.Select(w => CategoryWeights.Build(w, positions)).ToArray();
        var identity = weights.Select(w => CategoryWeights.IsIdentity(w, q)).ToArray();
        var start = index.CountStart;
        var label = index.CountLabel;
        var count = index.CountValue;
        var pi = new double[q];
        var paSum = new double[weights.Length];
        int pairable = 0, rated = 0, allAgree = 0;

        for (var i = 0; i < index.ItemCount; i++)
        {
            int s = start[i], e = start[i + 1];
            if (s == e) continue;
            rated++;
            var m = index.Ratings(i);
            var invM = 1.0 / m;
            for (var j = s; j < e; j++) pi[label[j]] += count[j] * invM;
            if (m < 2) continue;
            pairable++;
            if (e - s == 1) allAgree++;
            var pairs = (double)m * (m - 1);
            for (var w = 0; w < weights.Length; w++)
                paSum[w] += (identity[w] ? SameLabelPairs(count, s, e) : WeightedPairs(weights[w], q, label, count, s, e)) / pairs;
        }

        for (var k = 0; k < q; k++) pi[k] /= Math.Max(rated, 1);
        var result = new MultiRaterAgreement[weights.Length];
        for (var w = 0; w < weights.Length; w++)
        {
            result[w] = weightings[w] != Weighting.Unweighted && !ratings.IsOrdered
                ? Undefined(weightings[w], pairable, rated, UndefinedReasons.NotOrdered)
                : pairable == 0
                    ? Undefined(weightings[w], pairable, rated, UndefinedReasons.NoPairableItems)
                    : Coefficients(weightings[w], weights[w], pi, paSum[w] / pairable, (double)allAgree / pairable, pairable, rated);
        }
        return result;
    }

    private static double SameLabelPairs(int[] count, int s, int e)
    {
        double agreeing = 0;
        for (var j = s; j < e; j++) agreeing += (double)count[j] * (count[j] - 1);
        return agreeing;
    }

    private static double WeightedPairs(double[] weights, int q, int[] label, int[] count, int s, int e)
    {
        double agreeing = 0;
        for (var j = s; j < e; j++)
        {
            var row = label[j] * q;
            double weighted = 0;
            for (var k = s; k < e; k++) weighted += weights[row + label[k]] * count[k];
            agreeing += count[j] * (weighted - 1);
        }
        return agreeing;
    }

    private static MultiRaterAgreement Coefficients(Weighting weighting, double[] weights, double[] pi, double pa, double allAgree, int pairable, int rated)
    {
        var q = pi.Length;
        double totalWeight = 0, fleissPe = 0, spread = 0;
        for (var k = 0; k < q; k++)
        {
            spread += pi[k] * (1 - pi[k]);
            for (var l = 0; l < q; l++)
            {
                totalWeight += weights[k * q + l];
                fleissPe += weights[k * q + l] * pi[k] * pi[l];
            }
        }

        var fleiss = new Coefficient(Metric.ChanceCorrected(pa, fleissPe, UndefinedReasons.NoVariation), pa, fleissPe);
        Coefficient bp, ac;
        if (q < 2)
        {
            bp = Coefficient.Undefined(UndefinedReasons.SingleCategory, pa, 1);
            ac = Coefficient.Undefined(UndefinedReasons.SingleCategory, pa);
        }
        else
        {
            var bpPe = totalWeight / ((double)q * q);
            var acPe = totalWeight * spread / ((double)q * (q - 1));
            bp = new Coefficient(Metric.ChanceCorrected(pa, bpPe, UndefinedReasons.SingleCategory), pa, bpPe);
            ac = new Coefficient(Metric.ChanceCorrected(pa, acPe, UndefinedReasons.NoVariation), pa, acPe);
        }
        return new MultiRaterAgreement(weighting, pairable, rated, Metric.Of(pa), Metric.Of(allAgree), fleiss, bp, ac);
    }

    private static MultiRaterAgreement Undefined(Weighting weighting, int pairable, int rated, string reason)
    {
        var none = Coefficient.Undefined(reason);
        var metric = Metric.Undefined(reason);
        return new MultiRaterAgreement(weighting, pairable, rated, metric, metric, none, none, none);
    }
}
