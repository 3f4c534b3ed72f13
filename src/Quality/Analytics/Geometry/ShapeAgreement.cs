namespace Quality.Analytics.Geometry;

/// <summary>When two drawn shapes count as the same object.</summary>
/// <param name="IouThreshold">Pairs need IoU ≥ this (inclusive); must be in (0, 1].</param>
/// <param name="LabelAgnostic">Pair shapes whatever their labels (label disagreements are then counted, not excluded).</param>
public sealed record ShapeMatchOptions(double IouThreshold = 0.5, bool LabelAgnostic = false);

/// <summary>
/// Pairwise agreement on boxes, polygons and masks: per item, the one-to-one assignment that maximises the total
/// IoU over pairs with IoU ≥ threshold (and the same label unless label-agnostic), found by the Hungarian
/// algorithm; then TP/FP/FN, precision, recall, F1 and mean IoU of matched pairs, summed over items.
/// </summary>
public static class ShapeAgreement
{
    public static List<PairAgreement> Pairwise(AnnotationSet<Box> set, ShapeMatchOptions? options = null) =>
        Matcher<Box>(Box.IoU, options).Pairwise(set);

    public static List<PairAgreement> Pairwise(AnnotationSet<Polygon> set, ShapeMatchOptions? options = null) =>
        Matcher<Polygon>(Polygon.IoU, options).Pairwise(set);

    /// <summary>Masks of one item must share a size; two empty masks (IoU 0/0) never pair.</summary>
    public static List<PairAgreement> Pairwise(AnnotationSet<RleMask> set, ShapeMatchOptions? options = null) =>
        Matcher<RleMask>((a, b) => RleMask.IoU(a, b) ?? 0, options).Pairwise(set);

    /// <summary>A matcher for one item's shapes, for callers that hold shapes outside an <see cref="AnnotationSet{T}"/>.</summary>
    public static ObjectMatcher<T> Matcher<T>(Func<T, T, double> iou, ShapeMatchOptions? options = null) where T : struct
    {
        options ??= new ShapeMatchOptions();
        var threshold = options.IouThreshold;
        if (!(threshold > 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(options), threshold, "IoU threshold must be in (0, 1]");
        return new ObjectMatcher<T>(iou, s => s >= threshold, sameLabel: !options.LabelAgnostic, cardinalityFirst: false);
    }

    /// <summary>A builder whose boxes are checked (finite, positive size) as they are added.</summary>
    public static AnnotationSetBuilder<Box> BoxBuilder() => new(Box.Problem);
    public static AnnotationSetBuilder<Polygon> PolygonBuilder() => new(Polygon.Problem);
    public static AnnotationSetBuilder<RleMask> MaskBuilder() => new(RleMask.Problem);
}
