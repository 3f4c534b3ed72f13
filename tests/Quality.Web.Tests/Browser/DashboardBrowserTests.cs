using System.Text;
using Microsoft.Playwright;

namespace Quality.Web.Tests.Browser;

/// <summary>What a QA lead does in the dashboard, in a real headless Chromium against the app on a real port.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserSite site)
{
    private void SkipWithoutBrowser() => Skip.If(site.SkipReason is not null, site.SkipReason);

    private static async Task ExpectImageLoadedAsync(IPage page, string selector)
    {
        var img = page.Locator(selector).First;
        await img.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }", selector);
    }

    [SkippableFact]
    public async Task Portfolio_DrillIntoTheDriftingAnnotator_ShowsHerWeeklyAccuracy()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true }).First).ToBeVisibleAsync();
        await ExpectImageLoadedAsync(page, "td.spark img");
        await BrowserSite.ScreenshotAsync(page, "01-portfolio");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sample: product reviews" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-kpi=alpha]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0\\.\\d{3}$"));
        await Assertions.Expect(page.Locator(".attention ol")).ToContainTextAsync("tanvi.shah@example.com");
        await BrowserSite.ScreenshotAsync(page, "02-overview");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Project pages" }).GetByRole(AriaRole.Link, new() { Name = "Annotators" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/projects/1/annotators$"));
        // Sort by gold accuracy with the keyboard: the column title is a button.
        var sort = page.GetByRole(AriaRole.Button, new() { Name = "Gold accuracy", Exact = true });
        await sort.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("th[data-col=gold_accuracy]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Assertions.Expect(page.Locator("table[data-table=annotators] tbody tr").First).ToHaveAttributeAsync("data-key", "tanvi.shah@example.com");
        await BrowserSite.ScreenshotAsync(page, "03-annotators");

        await page.GetByRole(AriaRole.Link, new() { Name = "mei.lin@example.com" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("mei.lin@example.com");
        await ExpectImageLoadedAsync(page, "img[src*='weekly.svg']");
        await Assertions.Expect(page.Locator("table[data-table=weekly] tbody tr")).ToHaveCountAsync(8);
        // Her drift alert (from the start-up check) and the control chart with its limit and change point.
        await ReloadUntilAsync(page, ".drift .alert-card[data-kind=gold_accuracy]");
        await Assertions.Expect(page.Locator(".drift .alert-card[data-kind=gold_accuracy]")).ToContainTextAsync("Gold accuracy dropped");
        await ExpectImageLoadedAsync(page, "img[src*='control-gold_accuracy.svg']");
        await BrowserSite.ScreenshotAsync(page, "04-annotator-mei-lin");
    }

    /// <summary>Reloads until the selector matches (a background job is still writing what it shows).</summary>
    private static async Task ReloadUntilAsync(IPage page, string selector, int seconds = 120)
    {
        for (var i = 0; i < seconds * 2 && await page.Locator(selector).CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.Locator(selector).First).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task DriftInbox_AcknowledgeMeiLinsGoldAlert_WithACommentItShowsAsAcknowledged()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();
        await page.GotoAsync("/projects/1");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Project pages" }).GetByRole(AriaRole.Link, new() { Name = "Drift alerts" }).ClickAsync();
        var card = "article.alert-card[data-kind=gold_accuracy][data-annotator='mei.lin@example.com']";
        await ReloadUntilAsync(page, card);
        await BrowserSite.ScreenshotAsync(page, "08-drift-inbox");

        var form = page.Locator(card).GetByRole(AriaRole.Form);
        await form.GetByLabel("Your name").FillAsync("Team Lead");
        await form.GetByLabel("Comment").FillAsync("Re-briefed on the sentiment guidelines");
        await form.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("acknowledged by Team Lead");
        await Assertions.Expect(page.Locator(card)).ToHaveCountAsync(0); // gone from the open alerts
        await page.SelectOptionAsync("#a-status", "acknowledged");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=acknowledged"));
        await Assertions.Expect(page.Locator(card + " .ack")).ToContainTextAsync("Re-briefed on the sentiment guidelines");
        await BrowserSite.ScreenshotAsync(page, "09-drift-acknowledged");
    }

    [SkippableFact]
    public async Task CostAndReviewPages_ShowTheFrontierTheRecommendationAndTheQueue()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();
        await page.GotoAsync("/projects/1/cost");
        await ExpectImageLoadedAsync(page, "img[src*='quality-cost.svg']");
        await ExpectImageLoadedAsync(page, "img[src*='redundancy.svg']");
        await Assertions.Expect(page.Locator("[data-recommendation]")).ToContainTextAsync("annotators per item reach");
        await BrowserSite.ScreenshotAsync(page, "10-cost-quality");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Project pages" }).GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();
        await Assertions.Expect(page.Locator("table[data-table=review-queue] tbody tr")).ToHaveCountAsync(100);
        await Assertions.Expect(page.Locator("[data-summary]")).ToContainTextAsync("Review these 100 items to catch about");
        await BrowserSite.ScreenshotAsync(page, "11-review-queue");
    }

    [SkippableFact]
    public async Task Agreement_ChooseAnotherField_KeepsItInTheUrlAndRedrawsTheHeatmap()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();

        await page.GotoAsync("/projects/1/agreement");
        await ExpectImageLoadedAsync(page, "img[src*='heatmap.svg']");
        await page.SelectOptionAsync("#f-field", "quality");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("field=quality"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who agrees with whom on quality" })).ToBeVisibleAsync();
        await ExpectImageLoadedAsync(page, "img[src*='heatmap.svg']");
        await BrowserSite.ScreenshotAsync(page, "05-agreement-quality");
    }

    [SkippableFact]
    public async Task Upload_ACsv_ProgressBarReaches100AndTheSummaryShows()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();
        var csv = new StringBuilder("item,field,annotator,label,created_at,lead_time_s\n");
        for (var i = 0; i < 60_000; i++)
            csv.Append("b-").Append(i / 3).Append(",topic,w").Append(i % 3).Append(i % 4 == 0 ? ",sport" : ",news").Append(",2026-09-08T10:00:00Z,4\n");
        var file = Path.Combine(site.Factory.DataDir, "browser-upload.csv");
        await File.WriteAllTextAsync(file, csv.ToString());

        await page.GotoAsync("/imports/new");
        await page.GetByLabel("Project").FillAsync("Browser upload");
        await page.Locator("#file").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Import progress" });
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(page.Locator("table.summary")).ToContainTextAsync("60,000");
        await BrowserSite.ScreenshotAsync(page, "06-upload-done");

        await page.GotoAsync("/imports");
        await Assertions.Expect(page.Locator("table[data-table=imports]")).ToContainTextAsync("browser-upload.csv");
        await BrowserSite.ScreenshotAsync(page, "07-import-history");
    }

    [SkippableFact]
    public async Task DownloadCsv_AnnotatorsTable_HasTheHeaderAndEveryAnnotator()
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync();
        await page.GotoAsync("/projects/1/annotators?field=sentiment");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("#table-annotators").GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());

        Assert.Equal("sample-product-reviews-annotators-sentiment.csv", download.SuggestedFilename);
        var path = Path.Combine(BrowserSite.ScreenshotDir, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("annotator,pool,drift,annotations,gold_accuracy,gold_accuracy_ci95_lower,gold_accuracy_ci95_upper,gold_items,agreement_with_consensus,mean_cohen_kappa,agreement_with_others,median_lead_time_s,cost_per_correct_label,low_sample", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("tanvi.shah@example.com,crowd,", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData(1366, 768)]
    [InlineData(2560, 1440)]
    public async Task Pages_AtLaptopAndLargeMonitorSizes_FitTheWidth(int width, int height)
    {
        SkipWithoutBrowser();
        var page = await site.NewPageAsync(width, height);
        foreach (var (name, url) in new[] { ("portfolio", "/"), ("overview", "/projects/1"), ("agreement", "/projects/1/agreement"),
                     ("annotators", "/projects/1/annotators"), ("annotator", "/projects/1/annotators/mei.lin%40example.com"), ("alerts", "/projects/1/alerts"),
                     ("cost", "/projects/1/cost"), ("review", "/projects/1/review") })
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Wide tables scroll inside their own box; the page itself never scrolls sideways.
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{url} at {width}×{height} is {overflow}px wider than the window");
            await BrowserSite.ScreenshotAsync(page, $"size-{width}x{height}-{name}");
        }
    }
}
