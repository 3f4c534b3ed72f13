using Quality.Ingestion.Coco;
using Quality.Ingestion.Csv;
using Quality.Ingestion.Cvat;
using Quality.Ingestion.Doccano;
using Quality.Ingestion.Parquet;
using Quality.Ingestion.Prodigy;

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
    ];
}
