using Quality.Ingestion.Csv;

namespace Quality.Ingestion;

/// <summary>Every importer Quality has; detection asks each in turn how sure it is.</summary>
public static class ImporterCatalog
{
    public static IReadOnlyList<IImporter> All { get; } =
    [
        new CrowdCsvImporter(),
    ];
}
