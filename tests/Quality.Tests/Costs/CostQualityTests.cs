using Quality.Analytics.Intervals;
using Quality.Costs;

namespace Quality.Tests.Costs;

public sealed class CostQualityTests
{
    private static AnnotatorCost Cost(string who, string pool, long answers, double? cost, string currency = "USD") =>
        new(who, pool, currency, CostBasis.HourlyRate, answers, cost, 0, 0, 0, cost is null ? "no rate" : null);

    /// <summary>Gold counts only; the model sums are given as accuracy and chance per answer.</summary>
    private static QualityCounts Counts(long correct, long gold, double chanceHits, long answers, double model = 0.5, double modelChance = 0.3) =>
        new(correct, gold, chanceHits, 0, 0, model * answers, modelChance * answers, answers);

    private static CostQualityTable HandTable() => CostQuality.Compute(
        [
            Cost("a", "in-house", 100, 40),
            Cost("b", "vendor", 200, 30),
            Cost("c", "crowd", 300, 6),
            Cost("d", "crowd", 100, 10),
            Cost("e", "vendor", 100, 30),
        ],
        new Dictionary<string, QualityCounts>
        {
            ["a"] = Counts(48, 50, 15, 100),
            ["b"] = Counts(40, 50, 15, 200),
            ["c"] = Counts(13, 50, 14, 300),                       // 0.26 correct against 0.28 by guessing: a spammer
            ["d"] = Counts(4, 5, 1, 100, model: 0.7, modelChance: 0.3), // 5 gold answers < 10: the model's 0.7 is used
            ["e"] = Counts(39, 50, 15, 100),
        },
        minGoldAnswers: 10);

    [Fact]
    public void Compute_HandTable_CostPerCorrectLabelIsCostOverAccuracyTimesAnnotations()
    {
        var rows = HandTable().Annotators.ToDictionary(r => r.Annotator);

        Assert.Equal(0.40, rows["a"].CostPerAnnotation!.Value, 12);
        Assert.Equal(0.96, rows["a"].Quality!.Value, 12);
        Assert.Equal(40 / 96.0, rows["a"].CostPerCorrectLabel!.Value, 12);
        Assert.Equal(30 / 160.0, rows["b"].CostPerCorrectLabel!.Value, 12);
        Assert.Equal(30 / 78.0, rows["e"].CostPerCorrectLabel!.Value, 12);
        Assert.Equal(QualitySource.Gold, rows["a"].Source);
        Assert.Equal(WilsonInterval.Compute(48, 50).Lower, rows["a"].Accuracy.Lower);
    }

    [Fact]
    public void Compute_TooFewGoldAnswers_FallsBackToDawidSkeneFlagged()
    {
        var d = HandTable().Annotators.Single(r => r.Annotator == "d");

        Assert.Equal(QualitySource.DawidSkene, d.Source);
        Assert.Equal(0.7, d.Quality!.Value, 12);
        Assert.Equal(0.8, d.Accuracy.Estimate!.Value, 12);  // the gold figure is still reported
        Assert.Equal(10 / 70.0, d.CostPerCorrectLabel!.Value, 12);
    }

    [Fact]
    public void Compute_NoBetterThanChance_NoCostPerCorrectLabelAndOffTheFrontier()
    {
        var c = HandTable().Annotators.Single(r => r.Annotator == "c");

        Assert.False(c.AboveChance);
        Assert.Equal(0.28, c.ChanceQuality!.Value, 12);
        Assert.Null(c.CostPerCorrectLabel);
        Assert.Contains("no better than chance", c.CostPerCorrectLabelReason);
        Assert.Equal(0, c.CorrectLabels);
        Assert.False(c.OnFrontier);
    }

    [Fact]
    public void Compute_HandTable_FrontierIsCheaperOrBetter()
    {
        var frontier = HandTable().Annotators.ToDictionary(r => r.Annotator, r => r.OnFrontier);

        // d (0.10, 0.70) → b (0.15, 0.80) → a (0.40, 0.96) each buy quality with cost; e (0.30, 0.78) is beaten by b.
        Assert.True(frontier["d"]);
        Assert.True(frontier["b"]);
        Assert.True(frontier["a"]);
        Assert.False(frontier["e"]);
    }

    [Fact]
    public void Compute_HandTable_PoolsSumMembers()
    {
        var pools = HandTable().Pools.ToDictionary(p => p.Pool);

        Assert.Equal(["crowd", "in-house", "vendor"], pools.Keys);
        Assert.Equal(400, pools["crowd"].Annotations);
        Assert.Equal(16, pools["crowd"].Cost!.Value, 12);
        Assert.Equal(0.04, pools["crowd"].CostPerAnnotation!.Value, 12);
        // The spammer's labels count as no correct labels, but her cost counts.
        Assert.Equal(70, pools["crowd"].CorrectLabels!.Value, 12);
        Assert.Equal(16 / 70.0, pools["crowd"].CostPerCorrectLabel!.Value, 12);
        Assert.Equal(17, pools["crowd"].Accuracy.Successes);
        Assert.Equal(55, pools["crowd"].Accuracy.Trials);
        Assert.Equal(60 / 238.0, pools["vendor"].CostPerCorrectLabel!.Value, 12);
    }

    [Fact]
    public void Compute_UnknownCost_NullWithReasonInRowAndPool()
    {
        var table = CostQuality.Compute([Cost("a", "p", 10, null), Cost("b", "p", 10, 5)],
            new Dictionary<string, QualityCounts> { ["a"] = Counts(9, 10, 3, 10), ["b"] = Counts(9, 10, 3, 10) }, 10);

        var a = table.Annotators.Single(r => r.Annotator == "a");
        Assert.Null(a.CostPerCorrectLabel);
        Assert.Equal("no rate", a.CostPerCorrectLabelReason);
        Assert.Null(a.OnFrontier);
        Assert.True(table.Annotators.Single(r => r.Annotator == "b").OnFrontier);
        Assert.Null(table.Pools[0].Cost);
        Assert.Equal("the cost of a is unknown", table.Pools[0].CostReason);
    }

    [Fact]
    public void Compute_MixedCurrencies_NoFrontierAndNoPoolTotal()
    {
        var table = CostQuality.Compute([Cost("a", "p", 10, 4, "USD"), Cost("b", "p", 10, 5, "EUR")],
            new Dictionary<string, QualityCounts> { ["a"] = Counts(9, 10, 3, 10), ["b"] = Counts(9, 10, 3, 10) }, 10);

        Assert.All(table.Annotators, r => Assert.Null(r.OnFrontier));
        Assert.Contains("EUR and USD", table.Annotators[0].FrontierReason);
        Assert.Null(table.Pools[0].Cost);
        Assert.NotNull(table.Annotators[0].CostPerCorrectLabel);
    }

    [Fact]
    public void Compute_AnnotatorWithoutCategoricalAnswers_NoQuality()
    {
        var table = CostQuality.Compute([Cost("a", "p", 10, 4)], new Dictionary<string, QualityCounts>(), 10);

        var a = table.Annotators[0];
        Assert.Equal(QualitySource.None, a.Source);
        Assert.Null(a.Quality);
        Assert.Null(a.CostPerCorrectLabel);
        Assert.Null(a.OnFrontier);
    }
}
