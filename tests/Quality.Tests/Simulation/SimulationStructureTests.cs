using System.Text.Json;
using Quality.Simulation;
using Quality.Simulation.Output;

namespace Quality.Tests.Simulation;

[Collection(DefaultSimulationCollection.Name)]
public sealed class SimulationStructureTests(DefaultSimulationFixture sample)
{
    private static readonly DateTime Start = new(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = Start.AddDays(56);

    [Fact]
    public void Generate_Defaults_TwoThousandItemsTenPercentGold()
    {
        Assert.Equal(2000, sample.Tasks.Count);
        Assert.Equal(200, sample.Project.GoldItems.Count);
        Assert.Equal(200, sample.Tasks.Count(t => t.Item.IsGold));
        Assert.Equal(12, sample.Project.Annotators.Count);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => $"item-{i:D5}"), sample.Tasks.Select(t => t.Item.Key));
    }

    [Fact]
    public void Assignment_NonGoldItems_ThreeAnnotatorsOnAverageTwoToFourEach()
    {
        var counts = sample.Tasks.Where(t => !t.Item.IsGold).Select(t => t.Annotations.Count).ToList();
        Assert.InRange(counts.Average(), 2.9, 3.1);
        Assert.All(counts, c => Assert.InRange(c, 2, 4));
        Assert.All(sample.Tasks, t => Assert.Equal(t.Annotations.Count, t.Annotations.Select(a => a.Annotator).Distinct().Count()));
    }

    [Fact]
    public void Gold_EachAnnotator_SeesEightyToHundredPercentSpreadOverThePeriod()
    {
        var gold = sample.Annotations.Where(a => a.IsGold).ToList();
        foreach (var a in sample.Project.Annotators)
        {
            var mine = gold.Where(g => g.Annotator == a.Index).ToList();
            var n = sample.Project.GoldItems.Count;
            Assert.InRange(mine.Count, a.GoldCoverage * n - 4 * Math.Sqrt(n * a.GoldCoverage * (1 - a.GoldCoverage)) - 1, n);
            Assert.InRange(mine.Count, 0.7 * n, n);
            // Honeypots arrive throughout the annotator's time on the project, not in one batch.
            var weeks = mine.Select(g => (g.CreatedAt - Start).Days / 7).Distinct().Count();
            Assert.True(weeks >= 5, $"{a.Key} saw gold in only {weeks} weeks");
        }
    }

    [Fact]
    public void Timestamps_EveryAnnotation_InsideTheEightWeeksMostlyOnWeekdays()
    {
        var all = sample.Annotations.ToList();
        Assert.All(all, a =>
        {
            Assert.InRange(a.CreatedAt, Start, End.AddTicks(-1));
            Assert.InRange(a.UpdatedAt, a.CreatedAt, End.AddTicks(-1));
            Assert.Equal(DateTimeKind.Utc, a.CreatedAt.Kind);
        });
        foreach (var g in sample.Project.GoldItems)
            Assert.InRange(sample.Project.GoldAnswer(g).CreatedAt, Start, End.AddTicks(-1));
        var weekend = all.Count(a => a.CreatedAt.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.InRange(weekend / (double)all.Count, 0.001, 0.06);
        Assert.InRange(all.Count(a => a.CreatedAt.Hour is >= 5 and < 23) / (double)all.Count, 1.0, 1.0);
        // Work is spread over all eight weeks.
        Assert.Equal(8, all.Select(a => (a.CreatedAt - Start).Days / 7).Distinct().Count());
    }

    [Fact]
    public void Spans_TrueAndAnswered_ValidCodePointOffsets()
    {
        var astralBeforeSpan = 0;
        foreach (var task in sample.Tasks)
        {
            var text = task.Item.Text;
            var length = SimulationFiles.CodePointLength(text);
            foreach (var s in task.Item.Entities.Concat(task.Annotations.SelectMany(a => a.Entities!)))
            {
                Assert.InRange(s.Start, 0, length - 1);
                Assert.InRange(s.End, s.Start + 1, length);
                Assert.Contains(s.Label, SimulatedFields.EntityLabels);
            }
            foreach (var s in task.Item.Entities)
            {
                var slice = SimulationFiles.CodePointSlice(text, s.Start, s.End);
                Assert.False(string.IsNullOrWhiteSpace(slice));
                Assert.Equal(slice.Trim(), slice);
                if (SimulationFiles.CodePointSlice(text, 0, s.Start).Length != s.Start) astralBeforeSpan++;
            }
        }
        // The test means something only if some offsets differ between code points and UTF-16.
        Assert.True(astralBeforeSpan >= 20, $"only {astralBeforeSpan} spans follow a character outside the BMP");
    }

    [Fact]
    public void LabelStudio_ParsesWithOneTaskPerItemAndGoldByTheReviewer()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(sample.File(SimulationWriter.LabelStudioFile)));
        var tasks = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2000, tasks.Count);
        var annotatorEmails = sample.Project.Annotators.Select(a => a.Key).ToHashSet();
        var regular = 0;
        var groundTruth = 0;
        var spansChecked = 0;
        foreach (var task in tasks)
        {
            var id = task.GetProperty("id").GetInt32();
            var item = task.GetProperty("data").GetProperty("item").GetString();
            Assert.Equal($"item-{id:D5}", item);
            var text = task.GetProperty("data").GetProperty("text").GetString()!;
            var annotations = task.GetProperty("annotations").EnumerateArray().ToList();
            Assert.Equal(annotations.Count, task.GetProperty("total_annotations").GetInt32());
            foreach (var a in annotations)
            {
                var by = a.GetProperty("completed_by");
                var email = by.GetProperty("email").GetString()!;
                Assert.True(by.GetProperty("id").GetInt32() > 0);
                Assert.Equal(JsonValueKind.String, by.GetProperty("first_name").ValueKind);
                Assert.False(a.GetProperty("was_cancelled").GetBoolean());
                Assert.EndsWith("Z", a.GetProperty("created_at").GetString());
                Assert.True(a.GetProperty("lead_time").GetDouble() > 0);
                if (a.GetProperty("ground_truth").GetBoolean())
                {
                    groundTruth++;
                    Assert.Equal(sample.Project.Reviewer.Email, email);
                    Assert.DoesNotContain(email, annotatorEmails);
                }
                else
                {
                    regular++;
                    Assert.Contains(email, annotatorEmails);
                }
                foreach (var r in a.GetProperty("result").EnumerateArray())
                {
                    Assert.Equal("text", r.GetProperty("to_name").GetString());
                    Assert.Equal("manual", r.GetProperty("origin").GetString());
                    Assert.Equal(10, r.GetProperty("id").GetString()!.Length);
                    var (from, type) = (r.GetProperty("from_name").GetString(), r.GetProperty("type").GetString());
                    Assert.Equal(from switch { "sentiment" => "choices", "quality" => "rating", "entities" => "labels", _ => "?" }, type);
                    if (type != "labels") continue;
                    var v = r.GetProperty("value");
                    var (s, e) = (v.GetProperty("start").GetInt32(), v.GetProperty("end").GetInt32());
                    Assert.Equal(SimulationFiles.CodePointSlice(text, s, e), v.GetProperty("text").GetString());
                    spansChecked++;
                }
            }
        }
        Assert.Equal(200, groundTruth);
        Assert.Equal(sample.Annotations.Count(), regular);
        Assert.True(spansChecked > 10_000);
    }

    [Fact]
    public void Csv_AnnotationsAgreeWithLabelStudioAnswerForAnswer()
    {
        var rows = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotationsFile));
        Assert.Equal(["item", "field", "annotator", "label", "created_at", "lead_time_s"], SimulationFiles.ReadCsv(sample.File(SimulationWriter.AnnotationsFile))[0]);
        Assert.Equal(sample.Annotations.Count() * 3, rows.Count);
        Assert.Equal(rows.Count, sample.Summary.AnnotationRows);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(sample.File(SimulationWriter.LabelStudioFile)));
        var fromLs = new Dictionary<(string, string, string), (string Label, string CreatedAt, double Lead)>();
        foreach (var task in doc.RootElement.EnumerateArray())
        {
            var item = task.GetProperty("data").GetProperty("item").GetString()!;
            foreach (var a in task.GetProperty("annotations").EnumerateArray())
            {
                if (a.GetProperty("ground_truth").GetBoolean()) continue;
                var who = a.GetProperty("completed_by").GetProperty("email").GetString()!;
                var at = a.GetProperty("created_at").GetString()!;
                var lead = a.GetProperty("lead_time").GetDouble();
                var results = a.GetProperty("result").EnumerateArray().ToList();
                var spans = results.Where(r => r.GetProperty("type").GetString() == "labels")
                    .Select(r => r.GetProperty("value"))
                    .Select(v => (v.GetProperty("start").GetInt32(), v.GetProperty("end").GetInt32(), v.GetProperty("labels")[0].GetString()!))
                    .ToList();
                fromLs[(item, "sentiment", who)] = (results.Single(r => r.GetProperty("from_name").GetString() == "sentiment").GetProperty("value").GetProperty("choices")[0].GetString()!, at, lead);
                fromLs[(item, "quality", who)] = (results.Single(r => r.GetProperty("from_name").GetString() == "quality").GetProperty("value").GetProperty("rating").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), at, lead);
                fromLs[(item, "entities", who)] = (string.Join(";", spans), at, lead);
            }
        }
        Assert.Equal(rows.Count, fromLs.Count);
        foreach (var row in rows)
        {
            var ls = fromLs[(row["item"], row["field"], row["annotator"])];
            var label = row["field"] == "entities" ? string.Join(";", SimulationFiles.ParseSpans(row["label"])) : row["label"];
            Assert.Equal(ls.Label, label);
            Assert.Equal(ls.CreatedAt, row["created_at"]);
            Assert.Equal(ls.Lead, double.Parse(row["lead_time_s"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(SimulationFiles.ParseTimestamp(row["created_at"]), Start, End.AddTicks(-1));
        }
    }

    [Fact]
    public void Csv_GoldAndAnnotatorFilesMatchTheModel()
    {
        var gold = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.GoldFile));
        Assert.Equal(600, gold.Count);
        foreach (var row in gold)
        {
            var item = sample.Tasks[int.Parse(row["item"][5..], System.Globalization.CultureInfo.InvariantCulture) - 1].Item;
            Assert.True(item.IsGold);
            var expected = row["field"] switch
            {
                "sentiment" => SimulatedFields.SentimentLabels[item.Sentiment],
                "quality" => SimulatedFields.QualityLabels[item.Quality],
                _ => OutputFormat.Spans(item.Entities),
            };
            Assert.Equal(expected, row["gold"]);
        }

        var annotators = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotatorsFile));
        Assert.Equal(sample.Project.Annotators.Select(a => a.Key), annotators.Select(r => r["annotator"]));
        var answered = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotationsFile)).Select(r => r["annotator"]).ToHashSet();
        Assert.True(answered.SetEquals(annotators.Select(r => r["annotator"])));
        foreach (var r in annotators)
        {
            var rate = double.Parse(r["hourly_rate"], System.Globalization.CultureInfo.InvariantCulture);
            var range = r["pool"] switch { "in-house" => (28.0, 48.0), "vendor" => (17.0, 26.0), "crowd" => (8.0, 13.0), _ => (0.0, -1.0) };
            Assert.InRange(rate, range.Item1, range.Item2);
        }
        Assert.Equal(3, annotators.Select(r => r["pool"]).Distinct().Count());
    }

    [Fact]
    public void Overlap_WorkloadsAndPairsAreUneven()
    {
        var regular = sample.Tasks.Where(t => !t.Item.IsGold).ToList();
        var load = regular.SelectMany(t => t.Annotations).GroupBy(a => a.Annotator).Select(g => g.Count()).ToList();
        Assert.True(load.Max() >= 2 * load.Min(), $"workloads {load.Min()}..{load.Max()} are too even");
        var pairs = new Dictionary<(int, int), int>();
        foreach (var t in regular)
            foreach (var a in t.Annotations)
                foreach (var b in t.Annotations.Where(b => b.Annotator > a.Annotator))
                    pairs[(a.Annotator, b.Annotator)] = pairs.GetValueOrDefault((a.Annotator, b.Annotator)) + 1;
        Assert.True(pairs.Values.Max() >= 4 * pairs.Values.Min(), $"pair overlaps {pairs.Values.Min()}..{pairs.Values.Max()} are too even");
    }

    [Fact]
    public void Texts_ShortEnglishWithSkewedSentimentPrior()
    {
        var texts = sample.Tasks.Select(t => t.Item.Text).ToList();
        Assert.InRange(texts.Average(t => t.Length), 50, 160);
        Assert.True(texts.Distinct().Count() > 1500, "texts repeat too much");
        var shares = SimulatedFields.SentimentLabels.Select((_, k) => sample.Tasks.Count(t => t.Item.Sentiment == k) / 2000.0).ToList();
        for (var k = 0; k < shares.Count; k++)
            Assert.InRange(shares[k], SimulatedFields.SentimentPrior[k] - SimulationFiles.Tolerance(SimulatedFields.SentimentPrior[k], 2000, 0),
                SimulatedFields.SentimentPrior[k] + SimulationFiles.Tolerance(SimulatedFields.SentimentPrior[k], 2000, 0));
        Assert.True(shares[2] > 2 * shares[3], "positive should far outnumber mixed");
    }

    [Fact]
    public void ToRatingSet_ChoiceFields_CodesTheAnswersInCategoryOrder()
    {
        var sentiment = sample.Project.ToRatingSet(SimulatedField.Sentiment);
        Assert.Equal(sample.Annotations.Count(), sentiment.Count);
        Assert.Equal(2000, sentiment.ItemCount);
        Assert.Equal(sample.Project.Annotators.Select(a => a.Key), sentiment.RaterNames);
        Assert.Equal(SimulatedFields.SentimentLabels, sentiment.LabelNames);
        Assert.False(sentiment.IsOrdered);
        var csvNeutral = SimulationFiles.ReadCsvRows(sample.File(SimulationWriter.AnnotationsFile)).Count(r => r["field"] == "sentiment" && r["label"] == "neutral");
        Assert.Equal(csvNeutral, sentiment.Labels.Count(l => l == 1));

        var quality = sample.Project.ToRatingSet(SimulatedField.Quality);
        Assert.True(quality.IsOrdered);
        Assert.Equal([1.0, 2, 3, 4, 5], quality.LabelValues!);
        var first = sample.Tasks[0].Annotations[0];
        Assert.Equal((first.Item, first.Annotator, first.Quality!.Value), (quality.Items[0], quality.Raters[0], quality.Labels[0]));

        Assert.Throws<ArgumentException>(() => sample.Project.ToRatingSet(SimulatedField.Entities));
    }
}
