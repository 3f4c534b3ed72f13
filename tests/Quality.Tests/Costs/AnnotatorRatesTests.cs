using Quality.Costs;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

public sealed class AnnotatorRatesTests
{
    [Fact]
    public void Read_AllColumns_ParsesAmountsAndUppercasesCurrency()
    {
        using var db = new TempDatabase();
        var path = db.File("rates.csv", "annotator,pool,hourly_rate,cost_per_label,currency\nann@x,vendor,$20.50,0.04,eur\nbob,,,,\n");

        var rates = AnnotatorRatesImporter.Read(path);

        Assert.Equal([new AnnotatorRate("ann@x", "vendor", 20.5, 0.04, "EUR"), new AnnotatorRate("bob", null, null, null, null)], rates);
    }

    [Theory]
    [InlineData("annotator,pool,hourly_rate,currency\na,crowd,10,euros\n", "currency")]
    [InlineData("annotator,pool,hourly_rate\na,crowd,-3\n", "hourly_rate")]
    public void Read_BadCell_ImportErrorWithLineAndColumn(string content, string column)
    {
        using var db = new TempDatabase();
        var path = db.File("rates.csv", content);

        var ex = Assert.Throws<ImportException>(() => AnnotatorRatesImporter.Read(path));

        Assert.Contains($"rates.csv:2 (column '{column}')", ex.Message);
    }

    [Fact]
    public void Apply_EmptyCells_KeepStoredValuesAndCurrencyStaysProjectDefault()
    {
        using var db = new TempDatabase();
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", "crowd", 10, null, null)]);

        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", null, null, 0.02, null)]);

        Assert.Equal([new AnnotatorRate("a", "crowd", 10, 0.02, null)], AnnotatorRates.List(db.Database, "P"));
    }

    [Fact]
    public void Update_ExactValues_SetsAndClears()
    {
        using var db = new TempDatabase();
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", "crowd", 10, 0.02, "USD")]);

        AnnotatorRates.Update(db.Database, "P", new AnnotatorRate("a", "vendor", 22, null, "EUR"));

        Assert.Equal([new AnnotatorRate("a", "vendor", 22, null, "EUR")], AnnotatorRates.List(db.Database, "P"));
    }

    [Fact]
    public void Update_UnknownAnnotator_QualityException()
    {
        using var db = new TempDatabase();
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", "crowd", 10, null, null)]);

        var ex = Assert.Throws<QualityException>(() => AnnotatorRates.Update(db.Database, "P", new AnnotatorRate("zed", null, 1, null, null)));

        Assert.Contains("zed", ex.Message);
    }

    [Theory]
    [InlineData(-1.0, null, null)]
    [InlineData(null, double.PositiveInfinity, null)]
    [InlineData(null, null, "US")]
    public void Update_InvalidTerms_RejectedBeforeWriting(double? hourly, double? perLabel, string? currency)
    {
        using var db = new TempDatabase();
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", "crowd", 10, null, null)]);

        Assert.Throws<QualityException>(() => AnnotatorRates.Update(db.Database, "P", new AnnotatorRate("a", "crowd", hourly, perLabel, currency)));

        Assert.Equal(10, AnnotatorRates.List(db.Database, "P").Single().HourlyRate);
    }
}
