using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>Computes every agreement coefficient of a field from its <see cref="RatingSet"/> in a few passes over flat arrays.</summary>
public static class AgreementCalculator
{
    public static FieldAgreement Compute(RatingSet ratings, AgreementOptions? options = null, string? field = null)
    {
        options ??= AgreementOptions.Default;
        var index = RatingIndex.Build(ratings);

        var multi = MultiRaterAgreement.Compute(index, ratings, [Weighting.Unweighted, Weighting.Linear, Weighting.Quadratic]);
        var (unweighted, linear, quadratic) = (multi[0], multi[1], multi[2]);

        var pairs = PairTables.Build(index);
        var kappas = new CohenKappaResult[pairs.PairCount];
        for (var p = 0; p < kappas.Length; p++)
            kappas[p] = CohenKappa.FromTable(pairs.Table(p), ratings.LabelCount, ratings.IsOrdered, pairs.Items(p));
        var pairwise = Pairwise(pairs, kappas, ratings, options, out var meanKappa, out var kappaPairs);
        var perAnnotator = PerAnnotator(index, pairs, kappas, ratings, options);

        return new FieldAgreement
        {
            Field = field,
            Items = unweighted.RatedItems,
            Annotators = perAnnotator.Length,
            Annotations = ratings.Count,
            PairableItems = unweighted.PairableItems,
            PercentAgreement = unweighted.PercentAgreement,
            AllAgreeShare = unweighted.AllAgreeShare,
            FleissKappa = unweighted.FleissKappa,
            BrennanPrediger = unweighted.BrennanPrediger,
            GwetAc1 = unweighted.GwetAc,
            GwetAc2Linear = linear.GwetAc,
            GwetAc2Quadratic = quadratic.GwetAc,
            Alpha = Alpha(index, ratings, options),
            MeanPairwiseCohenKappa = meanKappa,
            KappaPairs = kappaPairs,
            Pairwise = pairwise,
            PerAnnotator = perAnnotator,
            PerLabel = LabelAgreement.Compute(index, ratings, options.LowSampleThreshold),
            Options = options,
        };
    }

    private static AlphaByLevel Alpha(RatingIndex index, RatingSet ratings, AgreementOptions options)
    {
        var o = KrippendorffAlpha.Coincidences(index);
        var levels = KrippendorffAlpha.Levels;
        var values = new Metric[levels.Count];
        var estimable = new List<AlphaLevel>();
        for (var l = 0; l < levels.Count; l++)
        {
            values[l] = KrippendorffAlpha.FromCoincidences(o, index.LabelCount, levels[l], ratings);
            if (values[l].IsDefined) estimable.Add(levels[l]);
        }
        var intervals = new ConfidenceInterval?[levels.Count];
        if (options.BootstrapReplicates > 0 && estimable.Count > 0)
        {
            var found = AlphaBootstrap.Build(index).PercentileIntervals(ratings, estimable, options.BootstrapReplicates, options.BootstrapSeed);
            for (var e = 0; e < estimable.Count; e++) intervals[(int)estimable[e]] = found[e];
        }
        AlphaEstimate At(AlphaLevel level) => new(values[(int)level], intervals[(int)level]);
        return new AlphaByLevel(At(AlphaLevel.Nominal), At(AlphaLevel.Ordinal), At(AlphaLevel.Interval), At(AlphaLevel.Ratio));
    }

    private static PairAgreement[] Pairwise(PairTables pairs, CohenKappaResult[] kappas, RatingSet ratings, AgreementOptions options,
        out Metric meanKappa, out int kappaPairs)
    {
        // Canonical order (by annotator codes), whatever order the pairs were first met in.
        var order = new int[pairs.PairCount];
        var keys = new long[pairs.PairCount];
        for (var p = 0; p < order.Length; p++)
        {
            order[p] = p;
            keys[p] = (long)pairs.A(p) * ratings.RaterCount + pairs.B(p);
        }
        Array.Sort(keys, order);

        var result = new PairAgreement[order.Length];
        double kappaSum = 0;
        kappaPairs = 0;
        for (var r = 0; r < order.Length; r++)
        {
            var p = order[r];
            var kappa = kappas[p];
            result[r] = new PairAgreement(
                ratings.RaterNames[pairs.A(p)], ratings.RaterNames[pairs.B(p)], pairs.Items(p),
                kappa.ObservedAgreement is { } po ? Metric.Of(po) : Metric.Undefined(UndefinedReasons.NoSharedItems),
                kappa.ChanceAgreement, kappa.Unweighted, kappa.Linear, kappa.Quadratic,
                pairs.Items(p) < options.LowSampleThreshold);
            if (kappa.Unweighted.Value.Value is { } k)
            {
                kappaSum += k;
                kappaPairs++;
            }
        }
        meanKappa = kappaPairs > 0 ? Metric.Of(kappaSum / kappaPairs)
            : Metric.Undefined(order.Length == 0 ? UndefinedReasons.NoPairableItems : UndefinedReasons.NoKappa);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static AnnotatorAgreement[] PerAnnotator(RatingIndex index, PairTables pairs, CohenKappaResult[] kappas, RatingSet ratings, AgreementOptions options)
    {
        var raters = ratings.RaterCount;
        var annotations = new int[raters];
        var items = new int[raters];
        var lastItem = new int[raters];
        Array.Fill(lastItem, -1);
        for (var i = 0; i < index.ItemCount; i++)
            for (var a = index.AnswerStart[i]; a < index.AnswerStart[i + 1]; a++)
            {
                var r = index.AnswerRater[a];
                annotations[r]++;
                if (lastItem[r] != i)
                {
                    lastItem[r] = i;
                    items[r]++;
                }
            }

        var comparisons = new int[raters];
        var agreements = new double[raters];
        var kappaSum = new double[raters];
        var kappaCount = new int[raters];
        for (var p = 0; p < pairs.PairCount; p++)
        {
            // Every shared item weighs 1 in its pair's table, so the table holds Items comparisons.
            int a = pairs.A(p), b = pairs.B(p), shared = pairs.Items(p);
            var agreeing = (kappas[p].ObservedAgreement ?? 0) * shared;
            comparisons[a] += shared;
            comparisons[b] += shared;
            agreements[a] += agreeing;
            agreements[b] += agreeing;
            if (kappas[p].Unweighted.Value.Value is not { } kappa) continue;
            kappaSum[a] += kappa;
            kappaSum[b] += kappa;
            kappaCount[a]++;
            kappaCount[b]++;
        }
        var result = new List<AnnotatorAgreement>(raters);
        for (var r = 0; r < raters; r++)
        {
            if (annotations[r] == 0) continue;
            var shared = pairs.SharedItemsOfRater[r];
            result.Add(new AnnotatorAgreement(
                ratings.RaterNames[r], annotations[r], items[r], shared, comparisons[r],
                comparisons[r] > 0 ? Metric.Of(agreements[r] / comparisons[r]) : Metric.Undefined(UndefinedReasons.NoComparisons),
                kappaCount[r] > 0 ? Metric.Of(kappaSum[r] / kappaCount[r]) : Metric.Undefined(UndefinedReasons.NoPartners),
                kappaCount[r], shared < options.LowSampleThreshold));
        }
        return [.. result];
    }
}
