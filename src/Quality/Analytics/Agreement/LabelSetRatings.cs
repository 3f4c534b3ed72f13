using System.Numerics;

namespace Quality.Analytics.Agreement;

/// <summary>
/// Answers of a multi-label field in compact form: parallel arrays with one label SET per answer,
/// as a bitmask (bit k = label code k, so at most 64 labels). An empty set is a real answer ("none applies").
/// </summary>
public sealed class LabelSetRatings
{
    public const int MaxLabels = 64;

    public LabelSetRatings(int[] items, int[] raters, ulong[] sets,
        IReadOnlyList<string> itemNames, IReadOnlyList<string> raterNames, IReadOnlyList<string> labelNames)
    {
        if (items.Length != raters.Length || items.Length != sets.Length)
            throw new ArgumentException("items, raters and sets must have the same length");
        if (labelNames.Count > MaxLabels)
            throw new ArgumentException($"a multi-label field can have at most {MaxLabels} labels, this one has {labelNames.Count}");
        var allowed = labelNames.Count == MaxLabels ? ulong.MaxValue : (1UL << labelNames.Count) - 1;
        for (var a = 0; a < sets.Length; a++)
            if ((sets[a] & ~allowed) != 0) throw new ArgumentException($"answer {a} uses a label code outside 0..{labelNames.Count - 1}");
        Items = items;
        Raters = raters;
        Sets = sets;
        ItemNames = itemNames;
        RaterNames = raterNames;
        LabelNames = labelNames;
    }

    public int[] Items { get; }
    public int[] Raters { get; }
    /// <summary>The label set of each answer: bit k set when label code k was chosen.</summary>
    public ulong[] Sets { get; }
    public IReadOnlyList<string> ItemNames { get; }
    public IReadOnlyList<string> RaterNames { get; }
    public IReadOnlyList<string> LabelNames { get; }
    public int Count => Items.Length;

    /// <summary>The set's labels joined with '+', "∅" for the empty set (used to name distinct sets).</summary>
    public string Describe(ulong set)
    {
        if (set == 0) return "∅";
        var names = new List<string>(BitOperations.PopCount(set));
        for (var k = 0; k < LabelNames.Count; k++)
            if ((set & (1UL << k)) != 0) names.Add(LabelNames[k]);
        return string.Join('+', names);
    }
}

/// <summary>Builds <see cref="LabelSetRatings"/> from names, interning each once; label codes follow first appearance unless categories are given.</summary>
public sealed class LabelSetRatingsBuilder
{
    private readonly RatingSetBuilder _names = new();
    private readonly List<int> _items = [], _raters = [];
    private readonly List<ulong> _sets = [];
    private readonly List<string> _labels = [];
    private readonly Dictionary<string, int> _labelCode = new(StringComparer.Ordinal);

    public LabelSetRatingsBuilder(IReadOnlyList<string>? categories = null)
    {
        foreach (var c in categories ?? []) LabelCode(c);
    }

    public LabelSetRatingsBuilder Add(string item, string rater, IEnumerable<string> labels)
    {
        ulong set = 0;
        foreach (var label in labels) set |= 1UL << LabelCode(label);
        _items.Add(_names.ItemCode(item));
        _raters.Add(_names.RaterCode(rater));
        _sets.Add(set);
        return this;
    }

    public LabelSetRatings Build()
    {
        var empty = _names.Build();
        return new LabelSetRatings([.. _items], [.. _raters], [.. _sets], empty.ItemNames, empty.RaterNames, [.. _labels]);
    }

    private int LabelCode(string label)
    {
        if (_labelCode.TryGetValue(label, out var code)) return code;
        if (_labels.Count == LabelSetRatings.MaxLabels)
            throw new ArgumentException($"a multi-label field can have at most {LabelSetRatings.MaxLabels} labels");
        _labelCode[label] = _labels.Count;
        _labels.Add(label);
        return _labels.Count - 1;
    }
}
