using Quality.Analytics;

namespace Quality.Tests.Analytics.Agreement;

/// <summary>Small hand-written and seeded random rating sets for the always-on agreement tests.</summary>
internal static class TestRatings
{
    /// <summary>From rows "item rater label" (whitespace separated).</summary>
    public static RatingSet Parse(string rows, bool ordered = false, IReadOnlyList<string>? categories = null)
    {
        var builder = new RatingSetBuilder();
        foreach (var line in rows.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            builder.Add(parts[0], parts[1], parts[2]);
        }
        return builder.Build(ordered, categories);
    }

    /// <summary>
    /// Raters that copy a hidden true label with probability <paramref name="accuracy"/>, else pick uniformly;
    /// each (item, rater) cell is missing with probability <paramref name="missing"/>.
    /// </summary>
    public static RatingSet Random(int seed, int items, int raters, int labels, double accuracy, double missing, bool ordered = false)
    {
        var random = new Random(seed);
        var builder = new RatingSetBuilder();
        for (var i = 0; i < items; i++)
        {
            var truth = random.Next(labels);
            for (var r = 0; r < raters; r++)
            {
                if (random.NextDouble() < missing) continue;
                var label = random.NextDouble() < accuracy ? truth : random.Next(labels);
                builder.Add($"i{i}", $"r{r}", (label + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.Build(ordered, Enumerable.Range(1, labels).Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>The same answers rebuilt through the builder with names mapped and rows in another order.</summary>
    public static RatingSet Rebuild(RatingSet source, Func<string, string>? item = null, Func<string, string>? rater = null,
        Func<string, string>? label = null, int? shuffleSeed = null, bool? ordered = null, IReadOnlyList<string>? categories = null)
    {
        var order = Enumerable.Range(0, source.Count).ToArray();
        if (shuffleSeed is { } seed) new Random(seed).Shuffle(order);
        var builder = new RatingSetBuilder();
        foreach (var a in order)
            builder.Add(
                (item ?? (s => s))(source.ItemNames[source.Items[a]]),
                (rater ?? (s => s))(source.RaterNames[source.Raters[a]]),
                (label ?? (s => s))(source.LabelNames[source.Labels[a]]));
        return builder.Build(ordered ?? source.IsOrdered, categories ?? source.LabelNames.Select(label ?? (s => s)).ToArray());
    }
}
