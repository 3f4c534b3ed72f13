using Quality.Ingestion;
using Quality.Ingestion.Coco;
using Quality.Ingestion.Cvat;
using Quality.Ingestion.Doccano;
using Quality.Ingestion.Parquet;
using Quality.Ingestion.Prodigy;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

/// <summary>The CVAT, COCO, doccano, Prodigy and Parquet importers must not claim other tools' exports.</summary>
public sealed class ForeignExportsDetectionTests
{
    private static readonly IImporter[] Mine = [new CvatImporter(), new CocoImporter(), new DoccanoImporter(), new ProdigyImporter(), new ParquetImporter()];

    public static TheoryData<string> ForeignFolders => new() { "label-studio", "labelbox", "sagemaker-ground-truth", "crowd-labels" };

    [SkippableTheory]
    [MemberData(nameof(ForeignFolders))]
    public void Detect_OtherToolsExports_ScoresZero(string folder)
    {
        var dir = TestPaths.Shared("exports", folder);
        foreach (var path in Directory.GetFiles(dir))
        {
            var head = File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(64 * 1024, new FileInfo(path).Length));
            foreach (var importer in Mine)
                Assert.True(importer.Detect(head, Path.GetFileName(path)) == 0, $"{importer.Format} claims {folder}/{Path.GetFileName(path)}");
        }
    }
}
