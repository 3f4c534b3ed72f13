using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

/// <summary>
/// Corrupted variants of the Label Studio, SageMaker and Labelbox fixtures and real exports (cut at random places,
/// random bytes flipped, a bracket deleted), made deterministically: each imports or fails with an ImportException,
/// never another exception, and a failure leaves the database as it was.
/// </summary>
public sealed class FuzzImportTests : IDisposable
{
    private readonly ImportTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    public static TheoryData<string> Fixtures() =>
    [
        "label-studio/tasks.json", "label-studio/min.json", "label-studio/export.tsv", "label-studio/single-task.json",
        "sagemaker/output.manifest", "labelbox/export-v2.ndjson", "labelbox/export-v1.json",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Import_CorruptedFixture_SucceedsOrFailsCleanly(string fixture)
    {
        var content = File.ReadAllBytes(ImportTestBed.Fixture(fixture.Split('/')));
        Check(Path.GetFileName(fixture), content, cuts: 5, flips: 5, brackets: 2);
    }

    public static TheoryData<string, string> SharedExports() => new()
    {
        { "label-studio", "ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7_cats_rectanglelabels.json" },
        { "label-studio", "ls-1.19_project-14-at-2025-06-25-13-18-72190ffe_ner_labels.json" },
        { "label-studio", "ls-converter_2tasks_2annotators_rectanglelabels.json" },
        { "label-studio", "ls-converter_enterprise_reviews_rectanglelabels.json" },
        { "label-studio", "ls-converter_taxonomy_rectangle_repeater.json" },
        { "label-studio", "ls-core-tests_previous_export_single-task-object.json" },
        { "label-studio", "ls-converter_csv-export_of_choices.tsv" },
        { "sagemaker-ground-truth", "gt_image-classification_vehicle-demo_output.manifest" },
        { "sagemaker-ground-truth", "gt_object-detection_cat-ground-truth_output.manifest" },
        { "labelbox", "labelbox_export-v2_roof-wear-highres_102rows.ndjson" },
        { "labelbox", "labelbox_export-v1_image_bbox.json" },
        { "labelbox", "labelbox_export-v1_text_entity.json" },
    };

    [SkippableTheory]
    [MemberData(nameof(SharedExports))]
    public void Import_CorruptedSharedExport_SucceedsOrFailsCleanly(string folder, string name)
    {
        var content = File.ReadAllBytes(TestPaths.Shared("exports", folder, name));
        Check(name, content, cuts: 2, flips: 3, brackets: 1);
    }

    private void Check(string name, byte[] content, int cuts, int flips, int brackets)
    {
        var random = new Random(name.Aggregate(17, (h, c) => h * 31 + c));
        var variants = new List<(string What, byte[] Bytes)>();
        for (var i = 0; i < cuts; i++)
        {
            var at = random.Next(1, content.Length);
            variants.Add(($"cut at {at}", content[..at]));
        }
        for (var i = 0; i < flips; i++)
        {
            var bytes = (byte[])content.Clone();
            var at = random.Next(bytes.Length);
            bytes[at] ^= (byte)random.Next(1, 256);
            variants.Add(($"byte {at} flipped", bytes));
        }
        var bracketPositions = Enumerable.Range(0, content.Length).Where(i => content[i] is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']').ToList();
        for (var i = 0; i < brackets && bracketPositions.Count > 0; i++)
        {
            var at = bracketPositions[random.Next(bracketPositions.Count)];
            variants.Add(($"bracket at {at} deleted", [.. content[..at], .. content[(at + 1)..]]));
        }

        var n = 0;
        foreach (var (what, bytes) in variants)
        {
            var file = _bed.Write($"{n++}-{name}", bytes);
            var before = _bed.Snapshot();
            try
            {
                _bed.Import(file, project: name, annotator: "fuzz@example.com");
            }
            catch (ImportException ex)
            {
                Assert.StartsWith($"{n - 1}-{name}", ex.Message);
                Assert.True(before == _bed.Snapshot(), $"{what}: the failed import changed the database ({ex.Message})");
            }
            catch (Exception ex)
            {
                Assert.Fail($"{name}, {what}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
