namespace Quality.Analytics.Spans;

/// <summary>A span of text by Unicode code-point offsets: [Start, End), End exclusive.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    /// <summary>Why the span cannot be used (negative start, empty or reversed), or null.</summary>
    public static string? Problem(TextSpan span) =>
        span.Start < 0 ? $"span start {span.Start} is negative"
        : span.End > span.Start ? null : $"span [{span.Start}, {span.End}) is empty or reversed";

    /// <summary>Code points the two spans share.</summary>
    public static int Overlap(TextSpan a, TextSpan b) => Math.Max(0, Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start));

    /// <summary>Shared code points / code points covered by either (Jaccard); 0 when disjoint.</summary>
    public static double Jaccard(TextSpan a, TextSpan b)
    {
        var overlap = Overlap(a, b);
        return overlap == 0 ? 0 : (double)overlap / (a.Length + b.Length - overlap);
    }
}
