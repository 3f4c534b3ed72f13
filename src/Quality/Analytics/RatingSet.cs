namespace Quality.Analytics;

/// <summary>
/// Ratings of one field in compact long form: parallel arrays of integer codes, one entry per
/// (item, rater) answer. Statistics run over this; strings are interned once when it is built.
/// Label codes follow the field's category order (for ordered fields: ascending), so code order
/// is the ordinal order and <see cref="LabelValues"/> gives each code's numeric value.
/// </summary>
public sealed class RatingSet
{
    public RatingSet(int[] items, int[] raters, int[] labels,
        IReadOnlyList<string> itemNames, IReadOnlyList<string> raterNames, IReadOnlyList<string> labelNames,
        bool isOrdered = false, double[]? labelValues = null)
    {
        if (items.Length != raters.Length || items.Length != labels.Length)
            throw new ArgumentException("items, raters and labels must have the same length");
        if (labelValues is not null && labelValues.Length != labelNames.Count)
            throw new ArgumentException("labelValues needs one value per label");
        Items = items;
        Raters = raters;
        Labels = labels;
        ItemNames = itemNames;
        RaterNames = raterNames;
        LabelNames = labelNames;
        IsOrdered = isOrdered;
        LabelValues = labelValues;
    }

    /// <summary>Item code of each answer, 0..ItemCount-1.</summary>
    public int[] Items { get; }
    /// <summary>Rater code of each answer, 0..RaterCount-1.</summary>
    public int[] Raters { get; }
    /// <summary>Label code of each answer, 0..LabelCount-1, in category order.</summary>
    public int[] Labels { get; }

    public IReadOnlyList<string> ItemNames { get; }
    public IReadOnlyList<string> RaterNames { get; }
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Whether label codes carry an order (ordinal or numeric field): enables weighted and ordinal metrics.</summary>
    public bool IsOrdered { get; }

    /// <summary>Numeric value of each label code, where labels are numbers; null otherwise (interval/ratio need it).</summary>
    public double[]? LabelValues { get; }

    public int Count => Items.Length;
    public int ItemCount => ItemNames.Count;
    public int RaterCount => RaterNames.Count;
    public int LabelCount => LabelNames.Count;
}

/// <summary>Builds a <see cref="RatingSet"/> from string triples, interning each name once.</summary>
public sealed class RatingSetBuilder
{
    private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _raters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);
    private readonly List<string> _itemNames = [];
    private readonly List<string> _raterNames = [];
    private readonly List<string> _labelNames = [];
    private readonly List<int> _i = [], _r = [], _l = [];

    public int ItemCode(string item) => Intern(_items, _itemNames, item);
    public int RaterCode(string rater) => Intern(_raters, _raterNames, rater);
    public int LabelCode(string label) => Intern(_labels, _labelNames, label);

    public RatingSetBuilder Add(string item, string rater, string label)
    {
        _i.Add(ItemCode(item));
        _r.Add(RaterCode(rater));
        _l.Add(LabelCode(label));
        return this;
    }

    /// <summary>
    /// Finishes the set. Labels are re-coded into category order: the given <paramref name="categories"/>
    /// first (in that order; unused ones still count as categories, as scikit-learn's `labels=` does),
    /// then any others. Without categories: numeric order when every label is a number, else ordinal string order.
    /// </summary>
    public RatingSet Build(bool isOrdered = false, IReadOnlyList<string>? categories = null)
    {
        var order = new List<string>();
        if (categories is not null)
        {
            order.AddRange(categories.Distinct(StringComparer.Ordinal));
            order.AddRange(_labelNames.Where(l => !order.Contains(l, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
        }
        else
        {
            var numeric = _labelNames.Count > 0 && _labelNames.All(l => TryNumber(l, out _));
            order.AddRange(numeric
                ? _labelNames.OrderBy(l => { TryNumber(l, out var v); return v; })
                : _labelNames.Order(StringComparer.Ordinal));
        }

        var newCode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < order.Count; k++) newCode[order[k]] = k;
        var remap = _labelNames.Select(n => newCode[n]).ToArray();
        var labels = _l.Select(c => remap[c]).ToArray();

        double[]? values = null;
        if (order.All(l => TryNumber(l, out _)) && order.Count > 0)
            values = order.Select(l => { TryNumber(l, out var v); return v; }).ToArray();

        return new RatingSet(_i.ToArray(), _r.ToArray(), labels,
            _itemNames.ToArray(), _raterNames.ToArray(), order.ToArray(), isOrdered, values);
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);

    /// <summary>The code of the name, giving it the next code the first time it is seen.</summary>
    internal static int Intern(Dictionary<string, int> map, List<string> names, string key)
    {
        if (!map.TryGetValue(key, out var code))
        {
            code = names.Count;
            map[key] = code;
            names.Add(key);
        }
        return code;
    }
}
