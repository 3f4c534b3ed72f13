using Quality.Ingestion;
using Quality.Ingestion.Labelbox;
using Quality.Ingestion.LabelStudio;
using Quality.Ingestion.SageMaker;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

/// <summary>Every Label Studio, SageMaker and Labelbox file is recognised as its own format from its content alone.</summary>
public sealed class DetectionTests : IDisposable
{
    private readonly ImportHarness _bed = new();

    public void Dispose() => _bed.Dispose();

    public static TheoryData<string, string, string> SharedFiles() => new()
    {
        { "label-studio", "ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7_cats_rectanglelabels.json", "label-studio" },
        { "label-studio", "ls-1.19_project-14-at-2025-06-25-13-18-72190ffe_ner_labels.json", "label-studio" },
        { "label-studio", "ls-converter_2tasks_2annotators_rectanglelabels.json", "label-studio" },
        { "label-studio", "ls-converter_choices_nested-json-data.json", "label-studio" },
        { "label-studio", "ls-converter_choices_with_history.json", "label-studio" },
        { "label-studio", "ls-converter_enterprise_reviews_rectanglelabels.json", "label-studio" },
        { "label-studio", "ls-converter_taxonomy_rectangle_repeater.json", "label-studio" },
        { "label-studio", "ls-core-tests_previous_export_single-task-object.json", "label-studio" },
        { "label-studio", "ls-sdk_chatmessage_task.json", "label-studio" },
        { "label-studio", "ls-sdk_rect-polygon-keypoint_1task.json", "label-studio" },
        { "label-studio", "ls-converter_csv-export_of_choices.tsv", "label-studio-csv" },
        { "sagemaker-ground-truth", "gt_image-classification_vehicle-demo_output.manifest", "sagemaker" },
        { "sagemaker-ground-truth", "gt_object-detection_cat-ground-truth_output.manifest", "sagemaker" },
        { "sagemaker-ground-truth", "gt_semantic-segmentation_pcb_output.manifest", "sagemaker" },
        { "labelbox", "labelbox_export-v2_roof-wear-highres_102rows.ndjson", "labelbox" },
        { "labelbox", "labelbox_export-v1_image_bbox.json", "labelbox-v1" },
        { "labelbox", "labelbox_export-v1_text_entity.json", "labelbox-v1" },
    };

    [SkippableTheory]
    [MemberData(nameof(SharedFiles))]
    public void Choose_SharedExport_IsItsOwnFormat(string folder, string name, string format)
    {
        var path = TestPaths.Shared("exports", folder, name);

        // A neutral display name: detection must not lean on the file name.
        Assert.Equal(format, _bed.Service.Choose(path, "upload.bin", null).Format);
    }

    [Theory]
    [InlineData("label-studio/tasks.json", "label-studio")]
    [InlineData("label-studio/single-task.json", "label-studio")]
    [InlineData("label-studio/no-annotator.json", "label-studio")]
    [InlineData("label-studio/min.json", "label-studio-min")]
    [InlineData("label-studio/export.tsv", "label-studio-csv")]
    [InlineData("sagemaker/output.manifest", "sagemaker")]
    [InlineData("labelbox/export-v2.ndjson", "labelbox")]
    [InlineData("labelbox/no-details.ndjson", "labelbox")]
    [InlineData("labelbox/export-v1.json", "labelbox-v1")]
    public void Choose_Fixture_IsItsOwnFormat(string fixture, string format)
    {
        Assert.Equal(format, _bed.Service.Choose(ImportHarness.Fixture(fixture.Split('/')), "upload.bin", null).Format);
    }

    private static readonly IImporter[] Mine =
        [new LabelStudioJsonImporter(), new LabelStudioMinImporter(), new LabelStudioCsvImporter(), new SageMakerManifestImporter(), new LabelboxNdjsonImporter(), new LabelboxV1Importer()];

    public static TheoryData<string> ForeignFolders => new() { "cvat", "coco", "ner-spans", "crowd-labels" };

    [SkippableTheory]
    [MemberData(nameof(ForeignFolders))]
    public void Detect_OtherToolsExports_ScoresZero(string folder)
    {
        foreach (var path in Directory.GetFiles(TestPaths.Shared("exports", folder)))
        {
            var head = File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(64 * 1024, new FileInfo(path).Length));
            foreach (var importer in Mine)
                Assert.True(importer.Detect(head, Path.GetFileName(path)) == 0, $"{importer.Format} claims {folder}/{Path.GetFileName(path)}");
        }
    }

    [Fact]
    public void Choose_CrowdCsv_IsNotTakenForALabelStudioExport()
    {
        var file = _bed.Write("crowd.csv", "item,worker,label\n1,w1,yes\n");

        Assert.Equal("csv", _bed.Service.Choose(file, "crowd.csv", null).Format);
    }
}
