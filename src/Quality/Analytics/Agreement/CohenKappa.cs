namespace Quality.Analytics.Agreement;

/// <summary>A kappa with its large-sample standard error and 95% Wald interval (clipped to [−1, 1]).</summary>
public readonly record struct KappaEstimate(Metric Value, double? StandardError, ConfidenceInterval? Ci95)
{
    internal static KappaEstimate Undefined(string reason) => new(Metric.Undefined(reason), null, null);
}

/// <summary>Cohen's kappa of two annotators over the items both labelled.</summary>
public sealed record CohenKappaResult(
    int Items,
    double? ObservedAgreement,
    double? ChanceAgreement,
    KappaEstimate Unweighted,
    KappaEstimate Linear,
    KappaEstimate Quadratic);

/// <summary>
/// Cohen's kappa from a q×q contingency table over ALL categories of the field (scikit-learn's
/// cohen_kappa_score with labels=): weights 1 − |i − j|/(q − 1) or 1 − (i − j)²/(q − 1)² on category ranks, so
/// they do not change when a pair leaves a middle category unused. The standard error is the large-sample
/// one of Fleiss, Cohen &amp; Everitt (1969), the "ASE" SAS PROC FREQ prints.
/// </summary>
public static class CohenKappa
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <param name="table">Row-major q×q counts, rows = first annotator's label, columns = second's.</param>
    /// <param name="items">Items behind the table (n in the variance); the table's total when null.</param>
    /// <param name="ordered">Whether weighted kappas apply.</param>
    public static CohenKappaResult FromTable(ReadOnlySpan<double> table, int q, bool ordered, int? items = null)
    {
        if (table.Length != q * q) throw new ArgumentException("table must hold q×q cells");
        double total = 0, diagonal = 0;
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                total += table[k * q + l];
                if (k == l) diagonal += table[k * q + l];
            }
        var n = items ?? (int)Math.Round(total);
        if (total <= 0)
        {
            var none = KappaEstimate.Undefined(UndefinedReasons.NoSharedItems);
            return new CohenKappaResult(0, null, null, none, none, none);
        }

        var ranks = CategoryWeights.Ranks(q);
        var unweighted = Estimate(table, q, CategoryWeights.Build(Weighting.Unweighted, ranks), n, out var pe);
        var notOrdered = KappaEstimate.Undefined(UndefinedReasons.NotOrdered);
        var linear = ordered ? Estimate(table, q, CategoryWeights.Build(Weighting.Linear, ranks), n, out _) : notOrdered;
        var quadratic = ordered ? Estimate(table, q, CategoryWeights.Build(Weighting.Quadratic, ranks), n, out _) : notOrdered;
        return new CohenKappaResult(n, diagonal / total, pe, unweighted, linear, quadratic);
    }

    /// <summary>
    /// Weighted kappa with agreement weights w (identity = unweighted) and its Fleiss–Cohen–Everitt (1969) variance
    /// [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²),
    /// where w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij.
    /// </summary>
    internal static KappaEstimate Estimate(ReadOnlySpan<double> table, int q, ReadOnlySpan<double> w, int n, out double chance)
    {
        double total = 0;
        foreach (var cell in table) total += cell;
        Span<double> row = stackalloc double[q];
        Span<double> col = stackalloc double[q];
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                var p = table[k * q + l] / total;
                row[k] += p;
                col[l] += p;
            }
        double po = 0, pe = 0;
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                po += w[k * q + l] * table[k * q + l] / total;
                pe += w[k * q + l] * row[k] * col[l];
            }
        chance = pe;
        var kappa = Metric.ChanceCorrected(po, pe, UndefinedReasons.NoVariation);
        if (kappa.Value is not { } kv) return new KappaEstimate(kappa, null, null);

        Span<double> rowBar = stackalloc double[q];
        Span<double> colBar = stackalloc double[q];
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                rowBar[k] += col[l] * w[k * q + l];
                colBar[l] += row[k] * w[k * q + l];
            }
        double sum = 0;
        for (var k = 0; k < q; k++)
            for (var l = 0; l < q; l++)
            {
                var p = table[k * q + l] / total;
                if (p == 0) continue;
                var d = w[k * q + l] - (rowBar[k] + colBar[l]) * (1 - kv);
                sum += p * d * d;
            }
        var shift = kv - pe * (1 - kv);
        // Rounding can push a zero variance (perfect agreement) a hair below 0.
        var variance = Math.Max(0, (sum - shift * shift) / (n * (1 - pe) * (1 - pe)));
        var se = Math.Sqrt(variance);
        var ci = new ConfidenceInterval(Math.Max(-1, kv - Z95 * se), Math.Min(1, kv + Z95 * se));
        return new KappaEstimate(kappa, se, ci);
    }
}
