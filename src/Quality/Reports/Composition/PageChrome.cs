namespace Quality.Reports.Composition;

/// <summary>The running header (title, right-hand note, rule) and footer (note, "Page X of Y") of every page.</summary>
internal static class PageChrome
{
    public static void Draw(DrawContext c, PageSetup page, string title)
    {
        var style = new TextStyle(ReportFont.Regular, 8f, c.Theme.Muted);
        var left = page.MarginLeft;
        var right = page.Width - page.MarginRight;
        var width = right - left;

        var headerBaseline = page.MarginTop - 24;
        var headerRight = c.Fonts.Printable(page.HeaderRight ?? "", style.Font);
        var headerRightWidth = c.Fonts.Measure(headerRight, style);
        var headerLeft = Drawing.Fit(c.Fonts, c.Fonts.Printable(page.HeaderLeft ?? title, ReportFont.Bold), style.AsBold(), width - headerRightWidth - 16);
        c.Fonts.DrawText(c.Canvas, headerLeft, left, headerBaseline, style.AsBold());
        c.Fonts.DrawText(c.Canvas, headerRight, right - headerRightWidth, headerBaseline, style);
        Drawing.HorizontalRule(c.Canvas, left, right, page.MarginTop - 16, c.Theme.Rule, 0.6f);

        var footerTop = page.ContentBottom + 18;
        Drawing.HorizontalRule(c.Canvas, left, right, footerTop, c.Theme.Rule, 0.6f);
        var label = page.PageLabel(c.PageNumber, c.PageCount);
        var labelWidth = c.Fonts.Measure(label, style);
        var footerBaseline = footerTop + 14;
        c.Fonts.DrawText(c.Canvas, label, right - labelWidth, footerBaseline, style);
        if (page.FooterLeft is { } footer)
            c.Fonts.DrawText(c.Canvas, Drawing.Fit(c.Fonts, c.Fonts.Printable(footer, style.Font), style, width - labelWidth - 16), left, footerBaseline, style);
    }
}
