using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Quality.Reports.Composition;
using Quality.Reports.Composition.Demo;

namespace Quality.Benchmarks;

/// <summary>
/// Rendering time of a report the size of the final audit report (~30 pages, ~15 charts): the composition demo
/// plus extra sections built from the same primitives, rendered in-process (compose, layout, draw, outline).
/// </summary>
public static class PdfBenchmark
{
    private const int RowsPerSection = 36;

    public static string Run(int extraSections = 13, int runs = 5)
    {
        var model = CompositionDemoData.Create();
        var clock = TimeProvider.System;
        var (pdf, coldWall, coldCpu) = Timed(() => ReportPdf.Render(new ScaledDocument(model, extraSections), clock));
        var warm = Enumerable.Range(0, runs).Select(_ => Timed(() => ReportPdf.Render(new ScaledDocument(model, extraSections), clock))).ToList();
        var walls = warm.Select(w => w.Wall).Order().ToList();
        var cpus = warm.Select(w => w.Cpu).Order().ToList();
        // Skia writes page dictionaries uncompressed: "/Type /Page" once per page ("/Type /Pages" is the tree).
        var pages = Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type /Page\b(?!s)");
        var charts = 2 + extraSections;

        var sb = new StringBuilder();
        sb.AppendLine("## PDF report rendering (`ReportPdf.Render`)");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {BenchmarkDoc.Machine()}. Document: the composition demo plus {extraSections} sections, {pages} pages, {charts} ScottPlot charts, {model.Annotators.Count + RowsPerSection * extraSections} table rows; {pdf.Length / 1024.0:F0} KiB.");
        sb.AppendLine();
        sb.AppendLine("| run | wall time (s) | CPU time (s) |");
        sb.AppendLine("|---|---:|---:|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| first render in the process (JIT, font loading) | {coldWall:F2} | {coldCpu:F2} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| warm, median of {runs} | {walls[runs / 2]:F2} | {cpus[runs / 2]:F2} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| warm, fastest | {walls[0]:F2} | {cpus[0]:F2} |");
        sb.AppendLine();
        var worst = Math.Max(coldWall, walls[^1]);
        // CPU time is what the render costs; wall time also counts waiting for a core other work holds.
        sb.AppendLine(CultureInfo.InvariantCulture, $"Target: under 3 s for ~30 pages and ~15 charts → {(worst < 3 ? "met" : "NOT met")} (slowest wall time {worst:F2} s; machine load average {LoadAverage()} while measuring).");
        return sb.ToString();
    }

    private static (byte[] Pdf, double Wall, double Cpu) Timed(Func<byte[]> render)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var pdf = render();
        wall.Stop();
        process.Refresh();
        return (pdf, wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>The demo followed by sections that each hold prose, a chart and a table.</summary>
    private sealed class ScaledDocument(CompositionDemoModel model, int extraSections) : IReportDocument
    {
        private readonly CompositionDemoDocument demo = new(model);

        public ReportMetadata Metadata => demo.Metadata;

        public void Compose(ReportComposer report)
        {
            demo.Compose(report);
            const string prose = "Each section of the full report repeats this pattern for one field or one annotator pool: a short reading of the numbers, the chart that shows them over time, and the table a reviewer checks the details against. The text wraps over several lines so that layout does real work.";
            for (var s = 0; s < extraSections; s++)
            {
                var chart = s % 2 == 0 ? CompositionDemoCharts.WeeklyVolume(model) : CompositionDemoCharts.SpeedAndAccuracy(model);
                report.Heading(1, $"{4 + s} Field {s + 1}")
                    .Paragraph(prose)
                    .Chart(chart, 210, $"Figure {3 + s}. Chart of field {s + 1}.")
                    .Paragraph(prose)
                    .Table(t =>
                    {
                        t.Column("Annotator", ColumnWidth.Relative()).Column("Pool", ColumnWidth.Relative())
                            .Column("κ", ColumnWidth.Fixed(50), TextAlign.Right).Column("Gold accuracy", ColumnWidth.Fixed(80), TextAlign.Right);
                        foreach (var a in model.Annotators.Skip(RowsPerSection * s % (model.Annotators.Count - RowsPerSection)).Take(RowsPerSection))
                            t.Row(a.Id, a.Pool, a.Kappa.ToString("0.000", CultureInfo.InvariantCulture), a.GoldAccuracy.ToString("0.0", CultureInfo.InvariantCulture) + " %");
                    });
            }
        }
    }
}
