using ScottPlot;

namespace Quality.Charts;

/// <summary>A word-sized line of weekly volume for the portfolio table: no axes, the last week marked.</summary>
public static class WeeklyVolumeSparkline
{
    public static Plot Build(IReadOnlyList<(DateTime WeekStart, long Count)> weeks)
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Layout.Frameless();
        if (weeks.Count == 0) return plot;
        var xs = weeks.Select((_, i) => (double)i).ToArray();
        var ys = weeks.Select(w => (double)w.Count).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, ChartTheme.Primary);
        line.LineWidth = 1.5f;
        line.FillY = true;
        line.FillYColor = ChartTheme.Primary.WithAlpha(0.15);
        plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledCircle, 4, ChartTheme.Primary);
        plot.Axes.SetLimitsY(0, Math.Max(1, ys.Max()) * 1.1);
        plot.Axes.SetLimitsX(-0.3, Math.Max(1, xs.Length - 1) + 0.3);
        return plot;
    }

    public static string Svg(IReadOnlyList<(DateTime WeekStart, long Count)> weeks, int width = 140, int height = 32)
        => ChartTheme.ToSvg(Build(weeks), width, height);
}
