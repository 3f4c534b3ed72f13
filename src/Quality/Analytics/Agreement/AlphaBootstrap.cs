using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// Percentile bootstrap for Krippendorff's alpha that resamples pairable items with replacement.
/// Items with the same label-count vector contribute the same coincidences, so items are grouped into
/// such patterns once; a replicate draws how many copies of each pattern it holds — a multinomial over
/// patterns with probabilities (items in pattern) / (pairable items), which is exactly the distribution of
/// resampling items — and sums precomputed contributions. A replicate costs O(patterns · labels per item²),
/// not O(ratings). Patterns are in a canonical order, so the interval does not depend on the order of rows.
/// </summary>
internal sealed class AlphaBootstrap
{
    private readonly int _q;
    private readonly int _pairableItems;
    private readonly int[] _patternItems;   // how many items share each pattern
    private readonly int[] _patternRatings; // m of the pattern
    private readonly int[] _start;          // pattern p's labels are _label/_count[_start[p].._start[p+1])
    private readonly int[] _label;
    private readonly int[] _count;

    private AlphaBootstrap(int q, int pairableItems, int[] patternItems, int[] patternRatings, int[] start, int[] label, int[] count)
    {
        _q = q;
        _pairableItems = pairableItems;
        _patternItems = patternItems;
        _patternRatings = patternRatings;
        _start = start;
        _label = label;
        _count = count;
    }

    public int PatternCount => _patternItems.Length;

    public static AlphaBootstrap Build(RatingIndex index) => Build(index, groupPatterns: true);

    /// <summary>Without <paramref name="groupPatterns"/> every item is its own pattern (tests compare both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static AlphaBootstrap Build(RatingIndex index, bool groupPatterns)
    {
        var q = index.LabelCount;
        var start = index.CountStart;
        var maxRatings = 0;
        var pairable = 0;
        for (var i = 0; i < index.ItemCount; i++)
        {
            var m = index.Ratings(i);
            if (m < 2) continue;
            pairable++;
            maxRatings = Math.Max(maxRatings, m);
        }

        // Key = the count vector read as digits in base (max m + 1); it must fit in 62 bits.
        var fits = groupPatterns && q > 0 && q * Math.Log2(maxRatings + 1.0) <= 62;
        var representatives = new List<int>();
        var items = new List<int>();
        var keys = new List<long>();
        if (fits)
        {
            var power = new long[q];
            for (var l = 0; l < q; l++) power[l] = l == 0 ? 1 : power[l - 1] * (maxRatings + 1);
            // A small key space is looked up in an array, a large one in a dictionary.
            var keySpace = q * Math.Log2(maxRatings + 1.0) <= 20 ? (int)(power[q - 1] * (maxRatings + 1)) : 0;
            var direct = keySpace > 0 ? new int[keySpace] : null;
            var patternOf = direct is null ? new Dictionary<long, int>() : null;
            for (var i = 0; i < index.ItemCount; i++)
            {
                if (index.Ratings(i) < 2) continue;
                long key = 0;
                for (var j = start[i]; j < start[i + 1]; j++) key += index.CountValue[j] * power[index.CountLabel[j]];
                int p;
                if (direct is not null)
                {
                    p = direct[key] - 1; // stored + 1 so 0 means "not seen"
                    if (p < 0) direct[key] = representatives.Count + 1;
                }
                else if (!patternOf!.TryGetValue(key, out p)) p = -1;
                if (p >= 0)
                {
                    items[p]++;
                    continue;
                }
                patternOf?.Add(key, representatives.Count);
                representatives.Add(i);
                items.Add(1);
                keys.Add(key);
            }
        }
        else
        {
            // Too many labels × ratings to key compactly: every item is its own pattern (still exact).
            for (var i = 0; i < index.ItemCount; i++)
            {
                if (index.Ratings(i) < 2) continue;
                representatives.Add(i);
                items.Add(1);
                keys.Add(representatives.Count);
            }
        }

        var order = Enumerable.Range(0, keys.Count).ToArray();
        Array.Sort(keys.ToArray(), order);
        var patternItems = new int[order.Length];
        var patternRatings = new int[order.Length];
        var pStart = new int[order.Length + 1];
        for (var p = 0; p < order.Length; p++)
        {
            var i = representatives[order[p]];
            patternItems[p] = items[order[p]];
            patternRatings[p] = index.Ratings(i);
            pStart[p + 1] = pStart[p] + start[i + 1] - start[i];
        }
        var label = new int[pStart[^1]];
        var count = new int[pStart[^1]];
        for (var p = 0; p < order.Length; p++)
        {
            var i = representatives[order[p]];
            Array.Copy(index.CountLabel, start[i], label, pStart[p], pStart[p + 1] - pStart[p]);
            Array.Copy(index.CountValue, start[i], count, pStart[p], pStart[p + 1] - pStart[p]);
        }
        return new AlphaBootstrap(q, pairable, patternItems, patternRatings, pStart, label, count);
    }

    /// <summary>
    /// Percentile intervals (quantile type 7, as numpy and R default) of alpha at each level over
    /// <paramref name="replicates"/> resamples; null for a level with no defined replicate.
    /// Replicates whose alpha is undefined (a resample with no variation) are left out of that level's quantiles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ConfidenceInterval?[] PercentileIntervals(RatingSet ratings, IReadOnlyList<AlphaLevel> levels,
        int replicates, ulong seed, double confidence = 0.95)
    {
        var samples = new List<double>[levels.Count];
        for (var l = 0; l < levels.Count; l++) samples[l] = new List<double>(replicates);
        // Only the ordinal metric depends on the replicate's marginals; the others are fixed per level.
        var applies = levels.Select(level => KrippendorffAlpha.Inapplicable(level, ratings) is null).ToArray();
        var fixedDelta = levels.Select(level => level == AlphaLevel.Ordinal ? null
            : KrippendorffAlpha.Distances(level, new double[_q], ratings.LabelValues)).ToArray();
        var random = new SeededRandom(seed);
        var o = new double[_q * _q];
        var marginals = new double[_q];
        for (var b = 0; b < replicates && _pairableItems > 0; b++)
        {
            Array.Clear(o);
            long remainingDraws = _pairableItems, remainingItems = _pairableItems;
            for (var p = 0; p < PatternCount && remainingDraws > 0; p++)
            {
                var copies = p == PatternCount - 1
                    ? remainingDraws
                    : random.NextBinomial(remainingDraws, (double)_patternItems[p] / remainingItems);
                remainingDraws -= copies;
                remainingItems -= _patternItems[p];
                if (copies > 0) KrippendorffAlpha.AddItem(o, _q, _label, _count, _start[p], _start[p + 1], copies / (_patternRatings[p] - 1.0));
            }
            var n = KrippendorffAlpha.Marginals(o, marginals);
            for (var l = 0; l < levels.Count; l++)
            {
                if (!applies[l]) continue;
                var delta = fixedDelta[l] ?? KrippendorffAlpha.Distances(levels[l], marginals, ratings.LabelValues);
                if (KrippendorffAlpha.FromCoincidences(o, marginals, n, delta).Value is { } alpha) samples[l].Add(alpha);
            }
        }

        var result = new ConfidenceInterval?[levels.Count];
        var tail = (1 - confidence) / 2;
        for (var l = 0; l < levels.Count; l++)
        {
            if (samples[l].Count == 0) continue;
            var sorted = samples[l].ToArray();
            Array.Sort(sorted);
            result[l] = new ConfidenceInterval(Quantile(sorted, tail), Quantile(sorted, 1 - tail));
        }
        return result;
    }

    /// <summary>Linear interpolation between order statistics (Hyndman–Fan type 7).</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
