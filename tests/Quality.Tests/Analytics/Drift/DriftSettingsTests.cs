using System.Text.Json.Nodes;
using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class DriftSettingsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"currency\": \"EUR\"}")]
    public void FromProjectSettings_NoDriftObject_Defaults(string? json)
    {
        Assert.Equal(DriftSettings.Default, DriftSettings.FromProjectSettings(json));
    }

    [Fact]
    public void FromProjectSettings_SomeKeys_OverridesThoseAndKeepsTheRest()
    {
        var s = DriftSettings.FromProjectSettings("""{"drift": {"delta": 0.2, "rolling_window": 30, "agreement_consensus": "majority"}}""");

        Assert.Equal(0.2, s.Delta);
        Assert.Equal(30, s.RollingWindow);
        Assert.Equal(AgreementConsensus.Majority, s.AgreementConsensus);
        Assert.Equal(DriftSettings.Default.FalseAlarmRate, s.FalseAlarmRate);
        Assert.Equal(50, s.BaselineAnswers);
    }

    [Theory]
    [InlineData("""{"drift": {"detla": 0.2}}""")]
    [InlineData("""{"drift": {"delta": 1.5}}""")]
    [InlineData("""{"drift": {"delta": "0.2"}}""")]
    [InlineData("""{"drift": {"baseline_answers": 80}}""")]
    [InlineData("""{"drift": {"accuracy_delta": 0}}""")]
    [InlineData("""{"drift": {"accuracy_baseline_answers": 300}}""")]
    [InlineData("""{"drift": {"changepoint_window_days": 0}}""")]
    [InlineData("not json")]
    public void FromProjectSettings_TypoOrOutOfRange_IsAnError(string json)
    {
        Assert.Throws<QualityException>(() => DriftSettings.FromProjectSettings(json));
    }

    [Fact]
    public void MergeInto_OtherKeys_AreKept()
    {
        var merged = (DriftSettings.Default with { Delta = 0.25 }).MergeInto("""{"currency": "EUR", "drift": {"delta": 0.1}}""");

        var root = JsonNode.Parse(merged)!;
        Assert.Equal("EUR", root["currency"]!.GetValue<string>());
        Assert.Equal(0.25, root["drift"]!["delta"]!.GetValue<double>());
        Assert.Equal(0.25, DriftSettings.FromProjectSettings(merged).Delta);
    }
}
