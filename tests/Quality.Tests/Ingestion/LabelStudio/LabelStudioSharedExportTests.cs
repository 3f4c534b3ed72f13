using System.Globalization;
using System.Text;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion.LabelStudio;

/// <summary>
/// Imports every Label Studio export in ../shared/exports/label-studio and checks the result against the file's own
/// content, counted here with JsonDocument (not copied from the importer's output).
/// </summary>
public sealed class LabelStudioSharedExportTests : IDisposable
{
    private static readonly string[] Supported =
        ["choices", "labels", "rectanglelabels", "rectangle", "polygonlabels", "polygon", "keypointlabels", "keypoint", "taxonomy", "rating", "number", "textarea"];

    private readonly ImportHarness _bed = new();

    public void Dispose() => _bed.Dispose();

    public static TheoryData<string> JsonExports() =>
    [
        "ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7_cats_rectanglelabels.json",
        "ls-1.19_project-14-at-2025-06-25-13-18-72190ffe_ner_labels.json",
        "ls-converter_2tasks_2annotators_rectanglelabels.json",
        "ls-converter_enterprise_reviews_rectanglelabels.json",
        "ls-converter_choices_nested-json-data.json",
        "ls-converter_choices_with_history.json",
        "ls-converter_taxonomy_rectangle_repeater.json",
        "ls-core-tests_previous_export_single-task-object.json",
        "ls-sdk_rect-polygon-keypoint_1task.json",
    ];

    [SkippableTheory]
    [MemberData(nameof(JsonExports))]
    public void Import_SharedJsonExport_MatchesTheFilesOwnCounts(string name)
    {
        var path = TestPaths.Shared("exports", "label-studio", name);
        var expected = Expected.Of(path);

        // The SDK's COCO test task has no completed_by at all: it needs --annotator.
        var summary = _bed.Import(path, annotator: expected.NeedsAnnotator ? "someone@example.com" : null);

        Assert.Equal("label-studio", summary.Format);
        Assert.Equal(expected.Tasks, summary.Items);
        Assert.Equal(expected.Rows, summary.Annotations);
        Assert.Equal(expected.Annotators.Count, summary.Annotators);
        Assert.Equal(expected.Predictions, summary.SkippedReasons.GetValueOrDefault("model prediction (predictions are not annotations)"));
        Assert.Equal(expected.Cancelled, summary.SkippedReasons.GetValueOrDefault("cancelled annotation (was_cancelled)"));
        Assert.Equal(expected.Regions, _bed.Count("SELECT coalesce(sum(json_array_length(geometry)), 0)::BIGINT FROM annotations"));
        var keys = _bed.Query("SELECT external_key FROM annotators", r => r.GetString(0)).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Annotators.Order(StringComparer.Ordinal), keys);
    }

    [SkippableFact]
    public void Import_CatsExport_BoxesArePercentTimesTheOriginalSize()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7_cats_rectanglelabels.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        _bed.Import(path);

        foreach (var task in doc.RootElement.EnumerateArray())
        {
            var taskId = task.GetProperty("id").GetRawText();
            var results = task.GetProperty("annotations")[0].GetProperty("result").EnumerateArray().ToList();
            using var stored = JsonDocument.Parse(_bed.Answers().Single(a => a.Item == taskId).Geometry!);
            Assert.Equal(results.Count, stored.RootElement.GetArrayLength());
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                var v = r.GetProperty("value");
                var (w, h) = (r.GetProperty("original_width").GetDouble(), r.GetProperty("original_height").GetDouble());
                var box = stored.RootElement[i];
                Assert.Equal(v.GetProperty("x").GetDouble() * w / 100, box.GetProperty("x").GetDouble(), 1e-6);
                Assert.Equal(v.GetProperty("y").GetDouble() * h / 100, box.GetProperty("y").GetDouble(), 1e-6);
                Assert.Equal(v.GetProperty("width").GetDouble() * w / 100, box.GetProperty("w").GetDouble(), 1e-6);
                Assert.Equal(v.GetProperty("height").GetDouble() * h / 100, box.GetProperty("h").GetDouble(), 1e-6);
                Assert.Equal(v.GetProperty("rectanglelabels")[0].GetString(), box.GetProperty("label").GetString());
            }
        }
    }

    [SkippableFact]
    public void Import_NerExport_SpansCoverTheirTextInCodePoints()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-1.19_project-14-at-2025-06-25-13-18-72190ffe_ner_labels.json");
        _bed.Import(path);

        var text = _bed.Text("SELECT text FROM items")!;
        var codePoints = text.EnumerateRunes().ToArray();
        using var spans = JsonDocument.Parse(_bed.Answers().Single().Geometry!);
        Assert.Equal(7, spans.RootElement.GetArrayLength());
        foreach (var span in spans.RootElement.EnumerateArray())
        {
            var (start, end) = (span.GetProperty("start").GetInt32(), span.GetProperty("end").GetInt32());
            var covered = string.Concat(codePoints[start..end].Select(r => r.ToString()));
            Assert.Equal(span.GetProperty("text").GetString(), covered);
        }
    }

    [SkippableFact]
    public void Import_EnterpriseExport_KeepsTheReviewVerdictAndEmail()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-converter_enterprise_reviews_rectanglelabels.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        _bed.Import(path);

        foreach (var task in doc.RootElement.EnumerateArray())
        {
            var annotation = task.GetProperty("annotations")[0];
            var reviews = annotation.GetProperty("reviews").EnumerateArray().ToList();
            var expected = reviews.Count == 0 ? null
                : reviews.OrderBy(r => r.GetProperty("created_at").GetString(), StringComparer.Ordinal).Last().GetProperty("accepted").GetBoolean() ? "accepted" : "rejected";
            var stored = _bed.Answers().Single(a => a.Item == task.GetProperty("id").GetRawText());
            Assert.Equal(expected ?? (annotation.GetProperty("last_action").GetString() == "rejected" ? "rejected" : null), stored.Review);
            Assert.Equal(annotation.GetProperty("completed_by").GetProperty("email").GetString(), stored.Annotator);
        }
    }

    [SkippableFact]
    public void Import_ChatMessages_AreNotSupportedAndSaySo()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-sdk_chatmessage_task.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var results = doc.RootElement[0].GetProperty("annotations")[0].GetProperty("result").GetArrayLength();

        var error = _bed.Fails(path);

        Assert.Contains($"{results} Label Studio result type 'chatmessage' is not supported", error.Message);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM imports"));
    }

    [SkippableTheory]
    [InlineData("ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7-info.json")]
    [InlineData("ls-1.19_project-14-at-2025-06-25-13-18-72190ffe-info.json")]
    public void Import_ExportSidecar_IsNotTakenForAnExport(string name)
    {
        var path = TestPaths.Shared("exports", "label-studio", name);

        var error = _bed.Fails(path);

        Assert.Contains("could not be recognised", error.Message);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM imports"));
    }

    [SkippableFact]
    public void Import_ConverterTsv_HasNoControlColumnSoNothingIsImported()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-converter_csv-export_of_choices.tsv");
        var source = TestPaths.Shared("exports", "label-studio", "ls-converter_choices_nested-json-data.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(source));
        var control = doc.RootElement[0].GetProperty("annotations")[0].GetProperty("result")[0].GetProperty("from_name").GetString()!;
        var header = File.ReadLines(path, Encoding.UTF8).First().Split('\t').Select(c => c.Trim('"')).ToList();
        // The converter wrote the export without the annotation's control column (its test config does not name it).
        Assert.DoesNotContain(control, header);

        var error = _bed.Fails(path);

        Assert.Equal("label-studio-csv", _bed.Service.Choose(path, Path.GetFileName(path), null).Format);
        Assert.Contains("read as task data", error.Message);
        Assert.Equal(0, _bed.Count("SELECT count(*) FROM imports"));
    }

    /// <summary>What a Label Studio JSON export holds, counted straight from the JSON.</summary>
    private sealed record Expected(long Tasks, long Rows, long Regions, long Predictions, long Cancelled, HashSet<string> Annotators, bool NeedsAnnotator)
    {
        public static Expected Of(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var tasks = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            long rows = 0, regions = 0, predictions = 0, cancelled = 0;
            var annotators = new HashSet<string>();
            var needsAnnotator = false;
            foreach (var task in tasks)
            {
                if (task.TryGetProperty("predictions", out var p)) predictions += p.GetArrayLength();
                foreach (var a in task.GetProperty("annotations").EnumerateArray())
                {
                    if (a.TryGetProperty("was_cancelled", out var c) && c.GetBoolean()) { cancelled++; continue; }
                    if (a.TryGetProperty("ground_truth", out var g) && g.GetBoolean()) continue;
                    var supported = a.GetProperty("result").EnumerateArray()
                        .Where(r => r.TryGetProperty("from_name", out _) && Supported.Contains(r.GetProperty("type").GetString())).ToList();
                    rows += supported.Select(r => r.GetProperty("from_name").GetString()).Distinct().Count();
                    regions += supported.Count(r => r.GetProperty("type").GetString() is not ("choices" or "taxonomy" or "rating" or "number" or "textarea")
                        || r.GetProperty("value").TryGetProperty("x", out _));
                    if (supported.Count == 0) continue;
                    if (!a.TryGetProperty("completed_by", out var by)) { needsAnnotator = true; annotators.Add("someone@example.com"); }
                    else annotators.Add(by.ValueKind == JsonValueKind.Object ? by.GetProperty("email").GetString()! : by.GetRawText());
                }
            }
            return new Expected(tasks.Count, rows, regions, predictions, cancelled, annotators, needsAnnotator);
        }
    }
}
