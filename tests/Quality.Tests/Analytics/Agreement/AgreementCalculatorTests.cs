using System.Globalization;
using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class AgreementCalculatorTests
{
    private static readonly AgreementOptions NoBootstrap = new() { BootstrapReplicates = 0 };

    [Fact]
    public void Compute_RowsShuffledAndItemsAndAnnotatorsRenamed_EveryNumberIdentical()
    {
        var ratings = TestRatings.Random(31, 400, 5, 4, 0.6, 0.2, ordered: true);
        var renamed = TestRatings.Rebuild(ratings, item: s => "unit " + s, rater: s => s.ToUpperInvariant(), shuffleSeed: 5);
        var options = new AgreementOptions { BootstrapReplicates = 200 };

        var before = Flatten(AgreementCalculator.Compute(ratings, options), rater: s => s.ToUpperInvariant());
        var after = Flatten(AgreementCalculator.Compute(renamed, options));

        AssertSameNumbers(before, after);
    }

    [Fact]
    public void Compute_LabelsRenamedAndReordered_NominalNumbersIdentical()
    {
        var ratings = TestRatings.Random(32, 300, 4, 4, 0.55, 0.15);
        string Rename(string label) => "class-" + (char)('a' + 3 - int.Parse(label, CultureInfo.InvariantCulture) + 1);
        var relabelled = TestRatings.Rebuild(ratings, label: Rename, shuffleSeed: 8,
            categories: ratings.LabelNames.Select(Rename).Reverse().ToArray());

        var before = Flatten(AgreementCalculator.Compute(ratings, NoBootstrap), label: Rename);
        var after = Flatten(AgreementCalculator.Compute(relabelled, NoBootstrap));

        AssertSameNumbers(before, after);
        Assert.Contains("alpha.Nominal", before.Keys);
    }

    [Fact]
    public void Compute_PairOrderOfAnnotators_KappaSymmetric()
    {
        // The same answers with the annotators met in the opposite order put each pair's table the other way round.
        var ratings = TestRatings.Random(33, 200, 3, 5, 0.5, 0.1, ordered: true);
        var reversed = TestRatings.Rebuild(ratings, shuffleSeed: 2);

        var a = AgreementCalculator.Compute(ratings, NoBootstrap).Pairwise.ToDictionary(p => PairName(p.A, p.B));
        var b = AgreementCalculator.Compute(reversed, NoBootstrap).Pairwise.ToDictionary(p => PairName(p.A, p.B));

        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.Contains(a, p => b[p.Key].A != p.Value.A);
        foreach (var (name, pair) in a)
        {
            Assert.Equal(pair.CohenKappa.Value.Value!.Value, b[name].CohenKappa.Value.Value!.Value, 12);
            Assert.Equal(pair.CohenKappaQuadratic.StandardError!.Value, b[name].CohenKappaQuadratic.StandardError!.Value, 12);
        }
    }

    [Fact]
    public void Compute_PerfectAgreement_EveryCoefficientIsOne()
    {
        var ratings = TestRatings.Random(34, 100, 4, 5, accuracy: 1, missing: 0.2, ordered: true);

        var result = AgreementCalculator.Compute(ratings, NoBootstrap);

        Assert.Equal(1, result.PercentAgreement.Value);
        Assert.Equal(1, result.AllAgreeShare.Value);
        foreach (var c in new[] { result.FleissKappa, result.BrennanPrediger, result.GwetAc1, result.GwetAc2Linear, result.GwetAc2Quadratic })
            Assert.Equal(1, c.Value.Value!.Value, 12);
        foreach (var level in KrippendorffAlpha.Levels)
            Assert.Equal(1, result.Alpha[level].Value.Value!.Value, 12);
        Assert.All(result.Pairwise, p => Assert.Equal(1, p.CohenKappaLinear.Value.Value!.Value, 12));
        Assert.Equal(1, result.MeanPairwiseCohenKappa.Value!.Value, 12);
    }

    [Fact]
    public void Compute_EveryRatingSameLabel_ChanceCorrectedUndefinedWithReason()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 20).SelectMany(i => new[] { $"{i} x 2", $"{i} y 2", $"{i} z 2" }));
        var ratings = TestRatings.Parse(rows, ordered: true, categories: ["1", "2", "3"]);

        var result = AgreementCalculator.Compute(ratings);

        Assert.Equal(1, result.PercentAgreement.Value);
        Assert.Equal(UndefinedReasons.NoVariation, result.FleissKappa.Value.Reason);
        foreach (var level in KrippendorffAlpha.Levels)
        {
            Assert.Equal(UndefinedReasons.NoVariation, result.Alpha[level].Value.Reason);
            Assert.Null(result.Alpha[level].Ci95);
        }
        Assert.All(result.Pairwise, p => Assert.Equal(UndefinedReasons.NoVariation, p.CohenKappa.Value.Reason));
        Assert.Equal(UndefinedReasons.NoKappa, result.MeanPairwiseCohenKappa.Reason);
        // Gwet and Brennan–Prediger take chance from the three declared categories, not from the data: defined.
        Assert.Equal(1, result.GwetAc1.Value.Value);
    }

    [Fact]
    public void Compute_NoAnswers_EverythingUndefinedNothingThrows()
    {
        var empty = new RatingSet([], [], [], [], [], [], isOrdered: true);

        var result = AgreementCalculator.Compute(empty);

        Assert.Equal((0, 0, 0, 0), (result.Items, result.Annotators, result.Annotations, result.PairableItems));
        Assert.Equal(UndefinedReasons.NoPairableItems, result.PercentAgreement.Reason);
        Assert.Equal(UndefinedReasons.NoPairableItems, result.Alpha.Nominal.Value.Reason);
        Assert.Equal(UndefinedReasons.NoPairableItems, result.MeanPairwiseCohenKappa.Reason);
        Assert.Empty(result.Pairwise);
    }

    [Fact]
    public void Compute_IndependentRaters_KappasNearZero()
    {
        var ratings = TestRatings.Random(35, 20_000, 4, 4, accuracy: 0, missing: 0.1);

        var result = AgreementCalculator.Compute(ratings, NoBootstrap);

        Assert.InRange(result.FleissKappa.Value.Value!.Value, -0.02, 0.02);
        Assert.InRange(result.Alpha.Nominal.Value.Value!.Value, -0.02, 0.02);
        Assert.InRange(result.GwetAc1.Value.Value!.Value, -0.02, 0.02);
        Assert.All(result.Pairwise, p => Assert.InRange(p.CohenKappa.Value.Value!.Value, -0.03, 0.03));
    }

    [Fact]
    public void Compute_PerLabel_EqualsCoefficientsOfTheBinarisedField()
    {
        var ratings = TestRatings.Random(36, 300, 5, 4, 0.6, 0.3);

        var perLabel = AgreementCalculator.Compute(ratings, NoBootstrap).PerLabel;

        Assert.Equal(ratings.LabelCount, perLabel.Count);
        foreach (var label in perLabel)
        {
            var binary = TestRatings.Rebuild(ratings, label: l => l == label.Label ? "yes" : "no", categories: ["no", "yes"]);
            Assert.Equal(KrippendorffAlpha.Compute(binary, AlphaLevel.Nominal).Value!.Value, label.KrippendorffAlpha.Value!.Value, 12);
            Assert.Equal(MultiRaterAgreement.Compute(binary).FleissKappa.Value.Value!.Value, label.FleissKappa.Value!.Value, 12);
            Assert.Equal(ratings.Labels.Count(l => ratings.LabelNames[l] == label.Label), label.Ratings);
        }
    }

    [Fact]
    public void Compute_PerAnnotatorSmallCase_PooledAgreementAndFlags()
    {
        // Item 1: x=a y=a z=b; item 2: x=a y=b; item 3: x=b alone.
        // x: comparisons (1,y) agree, (1,z) no, (2,y) no → 1/3 over 3; y: (1,x) yes, (1,z) no, (2,x) no → 1/3; z: 0/2.
        var ratings = TestRatings.Parse("""
            1 x a
            1 y a
            1 z b
            2 x a
            2 y b
            3 x b
            """);

        var result = AgreementCalculator.Compute(ratings, new AgreementOptions { LowSampleThreshold = 2, BootstrapReplicates = 0 });
        var x = result.PerAnnotator.Single(a => a.Annotator == "x");
        var z = result.PerAnnotator.Single(a => a.Annotator == "z");

        Assert.Equal((3, 3, 2, 3), (x.Annotations, x.Items, x.SharedItems, x.Comparisons));
        Assert.Equal(1.0 / 3, x.PercentAgreement.Value!.Value, 12);
        Assert.False(x.LowSample);
        Assert.Equal(0, z.PercentAgreement.Value);
        Assert.True(z.LowSample);
        Assert.Equal(3, result.Items);
        Assert.Equal(2, result.PairableItems);
        Assert.Equal(6, result.Annotations);
        var xy = result.Pairwise.Single(p => p.A == "x" && p.B == "y");
        Assert.Equal(2, xy.Items);
        Assert.False(xy.LowSample);
        Assert.True(result.Pairwise.Single(p => p.B == "z" && p.A == "x").LowSample);
    }

    [Fact]
    public void Compute_AnnotatorAnsweredTwice_EachSharedItemWeighsOne()
    {
        // Item 1: x answered a and b, y answered a → cells (a,a) = (b,a) = 1/2; item 2: (b,b) = 1.
        // po = 1.5/2; rows x = (.25, .75), columns y = (.5, .5); pe = .5 → kappa = (.75 − .5)/.5 = .5.
        var ratings = TestRatings.Parse("""
            1 x a
            1 x b
            1 y a
            2 x b
            2 y b
            """);

        var pair = AgreementCalculator.Compute(ratings, NoBootstrap).Pairwise.Single();

        Assert.Equal(2, pair.Items);
        Assert.Equal(0.75, pair.PercentAgreement.Value!.Value, 12);
        Assert.Equal(0.5, pair.CohenKappa.Value.Value!.Value, 12);
    }

    [Fact]
    public void Compute_ModerateMissingData_MatchesNaiveDefinitions()
    {
        // Straight-from-the-definition versions (LINQ, quadratic loops) of the optimised passes, on 1000 items.
        var ratings = TestRatings.Random(37, 1000, 5, 5, 0.55, 0.1, ordered: true);

        var result = AgreementCalculator.Compute(ratings, NoBootstrap);

        var byItem = Enumerable.Range(0, ratings.Count).GroupBy(a => ratings.Items[a]).Select(g => g.Select(a => ratings.Labels[a]).ToArray()).ToArray();
        var pairable = byItem.Where(u => u.Length >= 2).ToArray();
        var pa = pairable.Average(u => (double)Pairs(u).Count(p => p.a == p.b) / (u.Length * (u.Length - 1)));
        var pi = Enumerable.Range(0, ratings.LabelCount).Select(k => byItem.Average(u => (double)u.Count(l => l == k) / u.Length)).ToArray();
        var pe = pi.Sum(p => p * p);
        AssertClose(pa, result.PercentAgreement.Value!.Value);
        AssertClose((pa - pe) / (1 - pe), result.FleissKappa.Value.Value!.Value);

        var values = pairable.SelectMany(u => u).ToArray();
        var marginals = Enumerable.Range(0, ratings.LabelCount).Select(k => (double)values.Count(v => v == k)).ToArray();
        foreach (var level in KrippendorffAlpha.Levels)
        {
            var delta = new double[ratings.LabelCount, ratings.LabelCount];
            for (var c = 0; c < ratings.LabelCount; c++)
                for (var k = 0; k < ratings.LabelCount; k++)
                {
                    double between = 0;
                    for (var g = Math.Min(c, k); g <= Math.Max(c, k); g++) between += marginals[g];
                    double vc = ratings.LabelValues![c], vk = ratings.LabelValues[k];
                    delta[c, k] = level switch
                    {
                        AlphaLevel.Nominal => c == k ? 0 : 1,
                        AlphaLevel.Ordinal => c == k ? 0 : Math.Pow(between - (marginals[c] + marginals[k]) / 2, 2),
                        AlphaLevel.Interval => Math.Pow(vc - vk, 2),
                        _ => Math.Pow((vc - vk) / (vc + vk), 2),
                    };
                }
            var observed = pairable.Sum(u => Pairs(u).Sum(p => delta[p.a, p.b]) / (u.Length - 1)) / values.Length;
            double expected = 0;
            for (var i = 0; i < values.Length; i++)
                for (var j = 0; j < values.Length; j++)
                    if (i != j) expected += delta[values[i], values[j]];
            expected /= values.Length * (values.Length - 1.0);
            AssertClose(1 - observed / expected, result.Alpha[level].Value.Value!.Value);
        }

        foreach (var pair in result.Pairwise)
        {
            var a = LabelsOf(ratings, pair.A);
            var b = LabelsOf(ratings, pair.B);
            var shared = a.Keys.Where(b.ContainsKey).ToArray();
            int q = ratings.LabelCount, n = shared.Length;
            // scikit-learn's form: κ = 1 − Σ v O / Σ v E with disagreement weights v and E = outer(row, col)/n.
            double Kappa(Func<int, int, double> v)
            {
                double o = 0, e = 0;
                for (var k = 0; k < q; k++)
                    for (var l = 0; l < q; l++)
                    {
                        o += v(k, l) * shared.Count(i => a[i] == k && b[i] == l);
                        e += v(k, l) * shared.Count(i => a[i] == k) * (double)shared.Count(i => b[i] == l) / n;
                    }
                return 1 - o / e;
            }
            Assert.Equal(n, pair.Items);
            AssertClose(Kappa((k, l) => k == l ? 0 : 1), pair.CohenKappa.Value.Value!.Value);
            AssertClose(Kappa((k, l) => Math.Abs(k - l)), pair.CohenKappaLinear.Value.Value!.Value);
            AssertClose(Kappa((k, l) => (k - l) * (k - l)), pair.CohenKappaQuadratic.Value.Value!.Value);
        }
        Assert.Equal(10, result.Pairwise.Count);
    }

    [Fact]
    public void Compute_SubsetByMask_EqualsBuildingOnlyThoseAnswers()
    {
        var ratings = TestRatings.Random(38, 300, 4, 3, 0.6, 0.1, ordered: true);
        var keep = Enumerable.Range(0, ratings.Count).Select(a => a % 3 != 0).ToArray();
        var direct = new RatingSetBuilder();
        for (var a = 0; a < ratings.Count; a++)
            if (keep[a]) direct.Add(ratings.ItemNames[ratings.Items[a]], ratings.RaterNames[ratings.Raters[a]], ratings.LabelNames[ratings.Labels[a]]);

        var viaMask = Flatten(AgreementCalculator.Compute(RatingSubsets.Where(ratings, keep), NoBootstrap));
        var viaBuilder = Flatten(AgreementCalculator.Compute(direct.Build(isOrdered: true, ratings.LabelNames), NoBootstrap));

        AssertSameNumbers(viaMask, viaBuilder);
    }

    [Fact]
    public void CompleteItems_MissingAnswers_KeepsOnlyItemsEveryAnnotatorRated()
    {
        var ratings = TestRatings.Parse("1 x a\n1 y b\n2 x a\n3 x b\n3 y b");

        var complete = RatingSubsets.CompleteItems(ratings);

        Assert.Equal(["1", "1", "3", "3"], complete.Items.Select(i => complete.ItemNames[i]));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9, $"expected {expected:R}, got {actual:R}");

    private static Dictionary<int, int> LabelsOf(RatingSet ratings, string rater)
    {
        var code = ratings.RaterNames.ToList().IndexOf(rater);
        return Enumerable.Range(0, ratings.Count).Where(a => ratings.Raters[a] == code).ToDictionary(a => ratings.Items[a], a => ratings.Labels[a]);
    }

    private static IEnumerable<(int a, int b)> Pairs(int[] unit) =>
        from i in Enumerable.Range(0, unit.Length) from j in Enumerable.Range(0, unit.Length) where i != j select (unit[i], unit[j]);

    private static string PairName(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";

    /// <summary>Every number of a result by a name that survives renaming (names mapped to the other set's names).</summary>
    private static Dictionary<string, double?> Flatten(FieldAgreement r, Func<string, string>? rater = null, Func<string, string>? label = null)
    {
        rater ??= s => s;
        label ??= s => s;
        var d = new Dictionary<string, double?>
        {
            ["items"] = r.Items, ["annotators"] = r.Annotators, ["annotations"] = r.Annotations, ["pairable"] = r.PairableItems,
            ["percent"] = r.PercentAgreement.Value, ["allAgree"] = r.AllAgreeShare.Value, ["fleiss"] = r.FleissKappa.Value.Value,
            ["bp"] = r.BrennanPrediger.Value.Value, ["ac1"] = r.GwetAc1.Value.Value, ["ac2l"] = r.GwetAc2Linear.Value.Value,
            ["ac2q"] = r.GwetAc2Quadratic.Value.Value, ["meanKappa"] = r.MeanPairwiseCohenKappa.Value,
        };
        foreach (var level in KrippendorffAlpha.Levels)
        {
            d[$"alpha.{level}"] = r.Alpha[level].Value.Value;
            d[$"alpha.{level}.lo"] = r.Alpha[level].Ci95?.Lower;
            d[$"alpha.{level}.hi"] = r.Alpha[level].Ci95?.Upper;
        }
        foreach (var p in r.Pairwise)
        {
            var name = PairName(rater(p.A), rater(p.B));
            d[$"{name}.items"] = p.Items;
            d[$"{name}.po"] = p.PercentAgreement.Value;
            d[$"{name}.kappa"] = p.CohenKappa.Value.Value;
            d[$"{name}.se"] = p.CohenKappa.StandardError;
            d[$"{name}.linear"] = p.CohenKappaLinear.Value.Value;
            d[$"{name}.quadratic"] = p.CohenKappaQuadratic.Value.Value;
        }
        foreach (var a in r.PerAnnotator)
        {
            d[$"{rater(a.Annotator)}.percent"] = a.PercentAgreement.Value;
            d[$"{rater(a.Annotator)}.kappa"] = a.MeanCohenKappa.Value;
            d[$"{rater(a.Annotator)}.shared"] = a.SharedItems;
        }
        foreach (var l in r.PerLabel)
        {
            d[$"{label(l.Label)}.alpha"] = l.KrippendorffAlpha.Value;
            d[$"{label(l.Label)}.kappa"] = l.FleissKappa.Value;
            d[$"{label(l.Label)}.ratings"] = l.Ratings;
        }
        return d;
    }

    private static void AssertSameNumbers(Dictionary<string, double?> expected, Dictionary<string, double?> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
        {
            if (value is null) Assert.True(actual[key] is null, key);
            else Assert.True(actual[key] is { } v && Math.Abs(v - value.Value) < 1e-10, $"{key}: {value} vs {actual[key]}");
        }
    }
}
