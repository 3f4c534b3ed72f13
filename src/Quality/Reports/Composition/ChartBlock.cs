using Quality.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace Quality.Reports.Composition;

/// <summary>
/// A ScottPlot chart drawn straight onto the PDF page canvas, so lines, bars and text stay vectors (text stays
/// selectable), with its caption below; chart and caption are one piece and never part.
/// </summary>
internal sealed class ChartBlock(Plot plot, float height, float? width, string? caption) : Block
{
    /// <summary>
    /// PDF points per ScottPlot pixel. ScottPlot sizes fonts and lines in pixels for a 96 dpi screen; drawing one
    /// pixel as 0.75 pt keeps those proportions on paper (12 px tick labels become 9 pt).
    /// </summary>
    public const float PointsPerPixel = 0.75f;

    private const float CaptionGap = 5f;

    public override BlockLayout Layout(LayoutContext context, float columnWidth)
    {
        var chartWidth = Math.Min(width ?? columnWidth, columnWidth);
        var style = context.Theme.Small;
        var lines = caption is null ? [] : TextLayout.Wrap([new TextRun(caption, style)], chartWidth, context.Fonts, context.Theme.LineSpacing, style);
        var total = height + (lines.Count > 0 ? CaptionGap + TextLayout.Height(lines) : 0);
        return new BlockLayout
        {
            Pieces =
            [
                new Piece(total, (c, x, y, w) =>
                {
                    var left = x + (w - chartWidth) / 2;
                    Draw(c.Canvas, left, y, chartWidth);
                    var top = y + height + CaptionGap;
                    foreach (var line in lines)
                    {
                        TextLayout.DrawLine(c, line, left, top, chartWidth, TextAlign.Left);
                        top += line.Height;
                    }
                }),
            ],
            SpaceBefore = context.Theme.BlockSpacing + 4,
            SpaceAfter = context.Theme.BlockSpacing + 6,
            KeepTogether = true,
        };
    }

    private void Draw(SKCanvas canvas, float x, float y, float chartWidth)
    {
        plot.Font.Set(ReportFonts.ChartFamily);
        // Font.Set covers axes, title and legend; text plottables (cell labels, point labels, notes) name their own
        // font: point them at the embedded family too.
        foreach (var plottable in plot.GetPlottables())
        {
            switch (plottable)
            {
                case ScottPlot.Plottables.Text text:
                    text.LabelFontName = ReportFonts.ChartFamily;
                    break;
                case ScottPlot.Plottables.Annotation note:
                    note.LabelFontName = ReportFonts.ChartFamily;
                    break;
            }
        }
        // On a page, clearing "the canvas" would paint over everything already drawn on it.
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        var pixelWidth = (int)MathF.Round(chartWidth / PointsPerPixel);
        var pixelHeight = (int)MathF.Round(height / PointsPerPixel);
        // ScottPlot renders again when a pass changed the axis limits (a new plot's first pass autoscales), and
        // without clearing every pass would land on the page: doubled, bolder-looking text that extracts twice.
        // Settle the layout on a throwaway recording first, so the page gets exactly one pass.
        for (var attempt = 0; attempt < 4 && Passes(() => Record(pixelWidth, pixelHeight)) > 1; attempt++) { }

        var save = canvas.Save();
        canvas.Translate(x, y);
        // No clip: ScottPlot centres the outermost tick labels on the data area's edges, so they may overhang
        // the figure by a few points; the page margin has room for that, a clip would cut them in half.
        canvas.Scale(PointsPerPixel);
        var passes = Passes(() => plot.Render(canvas, pixelWidth, pixelHeight));
        // ScottPlot scales the canvas without restoring it; the saved state undoes that too.
        canvas.RestoreToCount(save);
        if (passes != 1) throw new InvalidOperationException($"the chart was drawn {passes} times over itself: its axis limits did not settle");
    }

    private void Record(int pixelWidth, int pixelHeight)
    {
        using var recorder = new SKPictureRecorder();
        plot.Render(recorder.BeginRecording(new SKRect(0, 0, pixelWidth, pixelHeight)), pixelWidth, pixelHeight);
        using var discarded = recorder.EndRecording();
    }

    private int Passes(Action render)
    {
        var before = plot.RenderManager.RenderCount;
        render();
        return plot.RenderManager.RenderCount - before;
    }
}
