using Quality.Charts;
using ScottPlot;

namespace Quality.Reports.Composition.Demo;

/// <summary>The demo's charts, built from the model at compose time.</summary>
public static class CompositionDemoCharts
{
    /// <summary>Bar chart of annotations per week (the dashboard's chart, reused).</summary>
    public static Plot WeeklyVolume(CompositionDemoModel model) =>
        AnnotationsPerWeekChart.Build([.. model.Weeks.Select(w => (w.Start, w.Annotations))]);

    /// <summary>Scatter of gold accuracy against time per label, one point per annotator, with a least-squares line.</summary>
    public static Plot SpeedAndAccuracy(CompositionDemoModel model)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, "Gold accuracy vs time per label", "Median time per label (s)", "Gold accuracy (%)");
        var xs = model.Annotators.Select(a => a.MedianSeconds).ToArray();
        var ys = model.Annotators.Select(a => a.GoldAccuracy).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.Color = ChartTheme.Primary.WithAlpha(0.75);
        points.MarkerSize = 5;
        points.LegendText = "Annotator";

        var (slope, intercept) = LeastSquares(xs, ys);
        var x0 = xs.Min();
        var x1 = xs.Max();
        var fit = plot.Add.Line(x0, intercept + slope * x0, x1, intercept + slope * x1);
        fit.Color = ChartTheme.Alert;
        fit.LineWidth = 2;
        fit.LegendText = "Least-squares fit";
        // Below the axes, not inside: inside, the legend box would hide points.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static (double Slope, double Intercept) LeastSquares(double[] xs, double[] ys)
    {
        var mx = xs.Average();
        var my = ys.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }
        var slope = sxx == 0 ? 0 : sxy / sxx;
        return (slope, my - slope * mx);
    }
}
