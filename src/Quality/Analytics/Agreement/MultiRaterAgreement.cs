namespace Quality.Analytics.Agreement;

/// <summary>
/// Multi-rater agreement over items with any number of ratings, computed as Gwet's irrCAC does
/// (pa.coeff.raw, fleiss.kappa.raw, bp.coeff.raw, gwet.ac1.raw): observed agreement pa is the mean over
/// items with r_i ≥ 2 of Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)), with r*_ik = Σ_l w_kl r_il; the category
/// probabilities π_k behind chance agreement are the mean over every rated item (r_i ≥ 1) of r_ik / r_i.
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
        Compute(RatingIndex.Build(ratings), ratings, weighting);

    internal static MultiRaterAgreement Compute(RatingIndex index, RatingSet ratings, Weighting weighting)
    {
        if (weighting != Weighting.Unweighted && !ratings.IsOrdered)
        {
            var notOrdered = Coefficient.Undefined(UndefinedReasons.NotOrdered);
            var plain = Compute(index, CategoryWeights.Build(Weighting.Unweighted, CategoryWeights.Ranks(index.LabelCount)), weighting);
            return plain with
            {
                PercentAgreement = Metric.Undefined(UndefinedReasons.NotOrdered),
                FleissKappa = notOrdered,
                BrennanPrediger = notOrdered,
                GwetAc = notOrdered,
            };
        }
        var positions = ratings.LabelValues ?? CategoryWeights.Ranks(index.LabelCount);
        return Compute(index, CategoryWeights.Build(weighting, positions), weighting);
    }

    internal static MultiRaterAgreement Compute(RatingIndex index, double[] weights, Weighting weighting)
    {
        var q = index.LabelCount;
        var identity = CategoryWeights.IsIdentity(weights, q);
        var start = index.CountStart;
        var label = index.CountLabel;
        var count = index.CountValue;
        var pi = new double[q];
        double paSum = 0;
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
            double agreeing = 0;
            if (identity)
            {
                for (var j = s; j < e; j++) agreeing += (double)count[j] * (count[j] - 1);
            }
            else
            {
                for (var j = s; j < e; j++)
                {
                    var row = label[j] * q;
                    double weighted = 0;
                    for (var k = s; k < e; k++) weighted += weights[row + label[k]] * count[k];
                    agreeing += count[j] * (weighted - 1);
                }
            }
            paSum += agreeing / ((double)m * (m - 1));
        }

        if (pairable == 0)
        {
            var none = Coefficient.Undefined(UndefinedReasons.NoPairableItems);
            var undefined = Metric.Undefined(UndefinedReasons.NoPairableItems);
            return new MultiRaterAgreement(weighting, 0, rated, undefined, undefined, none, none, none);
        }

        for (var k = 0; k < q; k++) pi[k] /= rated;
        var pa = paSum / pairable;
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

        return new MultiRaterAgreement(weighting, pairable, rated, Metric.Of(pa), Metric.Of((double)allAgree / pairable), fleiss, bp, ac);
    }
}
