using System.Globalization;
using ScottPlot;

namespace Quality.Charts;

/// <summary>Annotator × annotator heatmap of pairwise Cohen's kappa, each cell labelled with kappa and the shared items.</summary>
public static class KappaHeatmapChart
{
    /// <summary>Above this many annotators the cells are too small for their numbers; the table beside the chart has them.</summary>
    public const int MaxLabelledAnnotators = 16;

    /// <param name="annotators">Row and column order.</param>
    /// <param name="kappa">kappa[i, j]; null where undefined or the pair shares no item (the diagonal is left empty).</param>
    /// <param name="items">Shared items of each pair.</param>
    public static Plot Build(string field, IReadOnlyList<string> annotators, double?[,] kappa, int[,] items)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Pairwise Cohen's κ on {field}", "Annotator", "Annotator");
        var n = annotators.Count;
        if (n < 2)
        {
            plot.Add.Annotation("Agreement needs two annotators who share items");
            return plot;
        }
        var colormap = new ScottPlot.Colormaps.Viridis();
        var labelled = n <= MaxLabelledAnnotators;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // Row i is drawn at the top for i = 0, as a table reads.
                double left = j - 0.5, right = j + 0.5, top = n - 1 - i + 0.5, bottom = n - 1 - i - 0.5;
                var rect = plot.Add.Rectangle(left, right, bottom, top);
                rect.LineWidth = 1;
                rect.LineColor = Colors.White;
                var value = kappa[i, j];
                if (i == j)
                {
                    rect.FillColor = Color.FromHex("#F3F4F6");
                    continue;
                }
                if (value is not { } k)
                {
                    rect.FillColor = Color.FromHex("#E5E7EB");
                    rect.FillHatch = new ScottPlot.Hatches.Striped();
                    rect.FillHatchColor = Color.FromHex("#CBD5E1");
                    if (labelled) Label(plot, j, n - 1 - i, items[i, j] == 0 ? "—" : "n/a", Colors.Black);
                    continue;
                }
                // Kappa below 0 is worse than chance; it takes the colour of 0 (the number says how much worse).
                var fill = colormap.GetColor(Math.Clamp(k, 0, 1));
                rect.FillColor = fill;
                if (labelled)
                    Label(plot, j, n - 1 - i, k.ToString("F2", CultureInfo.InvariantCulture) + "\nn=" + items[i, j].ToString(CultureInfo.InvariantCulture),
                        k > 0.55 ? Colors.Black : Colors.White);
            }
        }

        var names = annotators.Select(ShortName).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Room for the slanted names below the cells.
        plot.Axes.Bottom.MinimumSize = 20 + 7 * names.Max(s => s.Length);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Grid.IsVisible = false;

        // The colour scale: an invisible heatmap over 0..1 carries the colour bar.
        var scale = plot.Add.Heatmap(new double[,] { { 0, 1 } });
        scale.Colormap = colormap;
        scale.IsVisible = false;
        // The bar is unlabelled (its label collides with its ticks); the figure caption names the scale.
        plot.Add.ColorBar(scale);
        return plot;
    }

    public static string Svg(string field, IReadOnlyList<string> annotators, double?[,] kappa, int[,] items, int size = 720)
        => ChartTheme.ToSvg(Build(field, annotators, kappa, items), size + 120, size);

    /// <summary>The part of an e-mail before the @: axis labels stay short; the table has the full keys.</summary>
    public static string ShortName(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        var s = at > 0 ? key[..at] : key;
        return s.Length > 22 ? s[..21] + "…" : s;
    }

    private static void Label(Plot plot, double x, double y, string text, Color color)
    {
        var t = plot.Add.Text(text, x, y);
        t.LabelFontSize = 10;
        t.LabelFontColor = color;
        t.LabelAlignment = Alignment.MiddleCenter;
        t.LabelFontName = ChartTheme.FontName;
    }
}
