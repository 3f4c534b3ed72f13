using Quality.Analytics;
using Quality.Web.Features.Shared;

namespace Quality.Web.Tests.Dashboard;

public sealed class LabelConfusionTests
{
    // Items i1..i4, annotators a and b, labels x < y < z.
    //   i1: a=x b=x   i2: a=y b=x   i3: a=z b=z, b=y (b answered twice)   i4: a=y
    private static RatingSet Ratings()
    {
        var b = new RatingSetBuilder();
        b.Add("i1", "a", "x"); b.Add("i1", "b", "x");
        b.Add("i2", "a", "y"); b.Add("i2", "b", "x");
        b.Add("i3", "a", "z"); b.Add("i3", "b", "z"); b.Add("i3", "b", "y");
        b.Add("i4", "a", "y");
        return b.Build(isOrdered: false, categories: ["x", "y", "z"]);
    }

    private static int Code(RatingSet set, string name, bool rater = false) =>
        (rater ? set.RaterNames : set.LabelNames).Select((n, i) => (n, i)).Single(p => p.n == name).i;

    [Fact]
    public void Between_RepeatedAnswer_CountsEveryPairOfAnswers()
    {
        var set = Ratings();
        int a = Code(set, "a", true), b = Code(set, "b", true);

        var m = LabelConfusion.Between(set, a, b, "a", "b");

        int x = Code(set, "x"), y = Code(set, "y"), z = Code(set, "z");
        Assert.Equal(1, m.Counts[x, x]);   // i1
        Assert.Equal(1, m.Counts[y, x]);   // i2
        Assert.Equal(1, m.Counts[z, z]);   // i3, b's first answer
        Assert.Equal(1, m.Counts[z, y]);   // i3, b's second answer
        Assert.Equal(4, m.Total);           // i4 has no answer by b
        Assert.Equal(0.5, m.Agreement);
    }

    [Fact]
    public void AgainstReference_AllAnswers_SkipsItemsWithoutReference()
    {
        var set = Ratings();
        var reference = new int[set.ItemCount];
        Array.Fill(reference, -1);
        int x = Code(set, "x"), y = Code(set, "y"), z = Code(set, "z");
        reference[set.ItemNames.ToList().IndexOf("i2")] = x;
        reference[set.ItemNames.ToList().IndexOf("i3")] = z;

        var m = LabelConfusion.AgainstReference(set, -1, reference, "Gold", "All");

        Assert.Equal(1, m.Counts[x, y]);   // a said y on i2 (gold x)
        Assert.Equal(1, m.Counts[x, x]);   // b said x on i2
        Assert.Equal(2, m.Counts[z, z]);   // a and b said z on i3
        Assert.Equal(1, m.Counts[z, y]);   // b's second answer on i3
        Assert.Equal(5, m.Total);
        Assert.Equal(2, m.RowTotal(x));
    }

    [Fact]
    public void LabelCounts_OneAnnotator_SplitsTheirAnswersFromEveryoneElse()
    {
        var set = Ratings();

        var (own, others) = LabelConfusion.LabelCounts(set, Code(set, "a", true));

        Assert.Equal(new long[] { 1, 2, 1 }, own);
        Assert.Equal(new long[] { 2, 1, 1 }, others);
    }

    [Fact]
    public void Agreement_NoPairs_IsNull()
    {
        var set = Ratings();

        var m = LabelConfusion.Between(set, 0, 0, "a", "a");

        Assert.Null(m.Agreement);
        Assert.Equal(0, m.Total);
    }
}
