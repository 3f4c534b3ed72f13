using Quality.Analytics.Redundancy;
using ScottPlot;

namespace Quality.Charts;

/// <summary>
/// Expected consensus accuracy with k annotators per item (majority vote and Dawid–Skene, each with its 95%
/// interval), the target as a horizontal line and the recommended k marked.
/// </summary>
public static class RedundancyChart
{
    public static Plot Build(string field, RedundancyResult curve)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Annotators per item against consensus accuracy on {field}", "Annotators per item (k)", "Expected consensus accuracy (%)");
        if (curve.Points.Count == 0)
        {
            plot.Add.Annotation(curve.Reason ?? "No gold items to estimate the curve on");
            return plot;
        }
        void Series(IReadOnlyList<(int K, EstimatedAccuracy A)> data, Color color, string name, MarkerShape marker, double shift)
        {
            if (data.Count == 0) return;
            var xs = data.Select(d => d.K + shift).ToArray();
            var ys = data.Select(d => 100 * d.A.Mean).ToArray();
            var err = plot.Add.ErrorBar(xs, ys, new double[xs.Length]);
            err.YErrorNegative = data.Select(d => 100 * (d.A.Mean - d.A.Lower)).ToArray();
            err.YErrorPositive = data.Select(d => 100 * (d.A.Upper - d.A.Mean)).ToArray();
            err.Color = color;
            err.CapSize = 5;
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.MarkerShape = marker;
            line.LegendText = name;
        }
        Series(curve.Points.Select(p => (p.K, p.MajorityVote)).ToList(), ChartTheme.Palette[0], "Majority vote", MarkerShape.FilledCircle, -0.06);
        Series(curve.Points.Where(p => p.DawidSkene is not null).Select(p => (p.K, p.DawidSkene!.Value)).ToList(), ChartTheme.Palette[1],
            "Dawid–Skene", MarkerShape.FilledSquare, 0.06);
        var target = plot.Add.HorizontalLine(100 * curve.TargetAccuracy, 1.5f, ChartTheme.Alert, LinePattern.Dashed);
        target.LegendText = $"Target {100 * curve.TargetAccuracy:0.#}%";
        var k = curve.DawidSkene?.K ?? curve.MajorityVote.K;
        if (k is { } best)
        {
            var v = plot.Add.VerticalLine(best, 1.5f, ChartTheme.Palette[2], LinePattern.Dotted);
            v.LegendText = $"Recommended k = {best} ({(curve.DawidSkene?.K is not null ? "Dawid–Skene" : "majority vote")})";
        }
        var ks = curve.Points.Select(p => p.K).ToArray();
        // Cost per item is k × the cost per answer: the table beside the chart has it; the ticks stay short.
        plot.Axes.Bottom.SetTicks(ks.Select(x => (double)x).ToArray(), ks.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(ks.Min() - 0.5, ks.Max() + 0.5);
        var low = curve.Points.Min(p => Math.Min(p.MajorityVote.Lower, p.DawidSkene?.Lower ?? 1));
        plot.Axes.SetLimitsY(Math.Max(0, 100 * low - 5), 101);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    public static string Svg(string field, RedundancyResult curve, int width = 720, int height = 400) =>
        ChartTheme.ToSvg(Build(field, curve), width, height);
}
