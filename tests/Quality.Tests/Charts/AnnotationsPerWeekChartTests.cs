using Quality.Charts;

namespace Quality.Tests.Charts;

public sealed class AnnotationsPerWeekChartTests
{
    [Fact]
    public void Svg_SomeWeeks_KeepsTheXAxisTitleAfterSwitchingToDateTicks()
    {
        var monday = new DateTime(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);
        var svg = AnnotationsPerWeekChart.Svg([(monday, 120), (monday.AddDays(7), 95)]);
        Assert.Contains("Annotations per week", svg, StringComparison.Ordinal);
        Assert.Contains("Week starting (Monday, UTC)", svg, StringComparison.Ordinal);
    }
}
