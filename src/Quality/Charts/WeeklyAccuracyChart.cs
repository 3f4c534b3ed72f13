using Quality.Analytics.Intervals;
using ScottPlot;

namespace Quality.Charts;

/// <summary>Correct answers out of answers on gold items in one week (Monday start, UTC).</summary>
public readonly record struct WeeklyAccuracy(DateTime WeekStart, long Correct, long Answers);

/// <summary>
/// An annotator's accuracy on gold per week, each point with its Wilson 95% interval, against the whole team's
/// weekly accuracy; optionally a dashed line where a change was detected.
/// </summary>
public static class WeeklyAccuracyChart
{
    public static Plot Build(string annotator, string field, IReadOnlyList<WeeklyAccuracy> weeks, IReadOnlyList<WeeklyAccuracy> team,
        DateTime? changepoint = null)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Weekly gold accuracy of {KappaHeatmapChart.ShortName(annotator)} on {field}", "Week starting (Monday, UTC)",
            "Accuracy on gold items (%)");
        var own = weeks.Where(w => w.Answers > 0).ToList();
        if (own.Count == 0)
        {
            plot.Add.Annotation("No answers on gold items in this view");
            return plot;
        }
        var teamWeeks = team.Where(w => w.Answers > 0).ToList();
        if (teamWeeks.Count > 0)
        {
            var line = plot.Add.ScatterLine(teamWeeks.Select(w => w.WeekStart.ToOADate()).ToArray(),
                teamWeeks.Select(w => 100.0 * w.Correct / w.Answers).ToArray(), ChartTheme.Muted);
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "Team (all annotators)";
        }

        var xs = own.Select(w => w.WeekStart.ToOADate()).ToArray();
        var ys = own.Select(w => 100.0 * w.Correct / w.Answers).ToArray();
        var intervals = own.Select(w => WilsonInterval.Compute(w.Correct, w.Answers)).ToArray();
        var bars = plot.Add.ErrorBar(xs, ys, new double[xs.Length]);
        bars.YErrorNegative = ys.Select((y, i) => y - 100 * intervals[i].Lower!.Value).ToArray();
        bars.YErrorPositive = ys.Select((y, i) => 100 * intervals[i].Upper!.Value - y).ToArray();
        bars.Color = ChartTheme.Primary;
        bars.LineWidth = 1.5f;
        bars.CapSize = 6;
        var points = plot.Add.ScatterLine(xs, ys, ChartTheme.Primary);
        points.MarkerSize = 8;
        points.MarkerShape = MarkerShape.FilledCircle;
        points.LineWidth = 2;
        points.LegendText = "Annotator, with 95% Wilson interval";

        if (changepoint is { } cp)
        {
            var v = plot.Add.VerticalLine(cp.ToOADate(), 2, ChartTheme.Alert, LinePattern.Dotted);
            v.LegendText = "Detected change";
        }
        ChartTheme.DateTicks(plot, own.Select(w => w.WeekStart).Union(teamWeeks.Select(w => w.WeekStart)).Order().ToList());
        plot.Axes.SetLimitsY(0, 104);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    public static string Svg(string annotator, string field, IReadOnlyList<WeeklyAccuracy> weeks, IReadOnlyList<WeeklyAccuracy> team,
        DateTime? changepoint = null, int width = 720, int height = 340)
        => ChartTheme.ToSvg(Build(annotator, field, weeks, team, changepoint), width, height);
}
