using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Reports.Audit;
using Quality.Reports.Composition;
using Quality.Tests.Costs;
using Quality.Tests.Support;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Outline;

namespace Quality.Tests.Reports;

/// <summary>
/// The sample project (sample-data/) in its own database, its October audit report rendered once with a fixed
/// clock and kept, with its page PNGs, under TestResults/audit-report in the test output folder.
/// </summary>
public sealed class AuditReportFixture : IDisposable
{
    public const string Project = SampleProjectFixture.Project;
    public static readonly DateOnly From = new(2026, 10, 5);
    public static readonly DateOnly To = new(2026, 11, 2);
    internal static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    public AuditReportFixture()
    {
        Db = new TempDatabase();
        SampleProject.Load(Db.Database, Db.Imports, SampleProjectFixture.Dir, Project);
        Report = AuditReports.Render(Db.Database, Project, From, To, null, Clock);
        Directory.CreateDirectory(ArtifactDir);
        File.WriteAllBytes(Path.Combine(ArtifactDir, "sample-report.pdf"), Report.Pdf);
        File.WriteAllText(Path.Combine(ArtifactDir, "sample-report.model.json"), ReportFingerprint.CanonicalJson(Report.Model));
        using var pdf = PdfDocument.Open(Report.Pdf);
        Pages = [.. pdf.GetPages().Select(p => PdfText.Lines(p).Select(l => l.Text.Replace('\u00A0', ' ')).ToList())];
    }

    public TempDatabase Db { get; }
    public RenderedReport Report { get; }

    /// <summary>Each page's text lines (no-break spaces read as spaces).</summary>
    public IReadOnlyList<List<string>> Pages { get; }

    public IEnumerable<string> AllLines => Pages.SelectMany(p => p);

    public static string ArtifactDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "audit-report");

    public string Period(string name) => (name == "from" ? From : To).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose() => Db.Dispose();
}

/// <summary>
/// Byte-identical output is only promised for renders one after another: ScottPlot's typeface caches are
/// process-wide, so these tests run while no other test draws charts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AuditReportRenderCollection
{
    public const string Name = "audit report renders";
}

[Collection(AuditReportRenderCollection.Name)]
public sealed class AuditReportTests(AuditReportFixture sample) : IClassFixture<AuditReportFixture>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string F3(double v) => v.ToString("0.000", Inv);
    private static string Pct(double v) => (100 * v).ToString("0.0", Inv) + " %";

    private JsonElement CliJson(params string[] args)
    {
        var (code, stdout, stderr) = CostCliTests.Run([.. args, "--db", sample.Db.Database.Path, "--json"]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private JsonElement AgreementJson() =>
        CliJson("agreement", "--project", AuditReportFixture.Project, "--from", sample.Period("from"), "--to", sample.Period("to"));

    [Fact]
    public void Report_SampleProject_AlphaPerFieldEqualsTheAgreementCli()
    {
        var json = AgreementJson();
        var lines = sample.AllLines.ToList();
        var levels = new Dictionary<string, string> { ["quality"] = "ordinal", ["sentiment"] = "nominal" };
        Assert.Equal(levels.Keys.Order(), json.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()!).Order());
        foreach (var field in json.GetProperty("fields").EnumerateArray())
        {
            var level = levels[field.GetProperty("field").GetString()!];
            var alpha = field.GetProperty("krippendorff_alpha").GetProperty(level).GetDouble();
            var ci = field.GetProperty("krippendorff_alpha_ci95").GetProperty(level);
            Assert.Contains($"Krippendorff's α ({level}) {F3(alpha)} {F3(ci[0].GetDouble())}–{F3(ci[1].GetDouble())}", lines);
            Assert.Contains($"Percent agreement {F3(field.GetProperty("percent_agreement").GetDouble())}", lines);
            Assert.Contains($"Fleiss' κ {F3(field.GetProperty("fleiss_kappa").GetDouble())}", lines);
            Assert.Contains($"Mean pairwise Cohen's κ {F3(field.GetProperty("mean_pairwise_cohen_kappa").GetDouble())}", lines);
        }
    }

    [Fact]
    public void Report_SampleProject_GoldAccuracyPerAnnotatorEqualsTheAgreementCli()
    {
        var json = AgreementJson();
        var lines = sample.AllLines.ToList();
        var rows = 0;
        foreach (var field in json.GetProperty("fields").EnumerateArray())
        {
            foreach (var a in field.GetProperty("annotators").EnumerateArray())
            {
                var n = a.GetProperty("gold_items").GetInt32();
                var accuracy = a.GetProperty("gold_accuracy").GetDouble();
                var ci = a.GetProperty("gold_accuracy_ci95");
                var correct = (int)Math.Round(accuracy * n);
                var expected = $"{a.GetProperty("annotator").GetString()} {n} {correct} {Pct(accuracy)} " +
                               $"{(100 * ci[0].GetDouble()).ToString("0.0", Inv)}–{Pct(ci[1].GetDouble())}";
                Assert.Contains(expected, lines);
                rows++;
            }
            // Majority vote's accuracy on gold, as the summary and the gold section state it.
            var mv = field.GetProperty("consensus").GetProperty("majority_vote").GetProperty("accuracy_vs_gold").GetDouble();
            Assert.Contains($"Majority vote over each item's answers: {Pct(mv)}", string.Join(' ', lines), StringComparison.Ordinal);
        }
        Assert.Equal(24, rows);
    }

    [Fact]
    public void Report_SampleProject_CostPerAnswerAndPerCorrectLabelEqualTheCostCli()
    {
        var json = CliJson("cost", "--project", AuditReportFixture.Project);
        var lines = sample.AllLines.ToList();
        string Money(double v) => "USD " + v.ToString(v < 1 ? "0.000" : "N2", Inv);
        foreach (var field in json.GetProperty("fields").EnumerateArray())
        {
            foreach (var a in field.GetProperty("annotators").EnumerateArray())
            {
                var perCorrect = a.GetProperty("cost_per_correct_label");
                var expected = $"{a.GetProperty("annotator").GetString()} {a.GetProperty("pool").GetString()} {a.GetProperty("annotations").GetInt64().ToString("N0", Inv)} " +
                               $"{Money(a.GetProperty("cost_per_annotation").GetDouble())} {Pct(a.GetProperty("quality").GetDouble())} " +
                               $"{(perCorrect.ValueKind == JsonValueKind.Null ? "none" : Money(perCorrect.GetDouble()))} {(a.GetProperty("on_frontier").GetBoolean() ? "yes" : "no")}";
                Assert.Contains(expected, lines);
            }
            var k = field.GetProperty("redundancy").GetProperty("recommended_k").GetProperty("majority_vote").GetProperty("k").GetInt32();
            Assert.Contains($"Recommendation: {k} answers per item reach the target of 95.0 %", string.Join(' ', lines), StringComparison.Ordinal);
        }
        foreach (var pool in json.GetProperty("overall").GetProperty("pools").EnumerateArray())
            Assert.Contains(lines, l => l.StartsWith($"{pool.GetProperty("pool").GetString()} {pool.GetProperty("annotations").GetInt64().ToString("N0", Inv)} {Money(pool.GetProperty("cost").GetDouble())} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_SampleProject_FlagsTheSpammerAndTheDrifts()
    {
        var scorecards = sample.Report.Model.Annotators.ToDictionary(a => a.Annotator);
        Assert.True(scorecards["tanvi.shah@example.com"].Flagged);
        Assert.Contains(scorecards["mei.lin@example.com"].Flags, f => f.StartsWith("gold accuracy changed on sentiment", StringComparison.Ordinal));
        Assert.Contains(scorecards["yara.haddad@example.com"].Flags, f => f.StartsWith("label distribution changed on sentiment", StringComparison.Ordinal));
        Assert.False(scorecards["emma.lindqvist@example.com"].Flagged);
        var incident = Assert.Single(sample.Report.Model.Drift.Incidents, i => i.Annotator == "yara.haddad@example.com");
        Assert.Equal("neutral", incident.Label);
        Assert.Contains("4.3 tanvi.shah@example.com", sample.AllLines);
        // A client reads the verdict on the cover.
        Assert.Contains(sample.Pages[0], l => l.StartsWith("Overall verdict: agreement is below the project's threshold", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_SampleProject_PagesOutlineAndMetadata()
    {
        using var pdf = PdfDocument.Open(sample.Report.Pdf);
        Assert.InRange(pdf.NumberOfPages, 15, 30);
        for (var p = 1; p <= pdf.NumberOfPages; p++)
            Assert.Contains(sample.Pages[p - 1], l => l.EndsWith($"Page {p} of {pdf.NumberOfPages}", StringComparison.Ordinal));

        Assert.True(pdf.TryGetBookmarks(out var bookmarks, false));
        Assert.Equal(["1 Executive summary", "2 Methodology", "3 Agreement", "4 Annotator scorecards", "5 Drift incidents",
            "6 Gold-set results", "7 Cost and quality", "Appendix A Data provenance", "Appendix B Fingerprint"], bookmarks.Roots.Select(r => r.Title));
        Assert.Equal(["3.1 quality", "3.2 sentiment"], bookmarks.Roots[2].Children.Select(c => c.Title));
        foreach (var node in bookmarks.GetNodes().Cast<DocumentBookmarkNode>())
            Assert.Contains(node.Title, sample.Pages[node.PageNumber - 1]);

        // The contents page links every entry to its heading's page.
        var links = pdf.GetPage(2).GetAnnotations().Where(a => a.Type == AnnotationType.Link).ToList();
        Assert.Equal(bookmarks.GetNodes().Count(), links.Count);
        Assert.All(links, l => Assert.InRange(Assert.IsAssignableFrom<AbstractGoToAction>(l.Action).Destination.PageNumber, 3, pdf.NumberOfPages));

        var info = pdf.Information;
        Assert.Equal("Annotation quality audit: sample", info.Title);
        Assert.Equal("Quality " + AuditReportData.QualityVersion, info.Author);
        Assert.Equal("Annotation quality audit of sample, 5 October 2026 to 1 November 2026", info.Subject);
        Assert.Contains($"fingerprint sha256:{sample.Report.Fingerprint}", info.Keywords, StringComparison.Ordinal);
        Assert.Contains("period 2026-10-05/2026-11-02", info.Keywords, StringComparison.Ordinal);
        Assert.Equal(AuditReportFixture.Clock.GetUtcNow(), info.GetCreatedDateTimeOffset());
        Assert.True(pdf.TryGetXmpMetadata(out var xmp));
        Assert.Contains(sample.Report.Fingerprint, Encoding.UTF8.GetString(xmp.GetXmlBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void Fonts_SampleReport_OnlyTheEmbeddedTypefacesIncludingChartLabels()
    {
        using var pdf = PdfDocument.Open(sample.Report.Pdf);
        var fonts = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+DejaVuSans(-Bold)?$", f));
        // The two typefaces, plus the machine's default sans-serif typeface (DejaVu Sans here), which ScottPlot's
        // text plottables (the heatmap's cell labels, the frontier's point labels) end up drawn with.
        Assert.InRange(System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(sample.Report.Pdf), "/FontFile2"), 2, 3);
    }

    [Fact]
    public void Fingerprint_PrintedInTheText_IsTheSha256OfTheCanonicalModel()
    {
        var json = ReportFingerprint.CanonicalJson(sample.Report.Model);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), sample.Report.Fingerprint);
        Assert.Contains($"Fingerprint: {sample.Report.Fingerprint}", string.Join(' ', sample.AllLines), StringComparison.Ordinal);
        Assert.Contains(sample.Report.Fingerprint, sample.Pages[0]);
        // Canonical: keys sorted at every level, no whitespace, and the generation time is not in it.
        Assert.StartsWith("{\"annotators\":[{\"annotator\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("generated", json, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-02T08", json, StringComparison.Ordinal);
        // The model survives a round trip through its JSON, so a stored copy re-derives the fingerprint.
        Assert.Equal(sample.Report.Fingerprint, ReportFingerprint.Compute(ReportFingerprint.Parse(json)));
    }

    [Fact]
    public void Render_SameDataAndClock_SameFingerprintAndBytes()
    {
        var again = AuditReports.Render(sample.Db.Database, AuditReportFixture.Project, AuditReportFixture.From, AuditReportFixture.To, null, AuditReportFixture.Clock);
        AssertSameModel(sample.Report.Model, again.Model, "again");
        Assert.Equal(sample.Report.Fingerprint, again.Fingerprint);
        if (!sample.Report.Pdf.AsSpan().SequenceEqual(again.Pdf))
            File.WriteAllBytes(Path.Combine(AuditReportFixture.ArtifactDir, "sample-report-again.pdf"), again.Pdf);
        Assert.Equal(sample.Report.Pdf, again.Pdf);

        var later = ReportPdf.Render(new AuditReportDocument(again.Model), new FixedClock(AuditReportFixture.Clock.GetUtcNow().AddDays(1)));
        Assert.NotEqual(sample.Report.Pdf, later);
        Assert.Equal(sample.Report.Fingerprint, AuditReports.ReadStamp(later).Fingerprint);
    }

    [Fact]
    public void ReadStamp_Report_GivesFingerprintAndPeriod()
    {
        var stamp = AuditReports.ReadStamp(sample.Report.Pdf);
        Assert.Equal(sample.Report.Fingerprint, stamp.Fingerprint);
        Assert.Equal(new ReportPeriod(AuditReportFixture.From, AuditReportFixture.To), stamp.Period);
        Assert.Null(stamp.Client);
    }

    [Fact]
    public void ReadStamp_NotAnAuditReport_FailsWithAReason()
    {
        var demo = ReportPdf.Render(new Quality.Reports.Composition.Demo.CompositionDemoDocument(Quality.Reports.Composition.Demo.CompositionDemoData.Create()), FixedClock.Default);
        var ex = Assert.Throws<QualityException>(() => AuditReports.ReadStamp(demo));
        Assert.Contains("no Quality report fingerprint", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Pages_SampleReport_RenderToPngsThatAreNotBlank()
    {
        Skip.If(PdfToPng.Tool is null, "poppler-utils' pdftoppm is not on PATH (apt-get install poppler-utils)");
        var (files, stderr) = PdfToPng.Render(sample.Report.Pdf, Path.Combine(AuditReportFixture.ArtifactDir, "pages"), 60);
        Assert.Equal("", stderr);
        Assert.Equal(sample.Pages.Count, files.Length);
        var setup = PageSetup.A4;
        foreach (var file in files)
        {
            using var bitmap = SKBitmap.Decode(file);
            // Ink in the body only: the running header and footer alone must not pass for a page.
            var top = (int)(bitmap.Height * setup.MarginTop / setup.Height);
            var bottom = (int)(bitmap.Height * (setup.Height - setup.MarginBottom) / setup.Height);
            var ink = 0;
            for (var y = top; y < bottom; y++)
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red < 235 || c.Green < 235 || c.Blue < 235) ink++;
                }
            var share = ink / (double)(bitmap.Width * (bottom - top));
            Assert.True(share > 0.005, $"{Path.GetFileName(file)} has a nearly blank body ({share:P2} ink)");
        }
    }

    [Fact]
    public void SampleReportPdf_Committed_CarriesTheFingerprintTheCodeComputes()
    {
        var stamp = AuditReports.ReadStamp(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "docs", "sample-report.pdf")));
        var model = AuditReportData.Load(sample.Db.Database, AuditReportFixture.Project, stamp.Period.From, stamp.Period.To, stamp.Client);
        AssertSameModel(sample.Report.Model with { Client = stamp.Client }, model, "docs");
        Assert.True(stamp.Fingerprint == ReportFingerprint.Compute(model),
            "docs/sample-report.pdf is stale: make it again with the commands in docs/reports.md (Sample report)");
    }

    /// <summary>Two models of the same data: on a difference, both JSONs are saved beside the artifacts and the parts named.</summary>
    private static void AssertSameModel(AuditReportModel expected, AuditReportModel actual, string name)
    {
        var a = ReportFingerprint.CanonicalJson(expected);
        var b = ReportFingerprint.CanonicalJson(actual);
        if (a == b) return;
        File.WriteAllText(Path.Combine(AuditReportFixture.ArtifactDir, $"model-{name}-expected.json"), a);
        File.WriteAllText(Path.Combine(AuditReportFixture.ArtifactDir, $"model-{name}-actual.json"), b);
        Assert.Fail($"the models differ in: {string.Join(", ", AuditReports.ChangedSections(a, b))} (JSONs in {AuditReportFixture.ArtifactDir})");
    }

    [Fact]
    public void Thresholds_ProjectSettings_ReportObjectOverridesTheDefaults()
    {
        var t = ReportThresholds.FromProjectSettings("""{"drift":{"delta":0.2},"report":{"alpha_good":0.75,"gold_accuracy_target":0.85}}""");
        Assert.Equal(0.75, t.AlphaGood);
        Assert.Equal(0.667, t.AlphaTentative);
        Assert.Equal(0.85, t.GoldAccuracyTarget);
        Assert.Equal("good", t.Verdict(0.76));
        Assert.Equal("tentative", t.Verdict(0.70));
        Assert.Equal("insufficient", t.Verdict(0.5));
        Assert.Equal(ReportThresholds.Default, ReportThresholds.FromProjectSettings(null));
        Assert.Throws<QualityException>(() => ReportThresholds.FromProjectSettings("""{"report":{"alpha_godo":0.9}}"""));
        Assert.Throws<QualityException>(() => ReportThresholds.FromProjectSettings("""{"report":{"alpha_good":0.5,"alpha_tentative":0.7}}"""));
    }
}

/// <summary>`quality report` and `quality report verify` end to end, on a database of their own (one test changes the data).</summary>
public sealed class AuditReportCliTests : IDisposable
{
    private readonly TempDatabase db = new();

    public AuditReportCliTests() => SampleProject.Load(db.Database, db.Imports, SampleProjectFixture.Dir, AuditReportFixture.Project);

    public void Dispose() => db.Dispose();

    private (int Code, string Stdout, string Stderr) Run(params string[] args) => CostCliTests.Run([.. args, "--db", db.Database.Path]);

    [Fact]
    public void Verify_UntouchedData_MatchesAndAfterOneMoreAnnotation_Mismatches()
    {
        var pdf = Path.Combine(db.Dir, "report.pdf");
        var made = Run("report", "--project", "sample", "--from", "2026-10-05", "--to", "2026-11-02", "--client", "Acme, Inc.", "-o", pdf);
        Assert.True(made.Code == 0, made.Stderr);
        var fingerprint = AuditReports.ReadStamp(File.ReadAllBytes(pdf)).Fingerprint;
        Assert.Contains($"fingerprint sha256:{fingerprint}", made.Stdout, StringComparison.Ordinal);

        // Stored once, immutable: the row has the bytes written and the model whose hash is the fingerprint.
        using (var c = db.Database.Open())
        {
            var stored = Assert.Single(ReportStore.List(c, 1));
            Assert.Equal("Acme, Inc.", stored.Client);
            Assert.Equal("manual", stored.Trigger);
            Assert.Equal(fingerprint, stored.Fingerprint);
            Assert.Equal(File.ReadAllBytes(pdf), ReportStore.Pdf(c, stored.Id));
            Assert.Equal(fingerprint, ReportFingerprint.OfCanonicalJson(ReportStore.ModelJson(c, 1, fingerprint)!));
        }

        var ok = Run("report", "verify", pdf, "--project", "sample");
        Assert.True(ok.Code == 0, ok.Stdout + ok.Stderr);
        Assert.Contains("match: the report was made from the data as it is now.", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("client Acme, Inc.", ok.Stdout, StringComparison.Ordinal);

        db.Import(db.File("late.csv", "item,field,annotator,label,created_at\nitem-00002,sentiment,emma.lindqvist@example.com,positive,2026-10-20T10:00:00Z\n"), "sample");
        var changed = Run("report", "verify", pdf, "--project", "sample");
        Assert.Equal(1, changed.Code);
        Assert.Contains("MISMATCH", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("changed since the report was stored: ", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("imports", changed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_PeriodWithoutAnswers_SaysSoInsteadOfFailing()
    {
        var pdf = Path.Combine(db.Dir, "december.pdf");
        var r = Run("report", "--project", "sample", "--from", "2026-12-01", "--to", "2026-12-08", "--no-store", "-o", pdf);
        Assert.True(r.Code == 0, r.Stderr);
        using var doc = PdfDocument.Open(File.ReadAllBytes(pdf));
        var text = string.Join(' ', doc.GetPages().SelectMany(p => PdfText.Lines(p)).Select(l => l.Text));
        Assert.Contains("there are no choice or rating answers in the period", text, StringComparison.Ordinal);
        Assert.Contains("No annotator answered in the period.", text, StringComparison.Ordinal);
        using var c = db.Database.Open();
        Assert.Empty(ReportStore.List(c, 1));
    }

    [Fact]
    public void Report_EndBeforeStart_ExitsOneWithAReason()
    {
        var r = Run("report", "--project", "sample", "--from", "2026-10-05", "--to", "2026-10-01", "-o", Path.Combine(db.Dir, "x.pdf"));
        Assert.Equal(1, r.Code);
        Assert.Contains("the period is empty", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithoutOutput_IsAUsageError()
    {
        var r = Run("report", "--project", "sample");
        Assert.Equal(2, r.Code);
        Assert.Contains("-o FILE.pdf is required", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NotAReport_ExitsOneWithAReason()
    {
        var file = db.File("other.pdf", ReportPdf.Render(new Quality.Reports.Composition.Demo.CompositionDemoDocument(Quality.Reports.Composition.Demo.CompositionDemoData.Create()), FixedClock.Default));
        var r = Run("report", "verify", file, "--project", "sample");
        Assert.Equal(1, r.Code);
        Assert.Contains("no Quality report fingerprint", r.Stderr, StringComparison.Ordinal);
    }
}
