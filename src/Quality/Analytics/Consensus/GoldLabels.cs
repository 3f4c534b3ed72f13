namespace Quality.Analytics.Consensus;

/// <summary>Turns gold answers given by name into the per-item label codes the consensus statistics take.</summary>
public static class GoldLabels
{
    /// <summary>Marks an item without a gold label.</summary>
    public const int None = -1;

    /// <summary>
    /// One code per item of <paramref name="set"/>: the gold label's code, or <see cref="None"/>. Gold for items
    /// the set does not contain is ignored (nobody answered them). A gold label that is not one of the set's
    /// labels is an error: build the set with it among its categories, so that it has a code.
    /// </summary>
    public static int[] Codes(RatingSet set, IEnumerable<KeyValuePair<string, string>> goldByItem)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(goldByItem);
        var itemCode = new Dictionary<string, int>(set.ItemCount, StringComparer.Ordinal);
        for (var i = 0; i < set.ItemCount; i++) itemCode[set.ItemNames[i]] = i;
        var labelCode = new Dictionary<string, int>(set.LabelCount, StringComparer.Ordinal);
        for (var l = 0; l < set.LabelCount; l++) labelCode[set.LabelNames[l]] = l;

        var gold = new int[set.ItemCount];
        Array.Fill(gold, None);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (item, label) in goldByItem)
        {
            if (!itemCode.TryGetValue(item, out var i)) continue;
            if (labelCode.TryGetValue(label, out var code)) gold[i] = code;
            else unknown.Add(label);
        }
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"gold label(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} are not categories of the rating set; add them as categories when building it");
        return gold;
    }

    /// <summary>Checks a per-item gold array against a set: one entry per item, each None or a label code.</summary>
    internal static void Validate(RatingSet set, int[] gold)
    {
        if (gold.Length != set.ItemCount)
            throw new ArgumentException($"gold has {gold.Length} entries but the set has {set.ItemCount} items", nameof(gold));
        for (var i = 0; i < gold.Length; i++)
            if (gold[i] != None && (uint)gold[i] >= (uint)set.LabelCount)
                throw new ArgumentException($"gold of item {i} is {gold[i]}, neither {None} nor a label code 0..{set.LabelCount - 1}", nameof(gold));
    }
}
