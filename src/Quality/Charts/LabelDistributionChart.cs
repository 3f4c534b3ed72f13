using ScottPlot;

namespace Quality.Charts;

/// <summary>Side-by-side bars: the share of each label in one annotator's answers and in everyone else's.</summary>
public static class LabelDistributionChart
{
    public static Plot Build(string annotator, string field, IReadOnlyList<string> labels, IReadOnlyList<long> own, IReadOnlyList<long> others)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Labels given by {KappaHeatmapChart.ShortName(annotator)} vs the rest of the team on {field}", "Label",
            "Share of answers (%)");
        long ownTotal = own.Sum(), othersTotal = others.Sum();
        if (labels.Count == 0 || ownTotal == 0)
        {
            plot.Add.Annotation("No answers in this view");
            return plot;
        }
        var bars = new List<Bar>();
        for (var k = 0; k < labels.Count; k++)
        {
            bars.Add(new Bar { Position = 3 * k, Value = 100.0 * own[k] / ownTotal, FillColor = ChartTheme.Primary, LineWidth = 0, Size = 0.9 });
            if (othersTotal > 0)
                bars.Add(new Bar { Position = 3 * k + 1, Value = 100.0 * others[k] / othersTotal, FillColor = ChartTheme.Palette[1], LineWidth = 0, Size = 0.9 });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(labels.Select((_, k) => 3.0 * k + 0.5).ToArray(), labels.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = KappaHeatmapChart.ShortName(annotator), FillColor = ChartTheme.Primary });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Rest of the team", FillColor = ChartTheme.Palette[1] });
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    public static string Svg(string annotator, string field, IReadOnlyList<string> labels, IReadOnlyList<long> own, IReadOnlyList<long> others,
        int width = 720, int height = 320)
        => ChartTheme.ToSvg(Build(annotator, field, labels, own, others), width, height);
}
