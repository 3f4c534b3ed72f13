using Quality.Analytics;
using Quality.Analytics.Consensus;
using Quality.Analytics.Review;

namespace Quality.Tests.Analytics.Review;

public sealed class ReviewQueueTests
{
    /// <summary>
    /// Three reliable raters on 40 clear items, then the items to rank: u-1 and u-2 are the same 2-against-1 split
    /// (same answers, so the same posterior), u-3 is unanimous, g-1 is a split gold item.
    /// </summary>
    private static ReviewField Field()
    {
        var b = new RatingSetBuilder();
        for (var i = 0; i < 40; i++)
        {
            var label = i % 2 == 0 ? "a" : "b";
            foreach (var r in new[] { "r1", "r2", "r3" }) b.Add($"c-{i:D2}", r, label);
        }
        b.Add("u-2", "r1", "a").Add("u-2", "r2", "a").Add("u-2", "r3", "b");
        b.Add("u-1", "r1", "a").Add("u-1", "r2", "a").Add("u-1", "r3", "b");
        b.Add("u-3", "r1", "b").Add("u-3", "r2", "b").Add("u-3", "r3", "b");
        b.Add("g-1", "r1", "a").Add("g-1", "r2", "b").Add("g-1", "r3", "b");
        var set = b.Build();
        var gold = GoldLabels.Codes(set, [new("g-1", "a")]);
        return new ReviewField("f", set, gold, DawidSkene.Fit(set, gold));
    }

    [Fact]
    public void Build_Queue_SortedByUncertaintyThenAnswersThenKeyWithoutGold()
    {
        var queue = ReviewQueue.Build([Field()]);

        var items = queue.Top(queue.Count).Items;

        Assert.Equal(43, items.Count);
        Assert.DoesNotContain(items, i => i.Item == "g-1");
        for (var r = 1; r < items.Count; r++)
            Assert.True(ReviewQueue.Compare((items[r - 1].Uncertainty, items[r - 1].AnswerCount, "f", items[r - 1].Item),
                (items[r].Uncertainty, items[r].AnswerCount, "f", items[r].Item)) <= 0, $"rank {r} and {r + 1} are out of order");
        // The same answers give exactly the same posterior, so the two splits tie and the key decides.
        var u1 = items.Single(i => i.Item == "u-1");
        var u2 = items.Single(i => i.Item == "u-2");
        Assert.Equal(u1.Uncertainty, u2.Uncertainty);
        Assert.Equal(u1.Rank + 1, u2.Rank);
    }

    [Fact]
    public void Top_SplitItem_DescribesAnswersVotesAndConsensus()
    {
        var field = Field();
        var queue = ReviewQueue.Build([field]);

        var item = queue.Top(queue.Count).Items.Single(i => i.Item == "u-1");

        Assert.Equal("a", item.ConsensusLabel);
        Assert.Equal(3, item.AnswerCount);
        Assert.Equal([("a", 2), ("b", 1)], item.Votes);
        Assert.Equal([new ReviewAnswer("r1", "a"), new ReviewAnswer("r2", "a"), new ReviewAnswer("r3", "b")], item.Answers);
        var code = field.Ratings.ItemNames.ToList().IndexOf("u-1");
        Assert.Equal(field.Fit.Confidence(code), item.Confidence);
        Assert.Equal(1 - field.Fit.Confidence(code)!.Value, item.Uncertainty, 15);
    }

    [Fact]
    public void Top_ExpectedErrors_SumOfUncertaintiesAndShareOfAll()
    {
        var field = Field();
        var queue = ReviewQueue.Build([field]);

        var top = queue.Top(2);

        var all = Enumerable.Range(0, field.Ratings.ItemCount).Where(i => field.Gold[i] < 0)
            .Sum(i => 1 - field.Fit.Confidence(i)!.Value);
        Assert.Equal(top.Items.Sum(i => i.Uncertainty), top.ExpectedErrorsInTop, 12);
        Assert.Equal(all, top.ExpectedErrorsRemaining, 12);
        Assert.Equal(top.ExpectedErrorsInTop / all, top.ShareOfRemainingErrors!.Value, 12);
        Assert.Equal(1, queue.Top(1000).ShareOfRemainingErrors!.Value, 12);
    }

    [Fact]
    public void Compare_Ties_UncertaintyThenAnswersThenFieldThenKey()
    {
        Assert.True(ReviewQueue.Compare((0.4, 3, "f", "z"), (0.3, 1, "a", "a")) < 0);
        Assert.True(ReviewQueue.Compare((0.3, 2, "f", "z"), (0.3, 3, "a", "a")) < 0);
        Assert.True(ReviewQueue.Compare((0.3, 2, "a", "z"), (0.3, 2, "b", "a")) < 0);
        Assert.True(ReviewQueue.Compare((0.3, 2, "a", "item-2"), (0.3, 2, "a", "item-10")) > 0);
        Assert.Equal(0, ReviewQueue.Compare((0.3, 2, "a", "x"), (0.3, 2, "a", "x")));
    }

    [Fact]
    public void Top_EmptyQueue_ShareNullWithReason()
    {
        var b = new RatingSetBuilder().Add("g", "r1", "a");
        var set = b.Build();
        var gold = new[] { 0 };

        var top = ReviewQueue.Build([new ReviewField("f", set, gold, DawidSkene.Fit(set, gold))]).Top(10);

        Assert.Empty(top.Items);
        Assert.Null(top.ShareOfRemainingErrors);
        Assert.Equal("no non-gold item has answers", top.ShareReason);
    }
}
