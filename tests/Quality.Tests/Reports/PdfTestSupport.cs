using System.Diagnostics;
using System.Text;
using Quality.Reports.Composition;
using UglyToad.PdfPig.Content;

namespace Quality.Tests.Reports;

/// <summary>A clock that always says the same instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock Default { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 15, 42, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A line of text rebuilt from a page's letters: what a reader sees on one baseline, left to right.</summary>
internal sealed record PdfLine(string Text, double Baseline, double Left, double Right, double Size);

/// <summary>Reads text back out of rendered PDFs the way a person reads it: by lines.</summary>
internal static class PdfText
{
    /// <summary>Horizontal lines top to bottom; letters on one baseline are joined, with a space wherever a gap or a space glyph separates them.</summary>
    public static List<PdfLine> Lines(Page page)
    {
        var letters = page.Letters.Where(l => l.TextOrientation == TextOrientation.Horizontal)
            .OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X).ToList();
        var groups = new List<List<Letter>>();
        foreach (var l in letters)
        {
            if (groups.Count > 0 && Math.Abs(groups[^1][0].StartBaseLine.Y - l.StartBaseLine.Y) < 1.0) groups[^1].Add(l);
            else groups.Add([l]);
        }
        var lines = new List<PdfLine>();
        foreach (var g in groups)
        {
            g.Sort((a, b) => a.StartBaseLine.X.CompareTo(b.StartBaseLine.X));
            var sb = new StringBuilder();
            Letter? prev = null;
            foreach (var l in g)
            {
                if (prev is not null && !string.IsNullOrWhiteSpace(l.Value) && sb.Length > 0 && sb[^1] != ' '
                    && l.StartBaseLine.X - prev.EndBaseLine.X > 0.2 * l.PointSize)
                    sb.Append(' ');
                sb.Append(string.IsNullOrWhiteSpace(l.Value) ? " " : l.Value);
                prev = l;
            }
            var text = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > 0)
                lines.Add(new PdfLine(text, g[0].StartBaseLine.Y, g.Min(l => l.StartBaseLine.X), g.Max(l => l.EndBaseLine.X), g.Max(l => l.PointSize)));
        }
        return lines;
    }

    /// <summary>Lines of the body only: below the running header and above the footer.</summary>
    public static List<PdfLine> BodyLines(Page page, PageSetup setup) =>
        [.. Lines(page).Where(l => l.Baseline < page.Height - setup.MarginTop + 2 && l.Baseline > setup.MarginBottom - 2)];
}

/// <summary>Renders PDF pages to PNG with poppler's pdftoppm, when the machine has it.</summary>
internal static class PdfToPng
{
    /// <summary>pdftoppm found on PATH, or null.</summary>
    public static string? Tool { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "pdftoppm"))
        .FirstOrDefault(File.Exists);

    public static (string[] Files, string Stderr) Render(byte[] pdf, string dir, int dpi)
    {
        Directory.CreateDirectory(dir);
        foreach (var old in Directory.GetFiles(dir, "page-*.png")) File.Delete(old);
        var input = Path.Combine(dir, "report.pdf");
        File.WriteAllBytes(input, pdf);
        var psi = new ProcessStartInfo(Tool ?? throw new InvalidOperationException("pdftoppm is not installed")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", input, Path.Combine(dir, "page") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pdftoppm failed ({p.ExitCode}): {stderr.Result}");
        return ([.. Directory.GetFiles(dir, "page-*.png").Order(StringComparer.Ordinal)], stderr.Result);
    }
}
