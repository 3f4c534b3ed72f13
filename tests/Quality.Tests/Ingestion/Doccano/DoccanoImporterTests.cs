using System.Text;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Doccano;

public sealed class DoccanoImporterTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static string Fixture => ImportHarness.Fixture("doccano", "annotator.jsonl");


    [Fact]
    public void Import_Utf16Offsets_AreStoredAsCodePoints()
    {
        var summary = _h.Import(Fixture, annotator: "ann");

        Assert.Equal("doccano", summary.Format);
        Assert.Equal(4, summary.Annotations);
        var answer = _h.Single("1", "entities");
        Assert.Equal("LOC|VERB", answer.Value);
        // "Ich 😀 mag Köln.": doccano's [11, 15] and [7, 10] count the emoji as two UTF-16 units.
        Assert.Equal([(10, 14, "LOC", "Köln"), (6, 9, "VERB", "mag")], ImportHarness.Spans(answer.Geometry));
        Assert.Equal("Ich 😀 mag Köln.", _h.Scalar("SELECT text FROM items WHERE external_key = '1'"));
        Assert.Equal("span", _h.Scalar("SELECT kind FROM fields WHERE name = 'entities'"));
    }

    [Fact]
    public void Import_EntitiesFormatEmptyLabelsAndMissingId_AreReadToo()
    {
        _h.Import(Fixture, annotator: "ann");

        Assert.Equal([(0, 5, "LOC", "Paris")], ImportHarness.Spans(_h.Single("3", "entities").Geometry));
        Assert.Equal(("", "[]"), (_h.Single("abc", "entities").Value, _h.Single("abc", "entities").Geometry));
        // A line without an id is keyed by its text: the first 16 hex digits of SHA-256("Anonymous line.").
        Assert.Equal([(0, 9, "X", "Anonymous")], ImportHarness.Spans(_h.Single("text:519cf73378c74b43", "entities").Geometry));
    }

    [Fact]
    public void Import_AsGold_WritesGoldRows()
    {
        var summary = _h.Import(Fixture, gold: true);

        Assert.Equal(4, summary.GoldItems);
    }

    [Fact]
    public void Import_WithoutAnnotator_ThrowsAskingForIt()
    {
        var ex = _h.Fails(Fixture);

        Assert.Contains("--annotator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TextClassificationExport_IsRecognisedAndRefusedWithAHint()
    {
        var path = _h.Write("classes.jsonl", "{\"id\": 1, \"text\": \"Great!\", \"label\": [\"positive\"]}\n");

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Contains("text-classification export", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_Fixture_ChoosesDoccano()
    {
        Assert.Equal("doccano", _h.Service.Choose(Fixture, "x.jsonl", null).Format);
    }

    [Theory]
    [InlineData("[[11, 15, \"LOC\"], [7, 10, \"VERB\"]]", "[[11, 99, \"LOC\"]]", "span [11, 99] 'LOC' does not fit the text")]
    [InlineData("[[11, 15, \"LOC\"], [7, 10, \"VERB\"]]", "[[5, 10, \"LOC\"]]", "span [5, 10] 'LOC' does not fit the text")]
    [InlineData("[[11, 15, \"LOC\"], [7, 10, \"VERB\"]]", "[[10, 7, \"LOC\"]]", "empty or reversed")]
    [InlineData("[[11, 15, \"LOC\"], [7, 10, \"VERB\"]]", "[\"positive\"]", "text-classification export")]
    [InlineData("\"text\": \"Ich", "\"txt\": \"Ich", "'text' is missing")]
    public void Import_AbsurdLine_ThrowsNamingTheLine(string find, string replace, string problem)
    {
        var path = _h.Edit(Fixture, find, replace, "absurd.jsonl");

        var ex = _h.Fails(path, annotator: "ann", format: "doccano");

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, ex.Line);
    }

    [Fact]
    public void Import_TruncatedLine_ThrowsWithItsNumberAndLeavesTheDatabaseUnchanged()
    {
        _h.Import(Fixture, annotator: "ann");
        var text = File.ReadAllText(Fixture);
        var path = _h.Write("truncated.jsonl", text[..(text.IndexOf("\"label\": []", StringComparison.Ordinal) + 5)]);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Equal(2L, ex.Line);
    }

    [Fact]
    public void Import_InvalidUtf8_ThrowsNamingTheLine()
    {
        var bytes = File.ReadAllBytes(Fixture);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("Paris", StringComparison.Ordinal);
        bytes[Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(bytes)[..at])] = 0xFF;
        var path = _h.Write("latin.jsonl", bytes);

        var ex = _h.Fails(path, annotator: "ann");

        Assert.Equal(3L, ex.Line);
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ProdigyFileForcedAsDoccano_Throws()
    {
        var ex = _h.Fails(ImportHarness.Fixture("prodigy", "ner_manual.jsonl"), annotator: "a", format: "doccano");

        Assert.Equal(1L, ex.Line);
        Assert.Contains("neither \"label\" nor \"entities\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_CorruptedVariantsOfTheFixture_ImportOrFailCleanly()
    {
        var failures = _h.Fuzz(Fixture, seed: 31, variants: 24, annotator: "ann", format: "doccano");

        Assert.InRange(failures, 8, 24);
    }

    // ---- The real doccano exports in ../shared/exports/ner-spans (uk-commons, two annotators) ----

    private const string Emarie = "doccano_uk-commons_annotator-emarie.jsonl";
    private const string Sjasmin = "doccano_uk-commons_annotator-sjasmin.jsonl";

    private static List<(string Id, List<(int, int, string)> Spans)> ReadExport(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var spans = doc.RootElement.GetProperty("label").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32(), s[2].GetString()!)).ToList();
            return (doc.RootElement.GetProperty("id").GetString()!, spans);
        }).ToList();

    [SkippableFact]
    public void Import_UkCommonsBothAnnotators_EveryLineIsOneAnswerWithTheFilesSpans()
    {
        var files = new[] { (Name: Emarie, Who: "emarie"), (Name: Sjasmin, Who: "sjasmin") };
        foreach (var (name, who) in files)
        {
            var path = TestPaths.Shared("exports", "ner-spans", name);
            var lines = ReadExport(path);

            var summary = _h.Import(path, annotator: who);

            Assert.Equal(lines.Count, summary.Annotations);
            Assert.Equal(0, summary.Skipped);
            var stored = _h.Answers("a.external_key = $who", ("who", who)).ToDictionary(a => a.Item);
            Assert.Equal(lines.Count, stored.Count);
            // No text in these files has characters beyond the BMP, so the code points equal doccano's offsets.
            foreach (var (id, spans) in lines)
                Assert.Equal(spans, ImportHarness.Spans(stored[id].Geometry).Select(s => (s.Start, s.End, s.Label)));
        }
    }

    [SkippableFact]
    public void Import_UkCommonsBothAnnotators_TheSharedSentencesOfTheAssignmentMeet()
    {
        var emarie = ReadExport(TestPaths.Shared("exports", "ner-spans", Emarie)).Select(l => l.Id).ToHashSet();
        var sjasmin = ReadExport(TestPaths.Shared("exports", "ner-spans", Sjasmin)).Select(l => l.Id).ToHashSet();
        var assignment = File.ReadLines(TestPaths.Shared("exports", "ner-spans", "doccano_uk-commons_item-ids-and-assignment.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(c => c[^1] == "both").Select(c => c[^2]).ToHashSet();

        _h.Import(TestPaths.Shared("exports", "ner-spans", Emarie), annotator: "emarie");
        _h.Import(TestPaths.Shared("exports", "ner-spans", Sjasmin), annotator: "sjasmin");

        var doubled = _h.Query("SELECT i.external_key FROM annotations JOIN items i USING (item_id) GROUP BY 1 HAVING count(*) = 2", r => r.GetString(0)).ToHashSet();
        var expected = assignment.Where(id => emarie.Contains(id) && sjasmin.Contains(id)).ToHashSet();
        Assert.Equal(524, expected.Count);
        Assert.True(expected.SetEquals(doubled));
        Assert.Equal(emarie.Union(sjasmin).Count(), _h.Count("SELECT count(*) FROM items"));
    }

    [SkippableTheory]
    [InlineData(Emarie)]
    [InlineData(Sjasmin)]
    public void Detect_SharedExport_ChoosesDoccano(string name)
    {
        var path = TestPaths.Shared("exports", "ner-spans", name);

        Assert.Equal("doccano", _h.Service.Choose(path, name, null).Format);
    }

    [SkippableFact]
    public void Import_CorruptedVariantsOfSharedExport_ImportOrFailCleanly()
    {
        var path = TestPaths.Shared("exports", "ner-spans", Emarie);

        var failures = _h.Fuzz(path, seed: 32, variants: 12, annotator: "emarie", format: null);

        Assert.InRange(failures, 1, 12);
    }
}
