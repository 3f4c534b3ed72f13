using System.Globalization;
using System.Text;
using System.Text.Json;
using Quality.Analytics;
using Quality.Analytics.Agreement;
using Quality.Tests.Support;
using Xunit.Abstractions;

namespace Quality.Tests.Analytics.Agreement;

/// <summary>
/// Every agreement record of the shared oracle (values computed by irr, irrCAC, psych, scikit-learn,
/// statsmodels, nltk, fast-krippendorff) against Quality's numbers: 1e-9 against the implementations,
/// half a unit of the last printed decimal against published values. Records of another convention are
/// listed below with the reason; a listed record that starts to match, or disappears, fails the test too.
/// </summary>
public sealed class OracleAgreementTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    [SkippableFact]
    public void Oracle_EveryAgreementRecord_MatchesOrIsExcludedWithReason()
    {
        var path = TestPaths.Shared("reference", "oracle.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cache = new Dictionary<string, FieldAgreement>(StringComparer.Ordinal);
        var failures = new List<string>();
        var excludedSeen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int matched = 0, matchedUndefined = 0, publishedChecked = 0, excluded = 0, outOfScope = 0;

        foreach (var record in doc.RootElement.GetProperty("records").EnumerateArray())
        {
            var r = OracleRecord.From(record);
            if (OutOfScope.Contains(r.Metric))
            {
                outOfScope++;
                continue;
            }
            var key = r.Key;
            if (!keys.Add(key)) failures.Add($"{key}: two records share this key; the test cannot tell them apart");
            if (Excluded.TryGetValue(key, out var reason))
            {
                excluded++;
                excludedSeen.Add(key);
                var ours = SafeOurs(r, cache);
                if (ours.Value is { } v && r.Value is { } theirs && Math.Abs(v - theirs) <= Tolerance)
                    failures.Add($"{key}: listed as excluded ({reason}) but matches ({v})");
                continue;
            }

            Metric mine;
            try { mine = Ours(r, cache); }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or NullReferenceException)
            {
                failures.Add($"{key}: no mapping ({e.Message})");
                continue;
            }

            if (r.Value is not { } expected)
            {
                if (mine.IsDefined) failures.Add($"{key}: implementation gives {r.ValueRepr}, Quality gives {mine}");
                else matchedUndefined++;
                continue;
            }
            if (mine.Value is not { } actual)
            {
                failures.Add($"{key}: implementation gives {expected.ToString("R", CultureInfo.InvariantCulture)}, Quality gives {mine}");
                continue;
            }
            if (Math.Abs(actual - expected) > Tolerance)
            {
                failures.Add($"{key}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)} (diff {actual - expected:E2})");
                continue;
            }
            matched++;
            if (r.Published is { } published && r.PublishedTolerance is { } tol)
            {
                publishedChecked++;
                if (Math.Abs(actual - published) > tol)
                    failures.Add($"{key}: published {published} ± {tol}, got {actual}");
            }
        }

        foreach (var key in Excluded.Keys.Where(k => !excludedSeen.Contains(k)))
            failures.Add($"{key}: listed as excluded but not in the oracle");

        output.WriteLine($"matched {matched} records with values and {matchedUndefined} undefined ones; " +
                         $"{publishedChecked} also against published values; {excluded} excluded with reason; {outOfScope} out of scope (not agreement coefficients)");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static Metric SafeOurs(OracleRecord r, Dictionary<string, FieldAgreement> cache)
    {
        try { return Ours(r, cache); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException) { return Metric.Undefined(e.Message); }
    }

    /// <summary>Quality's number for one oracle record.</summary>
    private static Metric Ours(OracleRecord r, Dictionary<string, FieldAgreement> cache)
    {
        var rows = r.Param("rows");
        var subset = r.Param("subset");
        var completeCases = rows == "complete_cases";
        var declared = r.Param("categories") is { } c && c.StartsWith("declared c(1,2)", StringComparison.Ordinal) ? new[] { "1", "2" } : null;
        var agreement = Agreement(r.Group, r.Dataset, completeCases, declared, subset?.StartsWith("only items with >=2", StringComparison.Ordinal) == true, cache);

        return r.Metric switch
        {
            "krippendorff_alpha" => agreement.Alpha[Enum.Parse<AlphaLevel>(r.Level!, ignoreCase: true)].Value,
            "cohen_kappa" => r.Level switch
            {
                "unweighted" => Pair(agreement, r).CohenKappa.Value,
                "linear" => Pair(agreement, r).CohenKappaLinear.Value,
                "quadratic" => Pair(agreement, r).CohenKappaQuadratic.Value,
                _ => throw new NotSupportedException(r.Level),
            },
            "cohen_p_o" => Pair(agreement, r).PercentAgreement,
            "cohen_p_e" => Pair(agreement, r).ChanceAgreement is { } pe ? Metric.Of(pe) : Metric.Undefined("none"),
            "fleiss_kappa" or "fleiss_kappa_generalized" or "scott_pi" => agreement.FleissKappa.Value,
            "fleiss_P_bar" => Metric.Of(agreement.FleissKappa.Observed!.Value),
            "fleiss_P_e" => Metric.Of(agreement.FleissKappa.Chance!.Value),
            "brennan_prediger" => agreement.BrennanPrediger.Value,
            "gwet_ac1" => agreement.GwetAc1.Value,
            "percent_agreement_pairwise" => agreement.PercentAgreement,
            "percent_agreement_all_agree" => agreement.AllAgreeShare,
            "mean_pairwise_cohen_kappa" => agreement.MeanPairwiseCohenKappa,
            _ => throw new NotSupportedException(r.Metric),
        };
    }

    private static PairAgreement Pair(FieldAgreement agreement, OracleRecord r)
    {
        // The 2×2-table functions (irrCAC kappa2.table …) name no pair: their datasets have exactly one.
        if (r.Param("pair") is not { } pair) return agreement.Pairwise.Single();
        var names = pair.Split('|');
        return agreement.Pairwise.Single(p => (p.A == names[0] && p.B == names[1]) || (p.A == names[1] && p.B == names[0]));
    }

    private static FieldAgreement Agreement(string group, string dataset, bool completeCases, string[]? categories, bool pairableOnly,
        Dictionary<string, FieldAgreement> cache)
    {
        var key = $"{dataset}|{completeCases}|{categories is not null}|{pairableOnly}";
        if (cache.TryGetValue(key, out var found)) return found;
        RatingSet ratings = ReferenceDatasets.Load(group, dataset, categories);
        if (completeCases) ratings = RatingSubsets.CompleteItems(ratings);
        if (pairableOnly) ratings = RatingSubsets.ItemsWithAtLeast(ratings, 2);
        var computed = AgreementCalculator.Compute(ratings, new AgreementOptions { BootstrapReplicates = 0 });
        cache[key] = computed;
        return computed;
    }

    /// <summary>Records that are not agreement coefficients: majority vote, Dawid–Skene and accuracy belong to the consensus work.</summary>
    private static readonly HashSet<string> OutOfScope = new(StringComparer.Ordinal)
    {
        "annotator_accuracy", "majority_vote_labels", "majority_vote_n_ties", "majority_vote_accuracy", "majority_vote_accuracy_untied",
        "dawid_skene_labels", "dawid_skene_prior", "dawid_skene_accuracy", "transcription_check",
        // Not part of Quality's coefficient set.
        "conger_kappa", "davies_fleiss_kappa",
    };

    /// <summary>Records of another convention than Quality's, by key, with the reason (see docs/metrics.md).</summary>
    private static readonly Dictionary<string, string> Excluded = BuildExcluded();

    private static Dictionary<string, string> BuildExcluded()
    {
        var list = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string reason, string metric, string level, string implementation, params string[] datasets)
        {
            foreach (var d in datasets) list.Add($"{d}|{metric}|{level}|{implementation}", reason);
        }

        const string irrAlpha = "R irr::kripp.alpha";
        Add("R irr 0.84.1 kripp.alpha divides by the wrong m_u − 1 on complete data with more than two coders (oracle README); " +
            "the same records with an all-missing unit appended, fast-krippendorff, nltk and irrCAC agree with Quality",
            "krippendorff_alpha", "nominal", irrAlpha,
            "wikipedia_fleiss_10x14", "fleiss1971_diagnoses_30x6", "gwet_distrib6raters_15x6", "syn_mvties_60x4", "snow2008_rte");

        const string irrCac = "R irrCAC::krippen.alpha.raw";
        Add("irrCAC's 'ordinal' weights are Gwet's rank weights, not Krippendorff's ordinal metric (which uses the marginal " +
            "frequencies of the categories); Quality follows Krippendorff, as fast-krippendorff and irr do",
            "krippendorff_alpha", "ordinal", irrCac,
            "krippendorff2011_4x12", "gwet_cac_raw4raters_12x4", "wikipedia_krippendorff_3x15", "hayes_krippendorff2007_40x5",
            "sas_kappa_3x3_19", "syn_ordinal5_300x4_miss5", "syn_singletons_120x4");
        Add("irrCAC's ratio weights divide 0 by 0 when both values are 0 and return NaN; Krippendorff's ratio metric is 0 for two " +
            "equal values (fast-krippendorff and irr give 0.6621 here, as Quality does)",
            "krippendorff_alpha", "ratio", irrCac, "hayes_krippendorff2007_40x5");

        Add("R irr kappa2 places weights on the levels present in this pair (1, 3, 4 → positions 1, 2, 3); Quality weights all " +
            "categories of the field, as scikit-learn (labels=), statsmodels and psych do",
            "cohen_kappa", "linear", "R irr::kappa2(weight='equal')|A|B", "wikipedia_krippendorff_3x15");
        Add("R irr kappa2 places weights on the levels present in this pair; Quality weights all categories of the field",
            "cohen_kappa", "quadratic", "R irr::kappa2(weight='squared')|A|B", "wikipedia_krippendorff_3x15");

        const string degenerate = "every rating is the same label: the coefficient is 0/0; the library returns 1 by convention, " +
                                  "Quality reports it undefined with the reason (oracle README)";
        const string allSame = "syn_degenerate_allsame_50x3";
        Add(degenerate, "krippendorff_alpha", "nominal", "python nltk.metrics.agreement.AnnotationTask.alpha", allSame);
        Add(degenerate, "krippendorff_alpha", "interval", "python nltk.metrics.agreement.AnnotationTask.alpha", allSame);
        foreach (var level in new[] { "nominal", "ordinal", "interval", "ratio" })
        {
            Add(degenerate, "krippendorff_alpha", level, irrAlpha, allSame);
            Add(degenerate, "krippendorff_alpha", level, irrAlpha + " + all-NA unit appended (bug workaround)", allSame);
        }
        Add(degenerate, "krippendorff_alpha", "nominal", irrCac, allSame);
        Add(degenerate + " (irrCAC sets pe = 1e-15 when only one category is observed)", "gwet_ac1", "unweighted", "R irrCAC::gwet.ac1.raw", allSame);
        Add(degenerate, "fleiss_kappa_generalized", "unweighted", "R irrCAC::fleiss.kappa.raw", allSame);
        Add(degenerate + " (pa = pe = 1 with both categories declared)", "fleiss_kappa_generalized", "unweighted", "R irrCAC::fleiss.kappa.raw|declared", allSame);

        const string emptyUnits = "irrCAC was given units 2 and 14 with no rating and divides by r_i = 0 (NaN); Quality ignores " +
                                  "items without ratings (the record on the same data without them matches)";
        Add(emptyUnits, "gwet_ac1", "unweighted", "R irrCAC::gwet.ac1.raw|subset", "wikipedia_krippendorff_3x15");
        Add(emptyUnits, "fleiss_kappa_generalized", "unweighted", "R irrCAC::fleiss.kappa.raw|subset", "wikipedia_krippendorff_3x15");
        return list;
    }

    private sealed record OracleRecord(string Group, string Dataset, string Metric, string? Level, string Implementation,
        JsonElement Params, double? Value, string? ValueRepr, double? Published, double? PublishedTolerance)
    {
        public string Key => $"{Dataset}|{Metric}|{Level}|{Implementation}" + (Param("pair") is { } p ? $"|{p}" : "") +
                             (Param("categories") is { } c && c.StartsWith("declared", StringComparison.Ordinal) ? "|declared" : "") +
                             (Param("subset") is not null ? "|subset" : "");

        public string? Param(string name) =>
            Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public static OracleRecord From(JsonElement e)
        {
            static double? Number(JsonElement e, string name) =>
                e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            static string? Text(JsonElement e, string name) =>
                e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new OracleRecord(
                Text(e, "dataset_group")!, Text(e, "dataset")!, Text(e, "metric")!, Text(e, "level"), Text(e, "implementation")!,
                e.TryGetProperty("params", out var p) ? p : default,
                Number(e, "value"), Text(e, "value_repr"), Number(e, "published_value"), Number(e, "published_tolerance"));
        }
    }
}
