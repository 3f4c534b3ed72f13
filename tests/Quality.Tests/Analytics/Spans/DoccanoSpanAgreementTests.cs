using System.Text.Json;
using Quality.Analytics.Geometry;
using Quality.Analytics.Spans;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Spans;

/// <summary>Span agreement on the real doccano exports of two annotators (524 sentences annotated by both).</summary>
public class DoccanoSpanAgreementTests
{
    private static readonly string[] Annotators = ["emarie", "sjasmin"];

    private static Dictionary<string, List<(int Start, int End, string Label)>> Read(string annotator)
    {
        var path = TestPaths.Shared("exports", "ner-spans", $"doccano_uk-commons_annotator-{annotator}.jsonl");
        var docs = new Dictionary<string, List<(int, int, string)>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var spans = json.RootElement.GetProperty("label").EnumerateArray()
                .Select(s => (s[0].GetInt32(), s[1].GetInt32(), s[2].GetString()!)).ToList();
            docs[json.RootElement.GetProperty("id").GetString()!] = spans;
        }
        return docs;
    }

    [SkippableFact]
    public void Pairwise_DoccanoExports_ExactCountsEqualMultisetIntersection()
    {
        var docs = Annotators.Select(Read).ToArray();
        var builder = SpanAgreement.Builder();
        for (var a = 0; a < docs.Length; a++)
            foreach (var (id, spans) in docs[a])
            {
                builder.MarkAnnotated(id, Annotators[a]);
                foreach (var (start, end, label) in spans) builder.Add(id, Annotators[a], label, new TextSpan(start, end));
            }
        var set = builder.Build();

        var exact = SpanAgreement.Pairwise(set, SpanMatching.Exact).Single();
        var overlap = SpanAgreement.Pairwise(set, SpanMatching.Overlap).Single();

        // Independent count: identical (start, end, label) triples, as multisets, on sentences both annotated.
        var both = docs[0].Keys.Intersect(docs[1].Keys).ToList();
        long shared = 0, first = 0, second = 0;
        foreach (var id in both)
        {
            var counts = docs[1][id].GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            shared += docs[0][id].GroupBy(s => s).Sum(g => Math.Min(g.Count(), counts.GetValueOrDefault(g.Key)));
            first += docs[0][id].Count;
            second += docs[1][id].Count;
        }
        Assert.Equal(both.Count, exact.ItemsCompared);
        Assert.Equal((shared, second - shared, first - shared),
            (exact.Total.TruePositives, exact.Total.FalsePositives, exact.Total.FalseNegatives));
        Assert.True(overlap.Total.TruePositives >= exact.Total.TruePositives);
        Assert.True(overlap.Total.TruePositives <= Math.Min(first, second));
        Assert.Equal(exact.Total.TruePositives, exact.PerLabel.Sum(l => l.Counts.TruePositives));
        Assert.Equal(overlap.Total.FalseNegatives, overlap.PerLabel.Sum(l => l.Counts.FalseNegatives));
    }
}
