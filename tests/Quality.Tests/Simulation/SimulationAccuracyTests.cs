using System.Text.Json;
using Quality.Simulation;
using Quality.Simulation.Output;

namespace Quality.Tests.Simulation;

[Collection(DefaultSimulationCollection.Name)]
public sealed class SimulationAccuracyTests(DefaultSimulationFixture sample)
{
    private sealed record TruthAnnotator(string Key, string Role, Dictionary<string, double> Accuracy,
        List<(string Field, DateTime Start, double Before, double After)> Drift,
        List<(string Label, DateTime Start, double ShareBefore, double ShareAfter, double AccBefore, double AccAfter)> Shift);

    [Fact]
    public void Accuracy_RealisedOnGoldFromFiles_MatchesTruthJson()
    {
        // End to end, as an analyst would: annotations.csv against gold.csv, compared with truth.json.
        var truth = ReadTruth(sample.File(SimulationWriter.TruthFile));
        var gold = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.GoldFile)).ToDictionary(r => (r["item"], r["field"]), r => r["gold"]);
        var tally = new Dictionary<(string, string), (int Hit, int N)>();
        foreach (var row in SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotationsFile)))
        {
            if (!gold.TryGetValue((row["item"], row["field"]), out var g)) continue;
            var key = (row["annotator"], row["field"]);
            var (hit, n) = tally.GetValueOrDefault(key);
            if (row["field"] == "entities")
            {
                var truthSpans = SimulationFiles.ParseSpans(g);
                tally[key] = (hit + truthSpans.Intersect(SimulationFiles.ParseSpans(row["label"])).Count(), n + truthSpans.Count);
            }
            else tally[key] = (hit + (row["label"] == g ? 1 : 0), n + 1);
        }
        var checkedCount = 0;
        foreach (var a in truth.Where(a => a.Drift.Count == 0 && a.Shift.Count == 0))
            foreach (var (field, p) in a.Accuracy)
            {
                var (hit, n) = tally[(a.Key, field)];
                Assert.True(n >= 100, $"{a.Key} has only {n} gold answers on {field}");
                Assert.InRange(hit / (double)n, p - SimulationFiles.Tolerance(p, n), p + SimulationFiles.Tolerance(p, n));
                checkedCount++;
            }
        Assert.Equal(30, checkedCount);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(2024)]
    public void Accuracy_AllAnswersAgainstTrueLabels_MatchesModelTruth(long seed)
    {
        var project = seed == 42 ? sample.Project : Simulator.Generate(new SimulationOptions { Seed = seed });
        var tasks = seed == 42 ? sample.Tasks : project.Tasks().ToList();
        foreach (var a in project.Annotators.Where(a => a.Drift.Count == 0 && a.Shifts.Count == 0))
        {
            var mine = tasks.SelectMany(t => t.Annotations.Where(x => x.Annotator == a.Index).Select(x => (t.Item, x))).ToList();
            AssertNear(a.Accuracy(SimulatedField.Sentiment)!.Value, mine.Count(m => m.x.Sentiment == m.Item.Sentiment), mine.Count, $"{a.Key} sentiment");
            AssertNear(a.Accuracy(SimulatedField.Quality)!.Value, mine.Count(m => m.x.Quality == m.Item.Quality), mine.Count, $"{a.Key} quality");
            var entities = mine.Sum(m => m.Item.Entities.Count);
            var exact = mine.Sum(m => m.Item.Entities.Intersect(m.x.Entities!).Count());
            AssertNear(a.Accuracy(SimulatedField.Entities)!.Value, exact, entities, $"{a.Key} entities");
        }
    }

    [Fact]
    public void Drift_DriftingAnnotator_GoldAccuracyBeforeAndAfterMatchTruth()
    {
        var truth = ReadTruth(sample.File(SimulationWriter.TruthFile));
        var drifting = Assert.Single(truth, a => a.Drift.Count > 0);
        var drift = Assert.Single(drifting.Drift);
        Assert.Equal("sentiment", drift.Field);
        Assert.Equal(new DateTime(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc), drift.Start);
        Assert.Equal(0.30, drift.Before - drift.After, 3);

        var gold = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.GoldFile)).Where(r => r["field"] == "sentiment").ToDictionary(r => r["item"], r => r["gold"]);
        var answers = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotationsFile))
            .Where(r => r["annotator"] == drifting.Key && r["field"] == "sentiment" && gold.ContainsKey(r["item"]))
            .Select(r => (At: SimulationFiles.ParseTimestamp(r["created_at"]), Hit: r["label"] == gold[r["item"]]))
            .ToList();
        var before = answers.Where(x => x.At < drift.Start).ToList();
        var after = answers.Where(x => x.At >= drift.Start).ToList();
        Assert.True(before.Count >= 60 && after.Count >= 60, $"gold answers before/after: {before.Count}/{after.Count}");
        AssertNear(drift.Before, before.Count(x => x.Hit), before.Count, "gold accuracy before the drift");
        AssertNear(drift.After, after.Count(x => x.Hit), after.Count, "gold accuracy after the drift");
    }

    [Theory]
    [InlineData(0.15, 11)]
    [InlineData(0.30, 12)]
    public void Drift_AnyDropAndSeed_AllAnswersBeforeAndAfterMatchTruth(double drop, long seed)
    {
        var project = Simulator.Generate(new SimulationOptions { Seed = seed, DriftDrop = drop, ShiftAnnotators = 0 });
        var a = Assert.Single(project.Annotators, x => x.Drift.Count > 0);
        var d = a.Drift[0];
        Assert.Equal(drop, d.AccuracyBefore - d.AccuracyAfter, 3);
        var mine = project.Tasks().SelectMany(t => t.Annotations.Where(x => x.Annotator == a.Index).Select(x => (t.Item, x))).ToList();
        var before = mine.Where(m => m.x.CreatedAt < d.Start).ToList();
        var after = mine.Where(m => m.x.CreatedAt >= d.Start).ToList();
        AssertNear(d.AccuracyBefore, before.Count(m => m.x.Sentiment == m.Item.Sentiment), before.Count, "before");
        AssertNear(d.AccuracyAfter, after.Count(m => m.x.Sentiment == m.Item.Sentiment), after.Count, "after");
        // Only sentiment drifts: quality stays at its baseline throughout.
        AssertNear(a.Accuracy(SimulatedField.Quality)!.Value, after.Count(m => m.x.Quality == m.Item.Quality), after.Count, "quality after");
    }

    [Fact]
    public void Shift_ShiftingAnnotator_OverUsesNeutralWithSmallAccuracyChange()
    {
        var a = Assert.Single(sample.Project.Annotators, x => x.Shifts.Count > 0);
        var s = a.Shifts[0];
        Assert.Equal(new DateTime(2026, 9, 28, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal("neutral", s.Label);
        Assert.True(s.ShareAfter - s.ShareBefore >= 0.08, $"neutral share {s.ShareBefore} -> {s.ShareAfter} is no visible shift");
        Assert.True(s.AccuracyBefore - s.AccuracyAfter <= 0.07, $"accuracy {s.AccuracyBefore} -> {s.AccuracyAfter} changes too much for a pure shift");

        var mine = sample.Tasks.SelectMany(t => t.Annotations.Where(x => x.Annotator == a.Index).Select(x => (t.Item, x))).ToList();
        var before = mine.Where(m => m.x.CreatedAt < s.Start).ToList();
        var after = mine.Where(m => m.x.CreatedAt >= s.Start).ToList();
        AssertNear(s.ShareBefore, before.Count(m => m.x.Sentiment == 1), before.Count, "neutral share before");
        AssertNear(s.ShareAfter, after.Count(m => m.x.Sentiment == 1), after.Count, "neutral share after");
        AssertNear(s.AccuracyAfter, after.Count(m => m.x.Sentiment == m.Item.Sentiment), after.Count, "accuracy after");
    }

    [Fact]
    public void Spammer_LowestAccuracyOnEveryFieldAndFastest()
    {
        var annotators = sample.Project.Annotators;
        var spammer = Assert.Single(annotators, a => a.Role == AnnotatorRole.Spammer);
        foreach (var field in SimulatedFields.All)
            Assert.Equal(spammer, annotators.MinBy(a => a.Accuracy(field)));
        Assert.InRange(spammer.Accuracy(SimulatedField.Sentiment)!.Value, 0.15, 0.40);

        var medians = annotators.ToDictionary(a => a.Index, a => Median(sample.Annotations.Where(x => x.Annotator == a.Index).Select(x => x.LeadTimeMs)));
        Assert.Equal(spammer.Index, medians.MinBy(m => m.Value).Key);
        Assert.True(medians[spammer.Index] * 3 < medians.Where(m => m.Key != spammer.Index).Min(m => m.Value), "the spammer should be several times faster");
    }

    [Fact]
    public void Roles_ExpertsAndAverageAnnotators_InTheirAccuracyBands()
    {
        var byRole = sample.Project.Annotators.GroupBy(a => a.Role).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(3, byRole[AnnotatorRole.Expert].Count);
        Assert.Equal(8, byRole[AnnotatorRole.Average].Count);
        Assert.All(byRole[AnnotatorRole.Expert], a => Assert.InRange(a.Accuracy(SimulatedField.Sentiment)!.Value, 0.93, 0.97));
        Assert.All(byRole[AnnotatorRole.Average], a => Assert.InRange(a.Accuracy(SimulatedField.Sentiment)!.Value, 0.80, 0.88));
        Assert.All(byRole[AnnotatorRole.Expert], a => Assert.Equal(AnnotatorPool.InHouse, a.Pool));
    }

    [Fact]
    public void QualityErrors_NonSpammers_MostlyOneStepOff()
    {
        var errors = sample.Tasks.SelectMany(t => t.Annotations
                .Where(x => sample.Project.Annotators[x.Annotator].Role != AnnotatorRole.Spammer && x.Quality != t.Item.Quality)
                .Select(x => Math.Abs(x.Quality!.Value - t.Item.Quality)))
            .ToList();
        Assert.True(errors.Count > 500);
        Assert.InRange(errors.Count(d => d == 1) / (double)errors.Count, 0.80, 0.95);
    }

    [Fact]
    public void TruthJson_DescribesEveryAnnotatorOfTheCsv()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(sample.File(SimulationWriter.TruthFile)));
        Assert.Equal(42, doc.RootElement.GetProperty("seed").GetInt64());
        var keys = doc.RootElement.GetProperty("annotators").EnumerateArray().Select(a => a.GetProperty("annotator").GetString()).ToList();
        Assert.Equal(SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotatorsFile)).Select(r => r["annotator"]), keys);
        Assert.DoesNotContain(doc.RootElement.GetProperty("reviewer").GetProperty("annotator").GetString(), keys);
    }

    private static void AssertNear(double expected, int hits, int n, string what)
    {
        Assert.True(n > 0, $"{what}: no answers");
        var realised = hits / (double)n;
        var tolerance = SimulationFiles.Tolerance(expected, n);
        Assert.True(Math.Abs(realised - expected) <= tolerance,
            $"{what}: realised {realised:0.0000} over {n} answers, truth {expected:0.0000}, tolerance {tolerance:0.0000}");
    }

    private static double Median(IEnumerable<int> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2.0;
    }

    private static List<TruthAnnotator> ReadTruth(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("annotators").EnumerateArray().Select(a => new TruthAnnotator(
            a.GetProperty("annotator").GetString()!,
            a.GetProperty("role").GetString()!,
            a.GetProperty("accuracy").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
            a.GetProperty("drift").EnumerateArray().Select(d => (d.GetProperty("field").GetString()!, SimulationFiles.ParseInstant(d.GetProperty("start").GetString()!),
                d.GetProperty("accuracy_before").GetDouble(), d.GetProperty("accuracy_after").GetDouble())).ToList(),
            a.GetProperty("distribution_shift").EnumerateArray().Select(s => (s.GetProperty("label").GetString()!, SimulationFiles.ParseInstant(s.GetProperty("start").GetString()!),
                s.GetProperty("label_share_before").GetDouble(), s.GetProperty("label_share_after").GetDouble(),
                s.GetProperty("accuracy_before").GetDouble(), s.GetProperty("accuracy_after").GetDouble())).ToList())).ToList();
    }
}
