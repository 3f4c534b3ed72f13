namespace Quality.Analytics.Geometry;

/// <summary>
/// Labelled objects (spans, boxes, polygons, masks) drawn by annotators on items, in compact form. A "document" is
/// one (item, annotator) pair that was annotated; it owns a slice of <see cref="Objects"/>. A document with no
/// objects is a real answer ("nothing to mark here"), unlike an item the annotator never saw.
/// </summary>
public sealed class AnnotationSet<T> where T : struct
{
    internal AnnotationSet(int[] docItems, int[] docAnnotators, int[] docStart, T[] objects, int[] objectLabels,
        IReadOnlyList<string> itemNames, IReadOnlyList<string> annotatorNames, IReadOnlyList<string> labelNames)
    {
        DocItems = docItems;
        DocAnnotators = docAnnotators;
        DocStart = docStart;
        Objects = objects;
        ObjectLabels = objectLabels;
        ItemNames = itemNames;
        AnnotatorNames = annotatorNames;
        LabelNames = labelNames;
    }

    /// <summary>Item code of each document, ascending.</summary>
    public int[] DocItems { get; }
    /// <summary>Annotator code of each document (ascending within an item).</summary>
    public int[] DocAnnotators { get; }
    /// <summary>Offsets into <see cref="Objects"/>, length DocCount + 1.</summary>
    public int[] DocStart { get; }
    public T[] Objects { get; }
    /// <summary>Label code of each object.</summary>
    public int[] ObjectLabels { get; }

    public IReadOnlyList<string> ItemNames { get; }
    public IReadOnlyList<string> AnnotatorNames { get; }
    public IReadOnlyList<string> LabelNames { get; }

    public int DocCount => DocItems.Length;
    public ReadOnlySpan<T> DocObjects(int doc) => Objects.AsSpan(DocStart[doc], DocStart[doc + 1] - DocStart[doc]);
    public ReadOnlySpan<int> DocLabels(int doc) => ObjectLabels.AsSpan(DocStart[doc], DocStart[doc + 1] - DocStart[doc]);
}

/// <summary>Builds an <see cref="AnnotationSet{T}"/> from named items, annotators and labels.</summary>
public sealed class AnnotationSetBuilder<T> where T : struct
{
    private readonly Func<T, string?> _validate;
    private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _annotators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);
    private readonly List<string> _itemNames = [], _annotatorNames = [], _labelNames = [];
    private readonly Dictionary<(int Item, int Annotator), List<(T Shape, int Label)>> _docs = [];

    /// <param name="validate">Returns why an object is unusable (e.g. a box of zero width), or null.</param>
    public AnnotationSetBuilder(Func<T, string?>? validate = null) => _validate = validate ?? (_ => null);

    /// <summary>Records that the annotator annotated the item, even if they mark nothing on it.</summary>
    public AnnotationSetBuilder<T> MarkAnnotated(string item, string annotator)
    {
        Doc(item, annotator);
        return this;
    }

    /// <summary>Adds an object (and marks the item annotated by the annotator).</summary>
    public AnnotationSetBuilder<T> Add(string item, string annotator, string label, T shape)
    {
        var problem = _validate(shape);
        if (problem is not null) throw new ArgumentException($"item '{item}', annotator '{annotator}': {problem}", nameof(shape));
        Doc(item, annotator).Add((shape, RatingSetBuilder.Intern(_labels, _labelNames, label)));
        return this;
    }

    public AnnotationSet<T> Build()
    {
        var keys = _docs.Keys.OrderBy(k => k.Item).ThenBy(k => k.Annotator).ToArray();
        var docStart = new int[keys.Length + 1];
        var objects = new List<T>();
        var labels = new List<int>();
        for (var d = 0; d < keys.Length; d++)
        {
            foreach (var (shape, label) in _docs[keys[d]])
            {
                objects.Add(shape);
                labels.Add(label);
            }
            docStart[d + 1] = objects.Count;
        }
        return new AnnotationSet<T>(keys.Select(k => k.Item).ToArray(), keys.Select(k => k.Annotator).ToArray(), docStart,
            objects.ToArray(), labels.ToArray(), _itemNames.ToArray(), _annotatorNames.ToArray(), _labelNames.ToArray());
    }

    private List<(T, int)> Doc(string item, string annotator)
    {
        var key = (RatingSetBuilder.Intern(_items, _itemNames, item), RatingSetBuilder.Intern(_annotators, _annotatorNames, annotator));
        if (!_docs.TryGetValue(key, out var list)) _docs[key] = list = [];
        return list;
    }
}
