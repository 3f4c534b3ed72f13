using System.Globalization;
using System.Text;
using Quality.Analytics.Review;
using Quality.Costs;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

public sealed class CostReportTests
{
    /// <summary>A nominal field and a numeric one with 30 distinct values, answered by two annotators on 30 items.</summary>
    private static TempDatabase TwoFields()
    {
        var db = new TempDatabase();
        var csv = new StringBuilder("item,field,annotator,label,created_at,lead_time_s\n");
        for (var i = 0; i < 30; i++)
            foreach (var a in new[] { "a", "b" })
            {
                csv.Append(CultureInfo.InvariantCulture, $"i{i},colour,{a},{(i % 3 == 0 ? "red" : "blue")},2026-10-05T09:00:00Z,20\n");
                csv.Append(CultureInfo.InvariantCulture, $"i{i},weight,{a},{i + 0.5},2026-10-05T09:00:00Z,20\n");
            }
        db.Import(db.File("a.csv", csv.ToString()));
        AnnotatorRatesImporter.Apply(db.Database, "P", [new AnnotatorRate("a", "x", 36, null, null), new AnnotatorRate("b", "y", 18, null, null)]);
        return db;
    }

    [Fact]
    public void Build_NumericFieldWithManyValues_LeftOutOfTheConsensusFields()
    {
        using var db = TwoFields();

        var report = CostReport.Build(db.Database, "P");

        Assert.Equal(["colour"], report.Fields.Select(f => f.Field));
        Assert.True(db.Count("SELECT count(DISTINCT value) FROM annotations a JOIN fields f USING (field_id) WHERE f.name = 'weight'")
            > ProjectReviewQueue.MaxNumericCategories);
        // The overall cost still counts every answer: 30 tasks × 20 s at 36/h and at 18/h.
        var overall = report.Overall!.Annotators.ToDictionary(a => a.Annotator);
        Assert.Equal(30 * 20 * 36 / 3600.0, overall["a"].Cost.Cost!.Value, 12);
        Assert.Equal(30 * 20 * 18 / 3600.0, overall["b"].Cost.Cost!.Value, 12);
    }

    [Fact]
    public void Build_NoGold_QualityFromDawidSkeneAndNoCurve()
    {
        using var db = TwoFields();

        var field = CostReport.Build(db.Database, "P", "colour").Fields.Single();

        Assert.All(field.Table.Annotators, a => Assert.Equal(QualitySource.DawidSkene, a.Source));
        Assert.All(field.Table.Annotators, a => Assert.Null(a.Accuracy.Estimate));
        Assert.Empty(field.Redundancy.Points);
        Assert.Equal("the field has no gold item with answers", field.Redundancy.Reason);
        Assert.Equal(20 * 27 / 3600.0, field.CostPerAnswer!.Value, 12);   // mean of 36/h and 18/h over 20 s answers
    }
}
