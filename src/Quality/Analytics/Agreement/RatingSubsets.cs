namespace Quality.Analytics.Agreement;

/// <summary>
/// Sub-sets of a <see cref="RatingSet"/> (a week, a batch, complete cases) that keep every code and name,
/// so categories, weights and annotator identities stay those of the whole field.
/// </summary>
public static class RatingSubsets
{
    /// <summary>The answers whose flag is set (one flag per answer, in the set's order).</summary>
    public static RatingSet Where(RatingSet ratings, ReadOnlySpan<bool> keepAnswer)
    {
        if (keepAnswer.Length != ratings.Count) throw new ArgumentException("one flag per answer is needed", nameof(keepAnswer));
        var kept = 0;
        foreach (var keep in keepAnswer) if (keep) kept++;
        var items = new int[kept];
        var raters = new int[kept];
        var labels = new int[kept];
        for (int a = 0, k = 0; a < keepAnswer.Length; a++)
        {
            if (!keepAnswer[a]) continue;
            items[k] = ratings.Items[a];
            raters[k] = ratings.Raters[a];
            labels[k++] = ratings.Labels[a];
        }
        return new RatingSet(items, raters, labels, ratings.ItemNames, ratings.RaterNames, ratings.LabelNames,
            ratings.IsOrdered, ratings.LabelValues);
    }

    /// <summary>The answers (by index in the set) the predicate keeps.</summary>
    public static RatingSet Where(RatingSet ratings, Func<int, bool> keepAnswer)
    {
        var keep = new bool[ratings.Count];
        for (var a = 0; a < keep.Length; a++) keep[a] = keepAnswer(a);
        return Where(ratings, keep);
    }

    /// <summary>Only items with at least <paramref name="minRatings"/> answers.</summary>
    public static RatingSet ItemsWithAtLeast(RatingSet ratings, int minRatings)
    {
        var perItem = new int[ratings.ItemCount];
        foreach (var i in ratings.Items) perItem[i]++;
        return Where(ratings, a => perItem[ratings.Items[a]] >= minRatings);
    }

    /// <summary>
    /// Complete cases: only items answered by every annotator who answered anything in the set
    /// (what R irr and statsmodels use when data are missing).
    /// </summary>
    public static RatingSet CompleteItems(RatingSet ratings)
    {
        var active = new bool[ratings.RaterCount];
        foreach (var r in ratings.Raters) active[r] = true;
        var activeCount = active.Count(x => x);
        var seen = new HashSet<long>();
        var distinctRaters = new int[ratings.ItemCount];
        for (var a = 0; a < ratings.Count; a++)
            if (seen.Add((long)ratings.Items[a] * ratings.RaterCount + ratings.Raters[a]))
                distinctRaters[ratings.Items[a]]++;
        return Where(ratings, a => distinctRaters[ratings.Items[a]] == activeCount);
    }
}
