using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Tests.Analytics.Agreement;

public sealed class PairTablesTests
{
    [Fact]
    public void Build_DenseAndSparseLayouts_SameTablesIncludingRepeatedAnswers()
    {
        var ratings = TestRatings.Random(41, 300, 6, 4, 0.6, 0.3);
        // Some annotators answer an item twice.
        var repeated = new RatingSet(
            [.. ratings.Items, .. ratings.Items.Take(40)], [.. ratings.Raters, .. ratings.Raters.Take(40)],
            [.. ratings.Labels, .. ratings.Labels.Take(40).Select(l => (l + 1) % ratings.LabelCount)],
            ratings.ItemNames, ratings.RaterNames, ratings.LabelNames);
        var index = RatingIndex.Build(repeated);

        var dense = Tables(PairTables.Build(index, dense: true));
        var sparse = Tables(PairTables.Build(index, dense: false));

        Assert.Equal(15, dense.Count);
        Assert.Equal(dense.Keys.Order(), sparse.Keys.Order());
        foreach (var (pair, (items, cells)) in dense)
        {
            Assert.Equal(items, sparse[pair].Items);
            Assert.Equal(cells.Sum(), items, 9);
            for (var c = 0; c < cells.Length; c++) Assert.Equal(cells[c], sparse[pair].Cells[c], 12);
        }
    }

    private static Dictionary<(int, int), (int Items, double[] Cells)> Tables(PairTables tables) =>
        Enumerable.Range(0, tables.PairCount).ToDictionary(p => (tables.A(p), tables.B(p)), p => (tables.Items(p), tables.Table(p).ToArray()));
}
