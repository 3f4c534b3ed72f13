using Quality.Analytics.Input;
using Quality.Costs;
using Quality.Storage;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

public sealed class CostSettingsTests
{
    private static CostSettings Load(TempDatabase db)
    {
        using var c = db.Database.Open();
        return CostSettings.Load(c, ProjectRatings.ProjectId(c, "P")!.Value);
    }

    private static TempDatabase WithProject(string? settings = null)
    {
        var db = new TempDatabase();
        using var c = db.Database.Open();
        c.Execute("INSERT INTO projects (name, created_at, settings) VALUES ('P', now(), $s)", ("s", settings));
        return db;
    }

    [Fact]
    public void Load_NoSettings_Defaults()
    {
        using var db = WithProject();

        var s = Load(db);

        Assert.Equal(new CostSettings(), s);
        Assert.Equal(0.99, s.LeadTimeCapPercentile);
        Assert.Equal("USD", s.DefaultCurrency);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsAndKeepsOtherKeys()
    {
        using var db = WithProject("""{"drift":{"window_days":7}}""");
        var wanted = new CostSettings
        {
            DefaultCurrency = "EUR", DefaultHourlyRate = 21.5, LeadTimeCapSeconds = 900, LeadTimeCapPercentile = null,
            TargetAccuracy = 0.9, MinGoldAnswers = 20,
        };

        CostSettings.Save(db.Database, "P", wanted);

        Assert.Equal(wanted, Load(db));
        using var c = db.Database.Open();
        Assert.Equal(7L, c.ScalarLong("SELECT json_extract(settings, '$.drift.window_days')::BIGINT FROM projects"));
    }

    [Fact]
    public void Save_NullPercentile_MeansNoCapAfterReload()
    {
        using var db = WithProject();

        CostSettings.Save(db.Database, "P", new CostSettings { LeadTimeCapPercentile = null });

        Assert.Null(Load(db).LeadTimeCapPercentile);
        Assert.Equal("none", Load(db).CapRule);
    }

    [Theory]
    [InlineData("""{"cost":{"default_currency":"dollars"}}""")]
    [InlineData("""{"cost":{"lead_time_cap_percentile":1.5}}""")]
    [InlineData("""{"cost":{"default_hourly_rate":"twenty"}}""")]
    public void Load_BadSettings_QualityExceptionNamingTheProblem(string json)
    {
        using var db = WithProject(json);

        Assert.ThrowsAny<QualityException>(() => Load(db));
    }

    [Fact]
    public void Save_UnknownProject_Throws()
    {
        using var db = new TempDatabase();

        var ex = Assert.Throws<QualityException>(() => CostSettings.Save(db.Database, "nope", new CostSettings()));

        Assert.Contains("nope", ex.Message);
    }
}
