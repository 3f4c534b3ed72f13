using Quality.Costs;
using Quality.Storage;

namespace Quality.Ingestion;

/// <summary>Loads the committed sample project (sample-data/) so a newcomer's first page has data in it.</summary>
public static class SampleProject
{
    /// <summary>Imports annotations.csv with gold.csv and annotators.csv when the database has no project yet.</summary>
    public static bool LoadIfEmpty(QualityDatabase database, ImportService imports, string sampleDir, string projectName)
    {
        using (var c = database.Open())
        {
            if (c.ScalarLong("SELECT count(*) FROM projects") > 0) return false;
        }
        Load(database, imports, sampleDir, projectName);
        return true;
    }

    public static void Load(QualityDatabase database, ImportService imports, string sampleDir, string projectName)
    {
        var gold = Path.Combine(sampleDir, "gold.csv");
        imports.Import(Path.Combine(sampleDir, "annotations.csv"), new ImportRequest
        {
            Project = projectName,
            GoldFile = File.Exists(gold) ? gold : null,
            ImportedBy = "sample",
        });
        var rates = Path.Combine(sampleDir, "annotators.csv");
        if (File.Exists(rates)) AnnotatorRatesImporter.Apply(database, projectName, AnnotatorRatesImporter.Read(rates));
    }
}
