using Quality.Analytics.Input;
using Quality.Costs;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

public sealed class AnswerCostsTests
{
    private const string T = "2026-10-05T09:00:00Z";

    /// <summary>
    /// Three annotators, two fields, three items; worked out by hand below.
    /// A: in-house, 36/h; lead times 60, 120 and 4000 s (a task left open), capped at 600 s.
    /// B: vendor, 0.05 per label and 100/h: the price wins.
    /// C: crowd, no rate, so the project default of 18/h; i3 has no lead time and is timed at C's median.
    /// </summary>
    private static TempDatabase HandProject()
    {
        var db = new TempDatabase();
        var csv = db.File("answers.csv", $"""
            item,field,annotator,label,created_at,lead_time_s
            i1,sentiment,A,pos,{T},60
            i1,quality,A,2,{T},60
            i2,sentiment,A,neg,{T},120
            i2,quality,A,3,{T},120
            i3,sentiment,A,pos,{T},4000
            i1,sentiment,B,pos,{T},30
            i1,quality,B,2,{T},30
            i2,sentiment,B,pos,{T},40
            i2,quality,B,1,{T},40
            i3,sentiment,B,neg,{T},50
            i3,quality,B,1,{T},50
            i1,sentiment,C,pos,{T},100
            i1,quality,C,2,{T},100
            i2,sentiment,C,neg,{T},200
            i3,sentiment,C,pos,{T},

            """);
        db.Import(csv);
        var rates = db.File("rates.csv", "annotator,pool,hourly_rate,cost_per_label,currency\nA,in-house,36,,\nB,vendor,100,0.05,usd\nC,crowd,,,\n");
        AnnotatorRatesImporter.Apply(db.Database, "P", AnnotatorRatesImporter.Read(rates));
        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapSeconds = 600, DefaultHourlyRate = 18 });
        return db;
    }

    private static CostTable Load(TempDatabase db)
    {
        using var c = db.Database.Open();
        var pid = ProjectRatings.ProjectId(c, "P")!.Value;
        return AnswerCosts.Load(c, pid, CostSettings.Load(c, pid));
    }

    [Fact]
    public void Load_HandProject_OverallCostsByHand()
    {
        using var db = HandProject();

        var table = Load(db);

        var by = table.Overall.ToDictionary(a => a.Annotator);
        // A: 36 × (60 + 120 + 600) / 3600 = 7.80, one answer capped.
        Assert.Equal(3, by["A"].Answers);
        Assert.Equal(7.80, by["A"].Cost!.Value, 12);
        Assert.Equal(1, by["A"].CappedAnswers);
        Assert.Equal(780 / 3600.0, by["A"].Hours, 12);
        Assert.Equal(CostBasis.HourlyRate, by["A"].Basis);
        // B: 3 × 0.05, whatever the lead times.
        Assert.Equal(0.15, by["B"].Cost!.Value, 12);
        Assert.Equal(CostBasis.PricePerLabel, by["B"].Basis);
        // C: 18 × (100 + 200 + median(100, 200) = 150) / 3600 = 2.25.
        Assert.Equal(2.25, by["C"].Cost!.Value, 12);
        Assert.Equal(1, by["C"].ImputedLeadTimes);
        Assert.Equal(CostBasis.DefaultHourlyRate, by["C"].Basis);
        Assert.Equal(600, table.LeadTimeCapSeconds);
        Assert.Equal(["USD", "USD", "USD"], table.Overall.Select(a => a.Currency));
        Assert.Equal(["in-house", "vendor", "crowd"], table.Overall.Select(a => a.Pool));
    }

    [Fact]
    public void Load_HandProject_FieldCostsCountEachAnswerAtItsTasksCost()
    {
        using var db = HandProject();

        var table = Load(db);

        var quality = table.ByField["quality"].ToDictionary(a => a.Annotator);
        // A answered quality on i1 and i2: 36 × 180 / 3600; C only on i1: 18 × 100 / 3600.
        Assert.Equal(2, quality["A"].Answers);
        Assert.Equal(1.80, quality["A"].Cost!.Value, 12);
        Assert.Equal(3, quality["B"].Answers);
        Assert.Equal(0.15, quality["B"].Cost!.Value, 12);
        Assert.Equal(1, quality["C"].Answers);
        Assert.Equal(0.5, quality["C"].Cost!.Value, 12);
        Assert.Equal(7.80, table.ByField["sentiment"].Single(a => a.Annotator == "A").Cost!.Value, 12);
    }

    [Fact]
    public void Load_NoRateAndNoDefault_CostUnknownWithReason()
    {
        using var db = HandProject();
        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapSeconds = 600 });

        var c = Load(db).Overall.Single(a => a.Annotator == "C");

        Assert.Null(c.Cost);
        Assert.Equal(CostBasis.Unknown, c.Basis);
        Assert.Contains("no default hourly rate", c.Reason);
    }

    [Theory]
    [InlineData(0.5, 10 + 20 + 30 + 30 + 30)]          // the median, 30 s
    [InlineData(0.99, 10 + 20 + 30 + 40 + 961.6)]     // linear interpolation: 40 + 0.96 × (1000 − 40)
    public void Load_PercentileCap_CapsAtTheInterpolatedQuantile(double percentile, double billedSeconds)
    {
        using var db = new TempDatabase();
        db.Import(db.File("a.csv", $"item,annotator,label,created_at,lead_time_s\ni1,A,x,{T},10\ni2,A,x,{T},20\ni3,A,y,{T},30\ni4,A,x,{T},40\ni5,A,y,{T},1000\n"));
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("A", null, 36, null, null)]);
        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapPercentile = percentile });

        var a = Load(db).Overall.Single();

        Assert.Equal(36 * billedSeconds / 3600, a.Cost!.Value, 12);
        Assert.Equal(billedSeconds / 3600, a.Hours, 12);
    }

    [Fact]
    public void Load_NoCap_BillsTheWholeLeadTime()
    {
        using var db = new TempDatabase();
        db.Import(db.File("a.csv", $"item,annotator,label,created_at,lead_time_s\ni1,A,x,{T},10\ni2,A,x,{T},7200\n"));
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("A", null, 36, null, null)]);
        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapPercentile = null });

        var table = Load(db);

        Assert.Null(table.LeadTimeCapSeconds);
        Assert.Equal(36 * 7210 / 3600.0, table.Overall.Single().Cost!.Value, 12);
    }

    [Fact]
    public void Load_FieldsTimedSeparately_SubmissionsAddUp()
    {
        // Same item, same time stamp, different lead times: two submissions (per-field timing) of 10 s and 20 s.
        using var db = new TempDatabase();
        db.Import(db.File("a.csv", $"item,field,annotator,label,created_at,lead_time_s\ni1,f1,A,x,{T},10\ni1,f2,A,y,{T},20\n"));
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("A", null, 36, null, null)]);
        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapPercentile = null });

        var a = Load(db).Overall.Single();

        Assert.Equal(1, a.Answers);
        Assert.Equal(36 * 30 / 3600.0, a.Cost!.Value, 12);
    }
}
