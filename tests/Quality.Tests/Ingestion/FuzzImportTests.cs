using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

/// <summary>
/// Corrupted variants of the Label Studio, SageMaker and Labelbox fixtures and real exports (cut at random places,
/// random bytes flipped, a bracket deleted), made deterministically: each imports or fails with an ImportException,
/// never another exception, and a failure leaves the database as it was.
/// </summary>
public sealed class FuzzImportTests : IDisposable
{
    private readonly ImportHarness _bed = new();

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
        var failures = _bed.Fuzz(ImportHarness.Fixture(fixture.Split('/')), seed: fixture.Length, variants: 12, annotator: "fuzz@example.com", format: null);

        Assert.True(failures > 0, "no corruption was noticed: the variants were not corruptions");
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
        var path = TestPaths.Shared("exports", folder, name);

        _bed.Fuzz(path, seed: name.Length, variants: 6, annotator: "fuzz@example.com", format: null);
    }
}
