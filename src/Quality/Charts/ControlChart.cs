using Quality.Analytics.Drift;
using ScottPlot;

namespace Quality.Charts;

/// <summary>
/// The control chart of a drift detector: the Bernoulli CUSUM after each monitored answer against its limit, the
/// answers of the baseline shaded, each signal marked and the estimated change point drawn as a vertical line.
/// </summary>
public static class ControlChart
{
    public static Plot Build(ControlChartSeries series)
    {
        var plot = new Plot();
        var what = series.Kind == DriftKind.Agreement ? "agreement with consensus" : series.Kind.Describe();
        ChartTheme.Apply(plot, $"Control chart of {what}: {KappaHeatmapChart.ShortName(series.Annotator)} on {series.Field}",
            "Answer date (UTC)", "CUSUM (log-likelihood ratio)");
        if (series.Points.Count == 0 || series.Limit is null)
        {
            plot.Add.Annotation(series.Points.Count == 0 ? "No answers to monitor in this view" : "Too few answers to monitor yet");
            return plot;
        }
        var xs = series.Points.Select(p => p.At.ToOADate()).ToArray();
        var ys = series.Points.Select(p => p.Cusum).ToArray();
        if (series.BaselineAnswers > 0 && series.BaselineAnswers <= xs.Length)
        {
            var span = plot.Add.HorizontalSpan(xs[0], xs[series.BaselineAnswers - 1]);
            span.FillColor = ChartTheme.Muted.WithAlpha(0.18);
            span.LineColor = Colors.Transparent;
            span.LegendText = $"Baseline ({series.BaselineAnswers} answers, p₀ = {series.P0:0.000})";
        }
        var path = plot.Add.ScatterLine(xs, ys, ChartTheme.Primary);
        path.LineWidth = 2;
        path.LegendText = "CUSUM";
        var limit = plot.Add.HorizontalLine(series.Limit.Value, 2, ChartTheme.Alert, LinePattern.Dashed);
        limit.LegendText = $"Limit h = {series.Limit.Value:0.00}";
        if (series.SignalIndices.Count > 0)
        {
            var signals = plot.Add.ScatterPoints(series.SignalIndices.Select(i => xs[i]).ToArray(), series.SignalIndices.Select(i => ys[i]).ToArray(), ChartTheme.Alert);
            signals.MarkerSize = 10;
            signals.MarkerShape = MarkerShape.FilledTriangleUp;
            signals.LegendText = "Signal";
        }
        foreach (var (c, n) in series.ChangeIndices.Select((c, n) => (c, n)))
        {
            var v = plot.Add.VerticalLine(xs[Math.Clamp(c, 0, xs.Length - 1)], 2, ChartTheme.Palette[2], LinePattern.Dotted);
            if (n == 0) v.LegendText = "Estimated change point";
        }
        var days = series.Points.Select(p => p.At.Date).Distinct().ToList();
        ChartTheme.DateTicks(plot, days.Count <= 1 ? days : WeekStarts(days.First(), days.Last()));
        plot.Axes.SetLimitsY(0, Math.Max(series.Limit.Value * 1.25, ys.Max() * 1.1));
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    public static string Svg(ControlChartSeries series, int width = 720, int height = 340) =>
        ChartTheme.ToSvg(Build(series), width, height);

    private static List<DateTime> WeekStarts(DateTime first, DateTime last)
    {
        var monday = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var list = new List<DateTime>();
        for (var d = monday; d <= last; d = d.AddDays(7)) list.Add(d);
        return list;
    }
}
