using Quality.Analytics.Geometry;

namespace Quality.Analytics.Spans;

/// <summary>When two annotators' spans count as the same entity.</summary>
public enum SpanMatching
{
    /// <summary>Same start, end and label.</summary>
    Exact,
    /// <summary>Same label and at least one shared code point.</summary>
    Overlap,
}

/// <summary>
/// Span-level (NER) agreement between annotators: per pair, over the items both annotated, precision, recall and F1
/// of B's spans against reference A's, overall and per label, with counts summed over items (micro-average).
/// Matching is one-to-one and optimal: the largest number of pairs, and among those the largest total overlap
/// (code-point Jaccard), found by the Hungarian algorithm. A greedy "largest overlap first" pairing can pair fewer.
/// </summary>
public static class SpanAgreement
{
    public static List<PairAgreement> Pairwise(AnnotationSet<TextSpan> set, SpanMatching matching) =>
        Matcher(matching).Pairwise(set);

    /// <summary>The matcher for one item's spans (score = code-point Jaccard; 1 for exact matches).</summary>
    public static ObjectMatcher<TextSpan> Matcher(SpanMatching matching) => matching switch
    {
        SpanMatching.Exact => new ObjectMatcher<TextSpan>((a, b) => a == b ? 1.0 : 0.0, s => s > 0, sameLabel: true, cardinalityFirst: true),
        SpanMatching.Overlap => new ObjectMatcher<TextSpan>(TextSpan.Jaccard, s => s > 0, sameLabel: true, cardinalityFirst: true),
        _ => throw new ArgumentOutOfRangeException(nameof(matching)),
    };

    /// <summary>A builder whose spans are checked (non-negative start, non-empty) as they are added.</summary>
    public static AnnotationSetBuilder<TextSpan> Builder() => new(TextSpan.Problem);
}
