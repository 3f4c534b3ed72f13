using Quality.Charts;

namespace Quality.Web.Tests.Charts;

/// <summary>Each chart builder renders a titled SVG with labelled axes and the data it was given.</summary>
public sealed class ChartRenderTests
{
    /// <summary>The texts an SVG draws, trimmed and un-escaped (ScottPlot writes one text element per line).</summary>
    private static List<string> Texts(string svg) =>
        System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*>([^<]*)</text>")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();

    private static void Draws(string svg, params string[] texts)
    {
        var drawn = Texts(svg);
        foreach (var t in texts) Assert.True(drawn.Contains(t), $"the chart draws \"{t}\"; it draws: {string.Join(" | ", drawn)}");
    }

    private static readonly DateTime Monday = new(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void KappaHeatmap_ThreeAnnotators_LabelsEachCellWithKappaAndSharedItems()
    {
        string[] names = ["ann@example.com", "bob@example.com", "cy@example.com"];
        var kappa = new double?[3, 3];
        var items = new int[3, 3];
        kappa[0, 1] = kappa[1, 0] = 0.8123;
        items[0, 1] = items[1, 0] = 57;
        kappa[0, 2] = kappa[2, 0] = -0.25;
        items[0, 2] = items[2, 0] = 12;

        var svg = KappaHeatmapChart.Svg("sentiment", names, kappa, items);

        Assert.StartsWith("<?xml", svg);
        // Axis labels are the part before the @; the pair that shares no item is marked with a dash.
        Draws(svg, "Pairwise Cohen's κ on sentiment", "0.81", "n=57", "-0.25", "n=12", "bob", "Annotator", "—");
    }

    [Fact]
    public void KappaHeatmap_OneAnnotator_SaysWhyThereIsNoChart()
    {
        var svg = KappaHeatmapChart.Svg("f", ["solo"], new double?[1, 1], new int[1, 1]);

        Draws(svg, "Agreement needs two annotators who share items");
    }

    [Fact]
    public void WeeklyAccuracy_TwoWeeksAndAChange_DrawsPointsIntervalsTeamLineAndLegend()
    {
        WeeklyAccuracy[] own = [new(Monday, 18, 20), new(Monday.AddDays(7), 9, 20)];
        WeeklyAccuracy[] team = [new(Monday, 160, 200), new(Monday.AddDays(7), 150, 200)];

        var svg = WeeklyAccuracyChart.Svg("mei.lin@example.com", "sentiment", own, team, Monday.AddDays(7));

        Draws(svg, "Weekly gold accuracy of mei.lin on sentiment", "Accuracy on gold items (%)", "Week starting (Monday, UTC)",
            "2026-09-07", "2026-09-14", "Team (all annotators)", "Detected change");
    }

    [Fact]
    public void WeeklyAccuracy_NoGoldAnswers_SaysSo()
    {
        var svg = WeeklyAccuracyChart.Svg("a", "f", [new(Monday, 0, 0)], []);

        Draws(svg, "No answers on gold items in this view");
    }

    [Fact]
    public void LabelDistribution_FourLabels_NamesEachLabelAndBothSeries()
    {
        var svg = LabelDistributionChart.Svg("yara@example.com", "sentiment", ["negative", "neutral", "positive", "mixed"], [10, 40, 40, 10], [25, 25, 40, 10]);

        Draws(svg, "Labels given by yara vs the rest of the team on sentiment", "Share of answers (%)", "Label",
            "negative", "neutral", "positive", "mixed", "yara", "Rest of the team");
    }

    [Fact]
    public void Sparkline_EightWeeks_IsASmallSvgWithALine()
    {
        var weeks = Enumerable.Range(0, 8).Select(i => (Monday.AddDays(7 * i), (long)(800 + 20 * i))).ToList();

        var svg = WeeklyVolumeSparkline.Svg(weeks);

        Assert.Contains("width=\"140\"", svg);
        Assert.Contains("height=\"32\"", svg);
        Assert.Contains("<path", svg);
    }
}
