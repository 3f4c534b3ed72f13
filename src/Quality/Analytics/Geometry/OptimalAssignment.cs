namespace Quality.Analytics.Geometry;

/// <summary>
/// Maximum-weight one-to-one assignment (the Hungarian algorithm, Kuhn 1955 / Munkres 1957, in the O(n²m)
/// shortest-augmenting-path form with potentials).
/// </summary>
public static class OptimalAssignment
{
    /// <summary>
    /// Pairs rows with columns so that the total weight of the chosen pairs is as large as possible. Weights ≤ 0
    /// mean "may not be paired": such rows stay unpaired (−1). <paramref name="weights"/> is row-major, rows × cols.
    /// </summary>
    /// <returns>For each row, its column or −1.</returns>
    public static int[] Maximize(ReadOnlySpan<double> weights, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || weights.Length != rows * cols) throw new ArgumentException("weights must hold rows × cols values");
        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0) return result;

        // The algorithm needs rows ≤ columns; solve the transpose otherwise. Cost = −weight, and a forbidden pair
        // costs 0, the same as leaving both unpaired, so it never beats a real pair.
        var transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols;
        var cost = new double[(n + 1) * (m + 1)];
        for (var i = 1; i <= n; i++)
            for (var j = 1; j <= m; j++)
            {
                var w = transpose ? weights[(j - 1) * cols + (i - 1)] : weights[(i - 1) * cols + (j - 1)];
                cost[i * (m + 1) + j] = w > 0 ? -w : 0;
            }

        var u = new double[n + 1];
        var v = new double[m + 1];
        var match = new int[m + 1];      // column j → row (1-based), 0 = free
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            match[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = match[j0], j1 = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    var current = cost[i0 * (m + 1) + j] - u[i0] - v[j];
                    if (current < minv[j]) { minv[j] = current; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j]) { u[match[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (match[j0] != 0);
            do
            {
                var j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }

        for (var j = 1; j <= m; j++)
        {
            if (match[j] == 0) continue;
            int row = transpose ? j - 1 : match[j] - 1, col = transpose ? match[j] - 1 : j - 1;
            if (weights[row * cols + col] > 0) result[row] = col;
        }
        return result;
    }
}
