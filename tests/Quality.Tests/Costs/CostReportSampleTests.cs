using System.Globalization;
using Quality.Costs;
using Xunit.Abstractions;

namespace Quality.Tests.Costs;

/// <summary>The cost report of the committed sample project, checked against figures recomputed here from its CSV files.</summary>
[Collection(SampleProjectCollection.Name)]
public sealed class CostReportSampleTests(SampleProjectFixture sample, ITestOutputHelper output)
{
    private const string Spammer = "tanvi.shah@example.com";

    [Fact]
    public void Build_SampleProject_SpammerOffTheFrontierWithTheWorstCostPerCorrectLabel()
    {
        var report = CostReport.Build(sample.Db.Database, SampleProjectFixture.Project);

        foreach (var table in report.Fields.Select(f => f.Table).Append(report.Overall!))
        {
            var spammer = table.Annotators.Single(a => a.Annotator == Spammer);
            // She is the cheapest per answer (3.8 s a task), yet no better than guessing: her correct labels are luck.
            Assert.Equal(table.Annotators.Min(a => a.CostPerAnnotation), spammer.CostPerAnnotation);
            Assert.False(spammer.AboveChance);
            Assert.False(spammer.OnFrontier);
            Assert.Null(spammer.CostPerCorrectLabel);
            Assert.Contains("no better than chance", spammer.CostPerCorrectLabelReason);
            Assert.All(table.Annotators.Where(a => a.Annotator != Spammer), a => Assert.NotNull(a.CostPerCorrectLabel));
            Assert.Contains(table.Annotators, a => a.OnFrontier == true);
        }
        foreach (var a in report.Overall!.Annotators.OrderBy(a => a.CostPerCorrectLabel ?? double.MaxValue))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.Annotator,-30} {a.Pool,-9} cost/ans {a.CostPerAnnotation:0.0000} quality {a.Quality:0.000} chance {a.ChanceQuality:0.000} cost/correct {a.CostPerCorrectLabel:0.0000} frontier {a.OnFrontier}"));
    }

    [Fact]
    public void Build_SampleProject_PoolCostsEqualARecomputationFromTheCsvFiles()
    {
        var report = CostReport.Build(sample.Db.Database, SampleProjectFixture.Project);

        var expected = RecomputePoolCosts(out var cap);
        Assert.Equal(cap, report.Costs.LeadTimeCapSeconds!.Value, 9);
        foreach (var pool in report.Overall!.Pools)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pool.Pool}: {pool.Annotations} answers, {pool.Cost:0.00} USD, {pool.CostPerAnnotation:0.0000}/answer, accuracy {pool.Accuracy.Estimate:0.000}, cost/correct {pool.CostPerCorrectLabel:0.0000}"));
            Assert.Equal(expected[pool.Pool].Answers, pool.Annotations);
            Assert.Equal(expected[pool.Pool].Cost, pool.Cost!.Value, 9);
        }
        Assert.Equal(["crowd", "in-house", "vendor"], report.Overall.Pools.Select(p => p.Pool));
    }

    [Fact]
    public void Build_SampleProject_GoldAccuracyMatchesTheReadme()
    {
        var report = CostReport.Build(sample.Db.Database, SampleProjectFixture.Project, "sentiment");

        // sample-data/README.md: realised sentiment accuracy on gold, computed by an independent script.
        var rows = report.Fields.Single().Table.Annotators.ToDictionary(a => a.Annotator);
        Assert.Equal(0.976, rows["emma.lindqvist@example.com"].Accuracy.Estimate!.Value, 3);
        Assert.Equal(0.241, rows[Spammer].Accuracy.Estimate!.Value, 3);
        Assert.Equal(0.825, rows["mei.lin@example.com"].Accuracy.Estimate!.Value, 3);
        Assert.Null(report.Overall);
    }

    [Fact]
    public void Build_SampleProject_RedundancyCurveRisesAndRecommendsAK()
    {
        var report = CostReport.Build(sample.Db.Database, SampleProjectFixture.Project, "sentiment");

        var curve = report.Fields.Single().Redundancy;
        Assert.Equal(200, curve.GoldItems);
        Assert.True(curve.Points.Count >= 10);
        // Odd k: majority vote gains with every two annotators added; an even k ties as often as it wins.
        for (var k = 3; k <= 7; k += 2)
            Assert.True(curve.Points[k - 1].MajorityVote.Mean > curve.Points[k - 3].MajorityVote.Mean);
        Assert.NotNull(curve.MajorityVote.K);
        Assert.True(curve.Points[curve.MajorityVote.K!.Value - 1].MajorityVote.Mean >= 0.95);
        Assert.Equal(report.Fields.Single().CostPerAnswer!.Value * 3, curve.Points[2].CostPerItem!.Value, 12);
    }

    /// <summary>Per pool: answers (item × annotator) and cost = rate × min(lead, p99) / 3600, from the CSV files alone.</summary>
    private static Dictionary<string, (long Answers, double Cost)> RecomputePoolCosts(out double cap)
    {
        var rates = File.ReadLines(Path.Combine(SampleProjectFixture.Dir, "annotators.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(p => p[0], p => (Pool: p[1], Rate: double.Parse(p[2], CultureInfo.InvariantCulture)));
        var lead = new Dictionary<(string Item, string Annotator), double>();
        foreach (var line in File.ReadLines(Path.Combine(SampleProjectFixture.Dir, "annotations.csv")).Skip(1))
        {
            // The label may be quoted JSON with commas; item and annotator come first, lead time last.
            var first = line.Split(',', 4);
            var leadText = line[(line.LastIndexOf(',') + 1)..];
            lead[(first[0], first[2])] = double.Parse(leadText, CultureInfo.InvariantCulture);
        }
        var sorted = lead.Values.Order().ToArray();
        var position = (sorted.Length - 1) * 0.99;
        var low = (int)Math.Floor(position);
        cap = sorted[low] + (position - low) * (sorted[Math.Min(low + 1, sorted.Length - 1)] - sorted[low]);
        var result = new Dictionary<string, (long, double)>();
        foreach (var ((_, annotator), seconds) in lead)
        {
            var (pool, rate) = rates[annotator];
            var (n, c) = result.GetValueOrDefault(pool);
            result[pool] = (n + 1, c + rate * Math.Min(seconds, cap) / 3600);
        }
        return result;
    }
}
