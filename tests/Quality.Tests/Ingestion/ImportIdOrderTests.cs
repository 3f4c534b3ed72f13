using Quality.Ingestion;
using Quality.Storage;
using Quality.Tests.Costs;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

public sealed class ImportIdOrderTests
{
    [Fact]
    public void Import_SampleProject_ItemsAndAnnotatorsGetIdsInKeyOrder()
    {
        using var db = new TempDatabase();
        SampleProject.Load(db.Database, db.Imports, SampleProjectFixture.Dir, "sample");
        using var c = db.Database.Open();
        var items = c.Query("SELECT external_key FROM items ORDER BY item_id", r => r.GetString(0));
        var annotators = c.Query("SELECT external_key FROM annotators ORDER BY annotator_id", r => r.GetString(0));
        Assert.Equal(2000, items.Count);
        Assert.Equal(items.Order(StringComparer.Ordinal), items);
        Assert.Equal(12, annotators.Count);
        Assert.Equal(annotators.Order(StringComparer.Ordinal), annotators);
    }
}
