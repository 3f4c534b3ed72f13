using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// Agreement on one label against all others (the field binarised to "this label" / "not this label"):
/// Krippendorff's alpha (nominal) and Fleiss' kappa (irrCAC's generalisation) of the binarised ratings.
/// </summary>
public sealed record LabelAgreement(
    string Label,
    int Ratings,
    double Share,
    int PairableItemsWithLabel,
    Metric KrippendorffAlpha,
    Metric FleissKappa,
    bool LowSample)
{
    /// <summary>
    /// Straight from per-item counts c (of this label) and m (ratings), no binarised copy of the data:
    /// alpha = 1 − (n − 1) Σ_u 2c(m − c)/(m − 1) / (2 n₁ (n − n₁)) over items with m ≥ 2;
    /// kappa's pa = 1 − mean_u 2c(m − c)/(m(m − 1)), π = mean over rated items of c/m, pe = π² + (1 − π)².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static LabelAgreement[] Compute(RatingIndex index, RatingSet ratings, int lowSampleThreshold)
    {
        var q = index.LabelCount;
        var total = new int[q];
        var pairableWith = new int[q];
        var positives = new double[q];      // n₁: pairable ratings with the label
        var alphaDisagreement = new double[q];
        var kappaDisagreement = new double[q];
        var pi = new double[q];
        double pairableRatings = 0;
        int pairableItems = 0, ratedItems = 0;

        for (var i = 0; i < index.ItemCount; i++)
        {
            int s = index.CountStart[i], e = index.CountStart[i + 1];
            if (s == e) continue;
            ratedItems++;
            double m = index.Ratings(i);
            for (var j = s; j < e; j++)
            {
                var k = index.CountLabel[j];
                double c = index.CountValue[j];
                total[k] += index.CountValue[j];
                pi[k] += c / m;
            }
            if (m < 2) continue;
            pairableItems++;
            pairableRatings += m;
            for (var j = s; j < e; j++)
            {
                var k = index.CountLabel[j];
                double c = index.CountValue[j];
                pairableWith[k]++;
                positives[k] += c;
                alphaDisagreement[k] += 2 * c * (m - c) / (m - 1);
                kappaDisagreement[k] += 2 * c * (m - c) / (m * (m - 1));
            }
        }

        var all = ratings.Count;
        var result = new LabelAgreement[q];
        for (var k = 0; k < q; k++)
        {
            Metric alpha, kappa;
            if (pairableItems == 0)
                alpha = kappa = Metric.Undefined(UndefinedReasons.NoPairableItems);
            else
            {
                var n1 = positives[k];
                var n0 = pairableRatings - n1;
                alpha = n1 == 0 ? Metric.Undefined(UndefinedReasons.LabelNeverUsed)
                    : n0 == 0 ? Metric.Undefined(UndefinedReasons.LabelAlwaysUsed)
                    : Metric.Of(1 - (pairableRatings - 1) * alphaDisagreement[k] / (2 * n1 * n0));
                var p = pi[k] / ratedItems;
                var pe = p * p + (1 - p) * (1 - p);
                kappa = Metric.ChanceCorrected(1 - kappaDisagreement[k] / pairableItems, pe, UndefinedReasons.NoVariation);
            }
            result[k] = new LabelAgreement(ratings.LabelNames[k], total[k], all == 0 ? 0 : (double)total[k] / all,
                pairableWith[k], alpha, kappa, pairableWith[k] < lowSampleThreshold);
        }
        return result;
    }
}
