using System.Text;
using System.Text.Json;
using Quality.Analytics.Agreement;
using Quality.Analytics.Intervals;

namespace Quality.Analytics;

/// <summary>
/// The JSON of `quality agreement` (documented in docs/cli.md). Numbers are written at full precision; a value that
/// does not apply or is undefined is null, and its reason is listed under `undefined`.
/// </summary>
public static class AgreementJson
{
    public static string Write(IReadOnlyList<FieldAnalysis> fields, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteStartArray("fields");
            foreach (var f in fields) WriteField(w, f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteField(Utf8JsonWriter w, FieldAnalysis f)
    {
        var a = f.Agreement;
        var undefined = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Num(string name, Metric m)
        {
            if (m.Value is { } v) w.WriteNumber(name, v);
            else
            {
                w.WriteNull(name);
                if (m.Reason is not null) undefined[name] = m.Reason;
            }
        }

        w.WriteStartObject();
        w.WriteString("field", f.Field);
        w.WriteNumber("items", a.Items);
        w.WriteNumber("annotators", a.Annotators);
        w.WriteNumber("annotations", a.Annotations);
        w.WriteNumber("pairable_items", a.PairableItems);
        w.WriteNumber("gold_items", f.GoldItems);
        Num("percent_agreement", a.PercentAgreement);
        Num("all_agree_share", a.AllAgreeShare);
        Num("fleiss_kappa", a.FleissKappa.Value);
        Num("brennan_prediger", a.BrennanPrediger.Value);
        Num("gwet_ac1", a.GwetAc1.Value);
        Num("gwet_ac2_linear", a.GwetAc2Linear.Value);
        Num("gwet_ac2_quadratic", a.GwetAc2Quadratic.Value);

        w.WriteStartObject("krippendorff_alpha");
        foreach (var level in Enum.GetValues<AlphaLevel>())
        {
            var name = level.ToString().ToLowerInvariant();
            var m = a.Alpha[level].Value;
            if (m.Value is { } v) w.WriteNumber(name, v);
            else
            {
                w.WriteNull(name);
                if (m.Reason is not null) undefined["krippendorff_alpha." + name] = m.Reason;
            }
        }
        w.WriteEndObject();
        w.WriteStartObject("krippendorff_alpha_ci95");
        foreach (var level in Enum.GetValues<AlphaLevel>())
            Interval(w, level.ToString().ToLowerInvariant(), a.Alpha[level].Ci95);
        w.WriteEndObject();
        Num("mean_pairwise_cohen_kappa", a.MeanPairwiseCohenKappa);

        w.WriteStartArray("pairwise");
        foreach (var p in a.Pairwise)
        {
            w.WriteStartObject();
            w.WriteString("a", p.A);
            w.WriteString("b", p.B);
            w.WriteNumber("items", p.Items);
            Value(w, "cohen_kappa", p.CohenKappa.Value);
            Value(w, "cohen_kappa_linear", p.CohenKappaLinear.Value);
            Value(w, "cohen_kappa_quadratic", p.CohenKappaQuadratic.Value);
            Interval(w, "cohen_kappa_ci95", p.CohenKappa.Ci95);
            Nullable(w, "cohen_kappa_se", p.CohenKappa.StandardError);
            Value(w, "percent_agreement", p.PercentAgreement);
            w.WriteBoolean("low_sample", p.LowSample);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("annotators");
        foreach (var s in f.Annotators)
        {
            w.WriteStartObject();
            w.WriteString("annotator", s.Annotator);
            w.WriteNumber("annotations", s.Annotations);
            Nullable(w, "agreement_with_consensus", s.Consensus?.Share.Value);
            Value(w, "agreement_with_others", s.Peers?.PercentAgreement ?? Metric.Undefined(UndefinedReasons.NoComparisons));
            Value(w, "mean_cohen_kappa", s.Peers?.MeanCohenKappa ?? Metric.Undefined(UndefinedReasons.NoComparisons));
            w.WriteNumber("shared_items", s.Peers?.SharedItems ?? 0);
            w.WriteNumber("gold_items", s.Gold?.Share.Trials ?? 0);
            Nullable(w, "gold_accuracy", s.Gold?.Share.Value);
            Wilson(w, "gold_accuracy_ci95", s.Gold?.Interval);
            w.WriteBoolean("low_sample", (s.Peers?.LowSample ?? true));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("labels");
        foreach (var l in a.PerLabel)
        {
            w.WriteStartObject();
            w.WriteString("label", l.Label);
            w.WriteNumber("ratings", l.Ratings);
            w.WriteNumber("share", l.Share);
            Value(w, "krippendorff_alpha", l.KrippendorffAlpha);
            Value(w, "fleiss_kappa", l.FleissKappa);
            w.WriteBoolean("low_sample", l.LowSample);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("consensus");
        if (f.MajorityVote is { } mv)
        {
            w.WriteStartObject("majority_vote");
            w.WriteNumber("ties", mv.TieCount);
            Nullable(w, "accuracy_vs_gold", mv.AccuracyVsGold?.Value);
            Nullable(w, "accuracy_vs_gold_untied", mv.AccuracyVsGoldUntied?.Value);
            Wilson(w, "accuracy_vs_gold_ci95", mv.AccuracyVsGold?.Wilson());
            w.WriteEndObject();
        }
        if (f.DawidSkene is { } ds)
        {
            w.WriteStartObject("dawid_skene");
            w.WriteNumber("iterations", ds.Iterations);
            w.WriteBoolean("converged", ds.Converged);
            Nullable(w, "log_likelihood", ds.LogLikelihood);
            Nullable(w, "accuracy_vs_gold", f.DawidSkeneAccuracyVsGold?.Value);
            Wilson(w, "accuracy_vs_gold_ci95", f.DawidSkeneAccuracyVsGold?.Wilson());
            if (f.DawidSkeneAccuracyVsGold?.Value is null && f.DawidSkeneAccuracyReason is not null)
                undefined["consensus.dawid_skene.accuracy_vs_gold"] = f.DawidSkeneAccuracyReason;
            w.WriteStartArray("class_priors");
            foreach (var p in ds.Priors) w.WriteNumberValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("undefined");
        foreach (var (k, v) in undefined) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, string name, Metric m)
    {
        if (m.Value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x && double.IsFinite(x)) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }

    private static void Interval(Utf8JsonWriter w, string name, ConfidenceInterval? ci)
    {
        if (ci is { } c)
        {
            w.WriteStartArray(name);
            w.WriteNumberValue(c.Lower);
            w.WriteNumberValue(c.Upper);
            w.WriteEndArray();
        }
        else w.WriteNull(name);
    }

    private static void Wilson(Utf8JsonWriter w, string name, WilsonInterval? ci)
    {
        if (ci is { Lower: { } lo, Upper: { } hi })
        {
            w.WriteStartArray(name);
            w.WriteNumberValue(lo);
            w.WriteNumberValue(hi);
            w.WriteEndArray();
        }
        else w.WriteNull(name);
    }
}
