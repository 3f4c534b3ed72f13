using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Csv;

/// <summary>The crowd CSV importer on Snow et al. (2008)'s real AMT label files in ../shared/exports/crowd-labels.</summary>
public sealed class SnowCrowdLabelsTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    private sealed record Expected(int Rows, Dictionary<string, int> LabelsPerItem, int Workers, Dictionary<string, string> Gold);

    // Counted straight from the TSV: !amt_annotation_ids, !amt_worker_ids, orig_id, response, gold.
    private static Expected Count(string path)
    {
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.TrimEnd('\r').Split('\t')).ToList();
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        return new Expected(
            rows.Count,
            rows.GroupBy(r => r[2]).ToDictionary(g => g.Key, g => g.Count()),
            rows.Select(r => r[1]).Distinct().Count(),
            rows.GroupBy(r => r[2]).ToDictionary(g => g.Key, g => g.Select(r => r[4]).Distinct().Single()));
    }

    private (Expected Expected, Quality.Ingestion.ImportSummary Summary) ImportShared(string name)
    {
        var path = TestPaths.Shared("exports", "crowd-labels", name);
        return (Count(path), _h.Import(path));
    }

    [SkippableTheory]
    [InlineData("snow2008_rte.standardized.tsv")]
    [InlineData("snow2008_temp.standardized.tsv")]
    public void Import_SnowFile_ItemsWorkersAndGoldMatchTheFile(string name)
    {
        var (expected, summary) = ImportShared(name);

        Assert.Equal("csv", summary.Format);
        Assert.Equal(expected.LabelsPerItem.Count, summary.Items);
        Assert.Equal(expected.Workers, summary.Annotators);
        Assert.Equal(expected.Gold.Count, summary.GoldItems);
        var gold = _h.Query("SELECT i.external_key, g.value FROM gold g JOIN items i USING (item_id)", r => (r.GetString(0), r.GetString(1)))
            .ToDictionary(g => g.Item1, g => g.Item2);
        Assert.Equal(expected.Gold.OrderBy(g => g.Key, StringComparer.Ordinal), gold.OrderBy(g => g.Key, StringComparer.Ordinal));
    }

    [SkippableTheory]
    [InlineData("snow2008_rte.standardized.tsv")]
    [InlineData("snow2008_temp.standardized.tsv")]
    public void Import_SnowFile_KeepsEveryWorkersAnswer(string name)
    {
        var (expected, summary) = ImportShared(name);

        // AMT assignment ids cover a whole HIT of items: every worker's answer must survive the merge.
        Assert.Equal(expected.Rows, summary.Annotations);
        var perItem = _h.Query("SELECT i.external_key, count(*) FROM annotations JOIN items i USING (item_id) GROUP BY 1", r => (r.GetString(0), r.GetInt64(1)));
        Assert.All(perItem, p => Assert.Equal(expected.LabelsPerItem[p.Item1], p.Item2));
        Assert.Equal(10, expected.LabelsPerItem.Values.Distinct().Single());
    }
}
