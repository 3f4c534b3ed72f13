using Quality.Costs;
using ScottPlot;

namespace Quality.Charts;

/// <summary>
/// Quality against cost per answer, one point per annotator coloured by pool, the Pareto frontier (nobody is both
/// cheaper and better) drawn as a step line through its members.
/// </summary>
public static class CostQualityChart
{
    public static Plot Build(string field, IReadOnlyList<AnnotatorCostQuality> annotators, string currency)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Quality against cost on {field}", $"Cost per answer ({currency})", "Quality: gold accuracy (%)");
        var points = annotators.Where(a => a.CostPerAnnotation is not null && a.Quality is not null).ToList();
        if (points.Count == 0)
        {
            plot.Add.Annotation("No annotator has both a known cost and a quality figure");
            return plot;
        }
        var pools = points.Select(a => a.Pool ?? CostQuality.NoPool).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < pools.Count; i++)
        {
            var members = points.Where(a => (a.Pool ?? CostQuality.NoPool) == pools[i]).ToList();
            var s = plot.Add.ScatterPoints(members.Select(a => a.CostPerAnnotation!.Value).ToArray(), members.Select(a => 100 * a.Quality!.Value).ToArray(),
                ChartTheme.Palette[i % ChartTheme.Palette.Length]);
            s.MarkerSize = 10;
            s.MarkerShape = i switch { 0 => MarkerShape.FilledCircle, 1 => MarkerShape.FilledSquare, 2 => MarkerShape.FilledDiamond, _ => MarkerShape.FilledTriangleUp };
            s.LegendText = pools[i];
        }
        var frontier = points.Where(a => a.OnFrontier == true).OrderBy(a => a.CostPerAnnotation).ToList();
        if (frontier.Count > 0)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var a in frontier)
            {
                if (ys.Count > 0)
                {
                    xs.Add(a.CostPerAnnotation!.Value);
                    ys.Add(ys[^1]);
                }
                xs.Add(a.CostPerAnnotation!.Value);
                ys.Add(100 * a.Quality!.Value);
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), ChartTheme.Palette[7]);
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "Pareto frontier";
        }
        foreach (var a in points)
        {
            var t = plot.Add.Text(KappaHeatmapChart.ShortName(a.Annotator), a.CostPerAnnotation!.Value, 100 * a.Quality!.Value);
            t.LabelFontSize = 10;
            t.LabelFontName = ChartTheme.FontName;
            t.LabelFontColor = Color.FromHex("#374151");
            t.LabelAlignment = Alignment.LowerLeft;
            t.OffsetX = 6;
            t.OffsetY = -4;
        }
        var maxX = points.Max(a => a.CostPerAnnotation!.Value);
        plot.Axes.SetLimitsX(0, maxX * 1.3 + 1e-9);
        plot.Axes.SetLimitsY(Math.Max(0, points.Min(a => 100 * a.Quality!.Value) - 8), 102);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    public static string Svg(string field, IReadOnlyList<AnnotatorCostQuality> annotators, string currency, int width = 720, int height = 400) =>
        ChartTheme.ToSvg(Build(field, annotators, currency), width, height);
}
