using Quality.Analytics.Geometry;
using Quality.Analytics.Spans;

namespace Quality.Tests.Analytics.Spans;

public class SpanAgreementTests
{
    [Fact]
    public void Pairwise_ExactAndOverlap_CountHandCheckedSpans()
    {
        // A: PER [0,5), ORG [10,20), PER [30,35). B: PER [0,5) (exact), ORG [12,20) (overlap only), LOC [30,35)
        // (wrong label), PER [40,45) (extra).
        var set = SpanAgreement.Builder()
            .Add("doc", "A", "PER", new TextSpan(0, 5)).Add("doc", "A", "ORG", new TextSpan(10, 20)).Add("doc", "A", "PER", new TextSpan(30, 35))
            .Add("doc", "B", "PER", new TextSpan(0, 5)).Add("doc", "B", "ORG", new TextSpan(12, 20)).Add("doc", "B", "LOC", new TextSpan(30, 35))
            .Add("doc", "B", "PER", new TextSpan(40, 45))
            .Build();

        var exact = SpanAgreement.Pairwise(set, SpanMatching.Exact).Single();
        var overlap = SpanAgreement.Pairwise(set, SpanMatching.Overlap).Single();

        Assert.Equal((1L, 3L, 2L), (exact.Total.TruePositives, exact.Total.FalsePositives, exact.Total.FalseNegatives));
        Assert.Equal((2L, 2L, 1L), (overlap.Total.TruePositives, overlap.Total.FalsePositives, overlap.Total.FalseNegatives));
        // F1 = 2TP / (2TP + FP + FN): exact 2/7, overlap 4/7.
        Assert.Equal(2.0 / 7.0, exact.Total.F1.Value!.Value, 15);
        Assert.Equal(4.0 / 7.0, overlap.Total.F1.Value!.Value, 15);
        // Overlap: PER matched 1 of A's 2 and 1 of B's 2; ORG matched with Jaccard 8/10; LOC only in B.
        var per = overlap.PerLabel.Single(l => l.LabelName == "PER").Counts;
        var org = overlap.PerLabel.Single(l => l.LabelName == "ORG").Counts;
        var loc = overlap.PerLabel.Single(l => l.LabelName == "LOC").Counts;
        Assert.Equal((1L, 1L, 1L), (per.TruePositives, per.FalsePositives, per.FalseNegatives));
        Assert.Equal(0.8, org.MeanMatchedScore!.Value, 15);
        Assert.Equal((0L, 1L, 0L), (loc.TruePositives, loc.FalsePositives, loc.FalseNegatives));
        Assert.Null(loc.Recall.Value);
    }

    [Fact]
    public void Match_GreedyLargestOverlapCounterExample_OptimalPairsBoth()
    {
        // A1 [0,10), A2 [10,20); B1 [2,12) overlaps A1 by 8 and A2 by 2; B2 [0,3) overlaps only A1 (by 3).
        // Greedy by largest overlap pairs A1–B1 first and strands A2 and B2; the optimum pairs A1–B2 and A2–B1.
        var matcher = SpanAgreement.Matcher(SpanMatching.Overlap);

        var pairs = matcher.Match([new TextSpan(0, 10), new TextSpan(10, 20)], [0, 0], [new TextSpan(2, 12), new TextSpan(0, 3)], [0, 0]);

        Assert.Equal([(0, 1), (1, 0)], pairs.Select(p => (p.A, p.B)));
        Assert.Equal(2.0 / 18.0, pairs[1].Score, 15);
    }

    [Fact]
    public void Match_TwoCandidates_PrefersLargerOverlapWhenCountIsEqual()
    {
        // One A span, two B spans that both overlap it: the pair with the larger Jaccard wins.
        var matcher = SpanAgreement.Matcher(SpanMatching.Overlap);

        var pairs = matcher.Match([new TextSpan(0, 10)], [0], [new TextSpan(8, 12), new TextSpan(1, 10)], [0, 0]);

        Assert.Equal(1, pairs.Single().B);
    }

    [Fact]
    public void Match_DuplicateExactSpans_PairOneToOne()
    {
        var matcher = SpanAgreement.Matcher(SpanMatching.Exact);

        var pairs = matcher.Match([new TextSpan(0, 4), new TextSpan(0, 4)], [0, 0], [new TextSpan(0, 4)], [0]);

        Assert.Single(pairs);
    }

    [Fact]
    public void Pairwise_SwappingReference_SwapsPrecisionAndRecallKeepsF1()
    {
        static AnnotationSet<TextSpan> Build(string first, string second) => SpanAgreement.Builder()
            .MarkAnnotated("d", first).MarkAnnotated("d", second)
            .Add("d", "X", "T", new TextSpan(0, 3)).Add("d", "X", "T", new TextSpan(5, 8))
            .Add("d", "Y", "T", new TextSpan(0, 3))
            .Build();

        var xy = SpanAgreement.Pairwise(Build("X", "Y"), SpanMatching.Exact).Single();
        var yx = SpanAgreement.Pairwise(Build("Y", "X"), SpanMatching.Exact).Single();

        Assert.Equal(("X", "Y"), (xy.NameA, xy.NameB));
        Assert.Equal(("Y", "X"), (yx.NameA, yx.NameB));
        Assert.Equal(xy.Total.Precision.Value, yx.Total.Recall.Value);
        Assert.Equal(xy.Total.Recall.Value, yx.Total.Precision.Value);
        Assert.Equal(xy.Total.F1.Value, yx.Total.F1.Value);
        Assert.Equal(0.5, xy.Total.Recall.Value);
    }

    [Fact]
    public void Pairwise_SumsCountsOverItemsNotAveragingRatios()
    {
        // Item 1: 1 of 1 matched; item 2: A has 3 spans, B none. Micro recall = 1 / 4 (a macro mean would be 0.5).
        var set = SpanAgreement.Builder()
            .Add("1", "A", "T", new TextSpan(0, 1)).Add("1", "B", "T", new TextSpan(0, 1))
            .Add("2", "A", "T", new TextSpan(0, 1)).Add("2", "A", "T", new TextSpan(2, 3)).Add("2", "A", "T", new TextSpan(4, 5))
            .MarkAnnotated("2", "B")
            .Build();

        var pair = SpanAgreement.Pairwise(set, SpanMatching.Exact).Single();

        Assert.Equal(0.25, pair.Total.Recall.Value);
        Assert.Equal(1.0, pair.Total.Precision.Value);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 2)]
    public void Builder_InvalidSpan_Throws(int start, int end) =>
        Assert.Throws<ArgumentException>(() => SpanAgreement.Builder().Add("d", "A", "T", new TextSpan(start, end)));
}
