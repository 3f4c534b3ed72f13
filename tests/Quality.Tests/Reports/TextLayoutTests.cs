using Quality.Reports.Composition;
using SkiaSharp;

namespace Quality.Tests.Reports;

public sealed class TextLayoutTests
{
    private static readonly TextStyle Body = new(ReportFont.Regular, 10, SKColors.Black);

    private const string Prose = "Agreement is measured with Krippendorff's alpha for nominal data, which handles any number of annotators per item and missing answers, and with Cohen's kappa for each annotator against the consensus of the others.";

    [Theory]
    [InlineData(120f)]
    [InlineData(200f)]
    [InlineData(333f)]
    public void Wrap_Prose_IsGreedyAndNeverOverflows(float width)
    {
        using var fonts = new FontCache();
        var lines = TextLayout.Wrap([new TextRun(Prose, Body)], width, fonts, 1.3f, Body);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(l.Width <= width + 0.01f, $"\"{l.Text}\" is {l.Width:F2} pt wide"));
        for (var i = 0; i < lines.Count - 1; i++)
        {
            // Greedy: the next line's first word would not have fitted at the end of this one.
            var nextWord = lines[i + 1].Text.Split(' ')[0];
            Assert.True(fonts.Measure(lines[i].Text + " " + nextWord, Body) > width, $"\"{nextWord}\" would fit after \"{lines[i].Text}\"");
        }
        // No word is broken and none is lost.
        Assert.Equal(Prose, string.Join(' ', lines.Select(l => l.Text)));
    }

    [Fact]
    public void Wrap_WordWiderThanTheLine_IsBrokenAndOnlyThatWord()
    {
        using var fonts = new FontCache();
        const string longWord = "https://quality.example/projects/street-scene/exports/2026-11-30/annotations.ndjson";
        var lines = TextLayout.Wrap([new TextRun("See " + longWord + " for the export.", Body)], 100, fonts, 1.3f, Body);

        Assert.Equal("See", lines[0].Text);
        Assert.All(lines, l => Assert.True(l.Width <= 100.01f));
        var middle = lines.Skip(1).TakeWhile(l => !l.Text.Contains(' ', StringComparison.Ordinal)).Select(l => l.Text).ToList();
        Assert.True(middle.Count >= 2, "the long word should take several lines");
        var rest = string.Join(' ', lines.Skip(1 + middle.Count).Select(l => l.Text));
        // The last piece of the broken word may share its line with the words after it.
        Assert.Equal(longWord + " for the export.", string.Concat(middle) + rest);
    }

    [Fact]
    public void Wrap_NewLine_ForcesABreakAndSpacesCollapse()
    {
        using var fonts = new FontCache();
        var lines = TextLayout.Wrap([new TextRun("first   line\nsecond line\n\nfourth", Body)], 400, fonts, 1.3f, Body);
        Assert.Equal(["first line", "second line", "", "fourth"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Wrap_WordAcrossStyles_StaysOneWordAndKeepsBothStyles()
    {
        using var fonts = new FontCache();
        var bold = Body with { Font = ReportFont.Bold };
        // "κ=0.81," spans three runs without a space: it must move to the next line as a whole.
        var runs = new List<TextRun> { new("the mean agreement is ", Body), new("κ=", Body), new("0.81", bold), new(", and so on", Body) };
        var width = fonts.Measure("the mean agreement is κ=0.", Body);
        var lines = TextLayout.Wrap(runs, width, fonts, 1.3f, Body);

        Assert.Equal("the mean agreement is", lines[0].Text);
        Assert.StartsWith("κ=0.81,", lines[1].Text, StringComparison.Ordinal);
        Assert.Contains(lines[1].Segments, s => s.Text == "0.81" && s.Style == bold);
    }

    [Fact]
    public void Wrap_NoBreakSpace_KeepsNumberAndUnitTogether()
    {
        using var fonts = new FontCache();
        var text = "accuracy of 93.5\u00A0%";
        var width = fonts.Measure("accuracy of 93.5", Body) + 1;
        var lines = TextLayout.Wrap([new TextRun(text, Body)], width, fonts, 1.3f, Body);
        Assert.Equal(["accuracy of", "93.5\u00A0%"], lines.Select(l => l.Text));
    }
}
