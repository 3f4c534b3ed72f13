namespace Quality.Analytics.Drift;

/// <summary>Multiple-comparison corrections of p-values.</summary>
public static class MultipleTesting
{
    /// <summary>
    /// Holm's (1979) step-down adjusted p-values, in input order: sort ascending, p̃₍ᵢ₎ = max over j ≤ i of
    /// min(1, (m − j + 1) p₍ⱼ₎). Rejecting p̃ &lt; α controls the family-wise error rate at α under any dependence.
    /// </summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            if (!(pValues[i] is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(pValues), "p-values must be in [0, 1]");
            order[i] = i;
        }
        var copy = pValues.ToArray();
        // Stable: equal p-values keep input order, so the result does not depend on the sort's tie handling.
        var sorted = order.OrderBy(i => copy[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * copy[sorted[rank]]));
            adjusted[sorted[rank]] = running;
        }
        return adjusted;
    }
}
