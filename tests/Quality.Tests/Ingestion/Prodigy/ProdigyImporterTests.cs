using System.Text.Json;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.Prodigy;

public sealed class ProdigyImporterTests : IDisposable
{
    private readonly ImportHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static string NerFixture => ImportHarness.Fixture("prodigy", "ner_manual.jsonl");
    private static string ChoiceFixture => ImportHarness.Fixture("prodigy", "choice_and_binary.jsonl");
    private static string MultipleFixture => ImportHarness.Fixture("prodigy", "multiple_choice.jsonl");


    [Fact]
    public void Import_ManualSpans_CodePointOffsetsTimestampAndInputHashKey()
    {
        var summary = _h.Import(NerFixture, annotator: "me");

        Assert.Equal("prodigy", summary.Format);
        var answer = _h.Single("-101", "spans");
        Assert.Equal([(3, 4, "EMOJI", "😀"), (5, 9, "PERSON", "Anna")], ImportHarness.Spans(answer.Geometry));
        Assert.Equal("EMOJI|PERSON", answer.Value);
        Assert.Equal("me", answer.Annotator);
        Assert.Equal(new DateTime(2021, 10, 11, 5, 44, 54, DateTimeKind.Utc), answer.CreatedAt);
        Assert.Equal(("", "[]"), (_h.Single("105", "spans").Value, _h.Single("105", "spans").Geometry));
    }

    [Fact]
    public void Import_IgnoreAndRejectOnManualTasks_AreSkippedWithReasons()
    {
        var summary = _h.Import(NerFixture, annotator: "me");

        Assert.Equal(1, summary.SkippedReasons["Prodigy answer 'ignore'"]);
        Assert.Equal(1, summary.SkippedReasons["Prodigy answer 'reject' on a manual or choice task (the example was rejected, not annotated)"]);
        Assert.Equal(0, _h.Count("SELECT count(*) FROM items WHERE external_key IN ('102', '103')"));
    }

    [Fact]
    public void Import_SameInputAnsweredTwice_KeepsTheLaterAnswerAndCountsTheDuplicate()
    {
        var summary = _h.Import(NerFixture, annotator: "me");

        Assert.Equal(4, summary.Annotations);
        Assert.Equal(1, summary.SkippedReasons.Single(r => r.Key.StartsWith("duplicate answer", StringComparison.Ordinal)).Value);
        var kept = _h.Single("104", "spans", "me");
        Assert.Equal("GPE", kept.Value);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1633931200), kept.CreatedAt);
    }

    [Fact]
    public void Import_AnnotatorIdInTheFile_WinsOverTheOption()
    {
        _h.Import(NerFixture, annotator: "me");

        Assert.Equal(["me", "news-bea"], _h.Query("SELECT external_key FROM annotators ORDER BY 1", r => r.GetString(0)));
        Assert.Equal("LOC", _h.Single("104", "spans", "news-bea").Value);
    }

    [Fact]
    public void Import_ChoiceAndBinaryTasks_ChoiceIsNominalAndRejectIsANegativeBinaryAnswer()
    {
        var summary = _h.Import(ChoiceFixture);

        Assert.Equal(3, summary.Annotations);
        Assert.Equal(["answer", "choice"], summary.Fields);
        Assert.Equal(("Q1", "el-ann"), (_h.Single("-401", "choice").Value, _h.Single("-401", "choice").Annotator));
        Assert.Equal("reject", _h.Single("404", "answer").Value);
        Assert.Equal("accept", _h.Single("405", "answer").Value);
        Assert.Equal(("nominal", "[\"accept\",\"reject\"]"), _h.Query("SELECT kind, categories FROM fields WHERE name = 'answer'", r => (r.GetString(0), r.GetString(1))).Single());
        Assert.Equal("nominal", _h.Scalar("SELECT kind FROM fields WHERE name = 'choice'"));
        Assert.Equal(1, summary.SkippedReasons["Prodigy choice accepted with no option selected"]);
        Assert.Equal(1, summary.SkippedReasons["Prodigy answer 'reject' on a manual or choice task (the example was rejected, not annotated)"]);
    }

    [Fact]
    public void Import_MultipleChoiceConfig_StoresSortedJsonArraysAsMultiLabel()
    {
        _h.Import(MultipleFixture, annotator: "me");

        Assert.Equal("[\"PRICE\",\"SPEED\"]", _h.Single("601", "choice").Value);
        Assert.Equal("[]", _h.Single("602", "choice").Value);
        Assert.Equal("multi_label", _h.Scalar("SELECT kind FROM fields WHERE name = 'choice'"));
    }

    [Fact]
    public void Import_AsGold_WritesGoldRows()
    {
        var summary = _h.Import(NerFixture, gold: true);

        Assert.Equal(3, summary.GoldItems);
        Assert.Equal(0, _h.Count("SELECT count(*) FROM annotations"));
        Assert.Equal("LOC", _h.Scalar("SELECT g.value FROM gold g JOIN items i USING (item_id) WHERE i.external_key = '104'"));
    }

    [Fact]
    public void Import_NoAnnotatorAnywhere_ThrowsNamingTheLine()
    {
        var ex = _h.Fails(NerFixture);

        Assert.Equal(1L, ex.Line);
        Assert.Contains("--annotator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_Fixtures_ChooseProdigy()
    {
        Assert.All(new[] { NerFixture, ChoiceFixture, MultipleFixture }, f => Assert.Equal("prodigy", _h.Service.Choose(f, "x.jsonl", null).Format));
    }

    [Theory]
    [InlineData("\"start\": 5, \"end\": 9", "\"start\": 5, \"end\": 11", "span [5, 11] 'PERSON' does not fit the text (10 characters)")]
    [InlineData("\"start\": 5, \"end\": 9", "\"start\": 5, \"end\": 5", "span [5, 5] 'PERSON' does not fit")]
    [InlineData("\"answer\": \"accept\", \"_timestamp\": 1633931094", "\"answer\": \"maybe\", \"_timestamp\": 1633931094", "answer 'maybe' is not accept, reject or ignore")]
    [InlineData("\"_timestamp\": 1633931094", "\"_timestamp\": \"yesterday\"", "_timestamp should be epoch seconds")]
    [InlineData("\"start\": 3, \"end\": 4, \"label\": \"EMOJI\"", "\"start\": 3, \"end\": 4", "a span has no label")]
    public void Import_AbsurdTask_ThrowsNamingTheLine(string find, string replace, string problem)
    {
        var path = _h.Edit(NerFixture, find, replace, "absurd.jsonl");

        var ex = _h.Fails(path, annotator: "me");

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, ex.Line);
    }

    [Fact]
    public void Import_TruncatedFile_ThrowsWithTheLineAndLeavesTheDatabaseUnchanged()
    {
        _h.Import(ChoiceFixture);
        var text = File.ReadAllText(NerFixture);
        var path = _h.Write("truncated.jsonl", text[..(text.IndexOf("Berlin", StringComparison.Ordinal) + 3)]);

        var ex = _h.Fails(path, annotator: "me");

        Assert.Equal(4L, ex.Line);
    }

    [Fact]
    public void Import_DoccanoFileForcedAsProdigy_Throws()
    {
        var ex = _h.Fails(ImportHarness.Fixture("doccano", "annotator.jsonl"), annotator: "a", format: "prodigy");

        Assert.Equal(1L, ex.Line);
        Assert.Contains("no \"answer\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_InvalidUtf8_ThrowsNamingTheLine()
    {
        var bytes = File.ReadAllBytes(NerFixture);
        var at = Array.IndexOf(bytes, (byte)'B');
        bytes[at] = 0xFE;
        var path = _h.Write("latin.jsonl", bytes);

        var ex = _h.Fails(path, annotator: "me");

        Assert.Equal(3L, ex.Line);
    }

    [Fact]
    public void Import_CorruptedVariantsOfTheFixtures_ImportOrFailCleanly()
    {
        var failures = _h.Fuzz(NerFixture, seed: 41, variants: 16, annotator: "me", format: "prodigy")
            + _h.Fuzz(ChoiceFixture, seed: 42, variants: 16, annotator: null, format: "prodigy");

        Assert.InRange(failures, 8, 32);
    }

    // ---- The real Prodigy db-out files in ../shared/exports/ner-spans ----

    private static List<JsonElement> ReadRows(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [SkippableTheory]
    [InlineData("prodigy_ner-manual_tweets_test_annotated.jsonl")]
    [InlineData("prodigy_rel-manual_spans-relations.jsonl")]
    public void Import_SharedSpanFile_OneAnswerPerAcceptedInputWithTheFilesSpans(string name)
    {
        var path = TestPaths.Shared("exports", "ner-spans", name);
        var rows = ReadRows(path);
        var accepted = rows.Where(r => r.GetProperty("answer").GetString() == "accept").ToList();
        // The later of two answers to one input (by _timestamp, else by line) is the one kept.
        var latest = accepted.GroupBy(r => r.GetProperty("_input_hash").GetInt64())
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.TryGetProperty("_timestamp", out var t) ? t.GetInt64() : 0).Last());

        var summary = _h.Import(path, annotator: "ann");

        Assert.Equal(latest.Count, summary.Annotations);
        Assert.Equal(latest.Count, summary.Items);
        Assert.Equal(rows.Count - accepted.Count, summary.SkippedReasons.GetValueOrDefault("Prodigy answer 'ignore'"));
        Assert.Equal(accepted.Count - latest.Count, summary.SkippedReasons.Where(r => r.Key.StartsWith("duplicate", StringComparison.Ordinal)).Sum(r => r.Value));
        var stored = _h.Answers().ToDictionary(a => long.Parse(a.Item, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (hash, row) in latest)
        {
            var text = row.GetProperty("text").GetString()!;
            var expected = row.GetProperty("spans").EnumerateArray()
                .Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("label").GetString()!, text[s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()]));
            Assert.Equal(expected, ImportHarness.Spans(stored[hash].Geometry));
            if (row.TryGetProperty("_timestamp", out var ts))
                Assert.Equal(DateTime.UnixEpoch.AddSeconds(ts.GetInt64()), stored[hash].CreatedAt);
        }
    }

    [SkippableFact]
    public void Import_SharedEntityLinking_EachTaskIsOneChoiceAnswer()
    {
        var path = TestPaths.Shared("exports", "ner-spans", "prodigy_entity-linking_emerson.jsonl");
        var rows = ReadRows(path);

        var summary = _h.Import(path, annotator: "ann");

        Assert.Equal(rows.Count, summary.Annotations);
        Assert.Equal(["choice"], summary.Fields);
        foreach (var row in rows)
            Assert.Equal(row.GetProperty("accept")[0].GetString(), _h.Single(row.GetProperty("_task_hash").GetRawText(), "choice").Value);
    }

    public static TheoryData<string> SharedFiles => new()
    {
        "prodigy_ner-manual_tweets_test_annotated.jsonl",
        "prodigy_rel-manual_spans-relations.jsonl",
        "prodigy_entity-linking_emerson.jsonl",
    };

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Detect_SharedFile_ChoosesProdigy(string name)
    {
        var path = TestPaths.Shared("exports", "ner-spans", name);

        Assert.Equal("prodigy", _h.Service.Choose(path, name, null).Format);
    }

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Import_CorruptedVariantsOfSharedFile_ImportOrFailCleanly(string name)
    {
        var path = TestPaths.Shared("exports", "ner-spans", name);

        var failures = _h.Fuzz(path, seed: name.Length, variants: 8, annotator: "ann", format: null);

        Assert.InRange(failures, 1, 8);
    }
}
