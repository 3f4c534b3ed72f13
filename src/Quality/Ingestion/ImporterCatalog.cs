using Quality.Ingestion.Coco;
using Quality.Ingestion.Csv;
using Quality.Ingestion.Cvat;
using Quality.Ingestion.Doccano;
using Quality.Ingestion.Labelbox;
using Quality.Ingestion.LabelStudio;
using Quality.Ingestion.Parquet;
using Quality.Ingestion.Prodigy;
using Quality.Ingestion.SageMaker;

namespace Quality.Ingestion;

/// <summary>Every importer Quality has; detection asks each in turn how sure it is.</summary>
public static class ImporterCatalog
{
    public static IReadOnlyList<IImporter> All { get; } =
    [
        new CrowdCsvImporter(),
        new CvatImporter(),
        new CocoImporter(),
        new DoccanoImporter(),
        new ProdigyImporter(),
        new ParquetImporter(),
        new LabelStudioJsonImporter(),
        new LabelStudioMinImporter(),
        new LabelStudioCsvImporter(),
        new SageMakerManifestImporter(),
        new LabelboxNdjsonImporter(),
        new LabelboxV1Importer(),
    ];
}
