namespace Quality.Costs;

/// <summary>The Pareto frontier of points where lower cost and higher quality are both better.</summary>
public static class ParetoFrontier
{
    /// <summary>
    /// Whether each point is on the frontier: no other point is at most as costly and at least as good, and strictly
    /// better in one of the two. Identical points are all on it or all off it. Values must be finite.
    /// </summary>
    public static bool[] Members(IReadOnlyList<double> cost, IReadOnlyList<double> quality)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(quality);
        if (cost.Count != quality.Count) throw new ArgumentException("cost and quality need one value per point");
        for (var i = 0; i < cost.Count; i++)
            if (!double.IsFinite(cost[i]) || !double.IsFinite(quality[i]))
                throw new ArgumentException($"point {i} has a non-finite cost or quality");

        // Cheapest first, best first among equal costs: a point survives when it is the best of its cost and
        // better than everything strictly cheaper.
        var order = Enumerable.Range(0, cost.Count).ToArray();
        Array.Sort(order, (a, b) => cost[a] != cost[b] ? cost[a].CompareTo(cost[b]) : quality[b].CompareTo(quality[a]));
        var member = new bool[cost.Count];
        var bestCheaper = double.NegativeInfinity;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && cost[order[end]] == cost[order[start]]) end++;
            var groupBest = quality[order[start]];
            for (var j = start; j < end; j++)
                member[order[j]] = quality[order[j]] == groupBest && groupBest > bestCheaper;
            bestCheaper = Math.Max(bestCheaper, groupBest);
            start = end;
        }
        return member;
    }
}
