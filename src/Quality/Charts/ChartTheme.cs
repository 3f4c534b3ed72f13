using ScottPlot;

namespace Quality.Charts;

/// <summary>One look for every chart: Okabe–Ito colours (safe for colour-blind readers), readable fonts, light grid.</summary>
public static class ChartTheme
{
    /// <summary>Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    public static Color Primary => Palette[0];
    public static Color Alert => Palette[5];
    public static Color Muted => Color.FromHex("#9CA3AF");

    /// <summary>The font every chart uses; sans-serif, with glyphs for the statistics' Greek letters.</summary>
    public const string FontName = "DejaVu Sans";

    public static void Apply(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Font.Set(FontName);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        plot.Axes.Title.Label.Bold = true;
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E7EB");
        plot.Axes.Color(Color.FromHex("#374151"));
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
    }

    /// <summary>Bottom-axis ticks at the given dates, written as ISO dates, thinned so labels never collide.</summary>
    public static void DateTicks(Plot plot, IReadOnlyList<DateTime> dates, int maxLabels = 10)
    {
        var step = Math.Max(1, (int)Math.Ceiling(dates.Count / (double)maxLabels));
        var picked = dates.Where((_, i) => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(
            picked.Select(d => d.ToOADate()).ToArray(),
            picked.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>SVG for the web: scalable, selectable text, small.</summary>
    public static string ToSvg(Plot plot, int width = 720, int height = 320) => plot.GetSvgXml(width, height);
}
