namespace Quality.Analytics.Drift;

/// <summary>Distances between two label distributions given as counts over the same labels.</summary>
public static class Divergence
{
    /// <summary>
    /// Jensen–Shannon divergence in bits: ½ KL(P‖M) + ½ KL(Q‖M) with M = (P + Q) / 2, between 0 (same shares) and
    /// 1 (no label in common). Null when either side has no answers.
    /// </summary>
    public static double? JensenShannon(ReadOnlySpan<long> p, ReadOnlySpan<long> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("both distributions need the same labels");
        double np = Sum(p), nq = Sum(q);
        if (np == 0 || nq == 0) return null;
        double js = 0;
        for (var l = 0; l < p.Length; l++)
        {
            double a = p[l] / np, b = q[l] / nq, m = (a + b) / 2;
            if (a > 0) js += 0.5 * a * Math.Log2(a / m);
            if (b > 0) js += 0.5 * b * Math.Log2(b / m);
        }
        return Math.Clamp(js, 0, 1);
    }

    /// <summary>
    /// Population stability index Σ (pₗ − qₗ) ln(pₗ / qₗ) of <paramref name="actual"/> against
    /// <paramref name="expected"/>. Shares are smoothed with half a count per label (pₗ = (cₗ + ½) / (n + L/2)) so a
    /// label missing on one side gives a large but finite term. Null when either side has no answers.
    /// </summary>
    public static double? PopulationStability(ReadOnlySpan<long> actual, ReadOnlySpan<long> expected)
    {
        if (actual.Length != expected.Length) throw new ArgumentException("both distributions need the same labels");
        double na = Sum(actual), ne = Sum(expected);
        if (na == 0 || ne == 0) return null;
        double half = actual.Length / 2.0, psi = 0;
        for (var l = 0; l < actual.Length; l++)
        {
            double a = (actual[l] + 0.5) / (na + half), e = (expected[l] + 0.5) / (ne + half);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    private static double Sum(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException("counts cannot be negative");
            total += c;
        }
        return total;
    }
}
