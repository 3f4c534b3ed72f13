using ScottPlot;

namespace Quality.Charts;

/// <summary>Bar chart of how many annotations were made each week (weeks start Monday, UTC).</summary>
public static class AnnotationsPerWeekChart
{
    public static Plot Build(IReadOnlyList<(DateTime WeekStart, long Count)> weeks)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, "Annotations per week", "Week starting (Monday, UTC)", "Annotations");
        if (weeks.Count == 0)
        {
            plot.Add.Annotation("No dated annotations yet");
            return plot;
        }
        var bars = weeks.Select(w => new Bar
        {
            Position = w.WeekStart.ToOADate(),
            Value = w.Count,
            Size = 5.5,
            FillColor = ChartTheme.Primary,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.DateTimeTicksBottom();
        // DateTimeTicksBottom replaces the bottom axis, and the axis title set by the theme with it.
        plot.XLabel("Week starting (Monday, UTC)", size: 12);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    public static string Svg(IReadOnlyList<(DateTime WeekStart, long Count)> weeks, int width = 720, int height = 300)
        => ChartTheme.ToSvg(Build(weeks), width, height);
}
