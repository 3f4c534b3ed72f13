using System.Globalization;
using SkiaSharp;

namespace Quality.Reports.Composition.Demo;

/// <summary>
/// A demonstration of every composition primitive, built from them alone: cover, linked contents, an executive
/// summary with key figures, a 120-row table over several pages, two vector charts and nested headings.
/// Its figures are synthetic (see <see cref="CompositionDemoData"/>) and the document says so.
/// </summary>
public sealed class CompositionDemoDocument(CompositionDemoModel model) : IReportDocument
{
    public const string Title = "Quality audit report";

    public ReportMetadata Metadata { get; } = new(Title + " – " + model.Project)
    {
        Author = "Zoé Lefèvre, Quality assurance",
        Subject = "Annotation quality audit for " + model.Client,
        Keywords = "annotation quality, inter-annotator agreement, Krippendorff's α, Cohen's κ",
    };

    public void Compose(ReportComposer report)
    {
        var generated = report.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        report.Page = report.Page with
        {
            HeaderLeft = Title + " · " + model.Project,
            HeaderRight = model.Client,
            FooterLeft = "Generated " + generated + " by Quality · demonstration data",
        };
        Cover(report, generated);
        report.Contents("Contents", maxLevel: 3).PageBreak();
        Summary(report);
        AgreementTable(report);
        Trends(report);
    }

    private static string Period(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string F3(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private void Cover(ReportComposer report, string generated)
    {
        var theme = report.Theme;
        report.Spacer(150)
            .Paragraph(Title, new TextStyle(ReportFont.Bold, 30, theme.Accent))
            .Paragraph(model.Project, new TextStyle(ReportFont.Regular, 16, theme.Text))
            .Spacer(18)
            .Paragraph(p => p.Text("Client: ").Bold(model.Client))
            .Paragraph($"Period: {Period(model.PeriodStart)} – {Period(model.PeriodEnd)}")
            .Paragraph("Generated: " + generated)
            .Spacer(200)
            .Paragraph("This is a demonstration of the report layout. Its figures are synthetic and describe no real project.",
                new TextStyle(ReportFont.Regular, 9, new SKColor(0x8A, 0x2B, 0x0F)))
            .PageBreak();
    }

    private void Summary(ReportComposer report)
    {
        var inHouse = model.Annotators.Where(a => a.Pool == "in-house").Average(a => a.Kappa);
        var crowd = model.Annotators.Where(a => a.Pool == "crowd").Average(a => a.Kappa);
        report.Heading(1, "1 Executive summary")
            .Paragraph(p => p
                .Text("Across the period, annotators agreed well beyond chance: Krippendorff's ")
                .Bold($"α = {F3(model.Alpha)}")
                .Text($" (95\u00A0% interval {F3(model.AlphaLow)}–{F3(model.AlphaHigh)}), above the contractual threshold of α ≥ 0.800. ")
                .Text("Agreement is reported with its interval because a single number hides how much it would move with another sample of items."))
            .KeyFigures(
            [
                new KeyFigure("Krippendorff's α (nominal)", F3(model.Alpha), $"95\u00A0% CI {F3(model.AlphaLow)}–{F3(model.AlphaHigh)}", "Target ≥ 0.800"),
                new KeyFigure("Gold-set accuracy", model.GoldAccuracy.ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0%", "Mean over annotators", "Gold items are 4\u00A0% of the queue"),
                new KeyFigure("Annotations", model.Annotations.ToString("N0", CultureInfo.InvariantCulture), $"{model.Annotators.Count} annotators", $"{model.Weeks.Count} weeks"),
            ])
            .Bullets(
                p => p.Text("In-house annotators reach a mean Cohen's ").Bold("κ = " + F3(inHouse)).Text("; the crowd pool reaches ").Bold("κ = " + F3(crowd)).Text("."),
                p => p.Text("No annotator falls below the gold-accuracy floor for two consecutive weeks."),
                p => p.Text("Volume grew steadily; the late-September peak came from the café-and-terrace relabel batch."))
            .Heading(2, "1.1 Scope")
            .Paragraph("The audit covers every annotation created in the period for the project's sentiment field, whatever the annotator's pool. Items labelled by a single annotator count towards volume and gold accuracy but not towards agreement, which needs at least two answers per item. Deleted and superseded answers are excluded; an answer updated in a later export replaces the earlier one rather than adding to it.")
            .Heading(2, "1.2 Method")
            .Paragraph("Agreement is measured with Krippendorff's α for nominal data, which handles any number of annotators per item and missing answers, and with Cohen's κ for each annotator against the consensus of the others. Intervals are percentile bootstrap intervals over items (2\u00A0000 resamples), so that items, not answers, are the unit of uncertainty: resampling answers would treat the several answers to one item as independent and give intervals that are too narrow.")
            .Paragraph("Gold accuracy is the share of gold items an annotator answered exactly as the reference answer. Gold items are mixed into the queue unannounced at a rate of about one in twenty-five. Time per label is the median of the lead times the labelling tool recorded, which excludes idle time; a median is used rather than a mean because a handful of answers left open over a break would otherwise dominate it.")
            .Heading(3, "1.2.1 Thresholds")
            .Paragraph("The contract sets α ≥ 0.800 for the project and κ ≥ 0.700 for each annotator. An annotator whose interval lies entirely below 0.700 is flagged for review; one whose interval straddles it is watched. These thresholds follow the common reading of α, under which values of 0.800 and above support firm conclusions and values between 0.667 and 0.800 support tentative ones only.")
            .PageBreak();
    }

    private void AgreementTable(ReportComposer report)
    {
        report.Heading(1, "2 Agreement by annotator")
            .Paragraph("Table 1 lists every annotator with the number of labels, Cohen's κ against the consensus of the others with its 95\u00A0% interval, gold accuracy and the median time per label. Rows are in annotator order; the header repeats on every page the table spans.")
            .Caption($"Table 1. Agreement and accuracy per annotator ({model.Annotators.Count} annotators).")
            .Table(t =>
            {
                t.Column("Annotator", ColumnWidth.Relative(1.3f))
                    .Column("Pool", ColumnWidth.Relative(1.2f))
                    .Column("Labels", ColumnWidth.Fixed(48), TextAlign.Right)
                    .Column("κ", ColumnWidth.Fixed(40), TextAlign.Right)
                    .Column("95\u00A0% interval", ColumnWidth.Fixed(80), TextAlign.Right)
                    .Column("Gold accuracy", ColumnWidth.Fixed(78), TextAlign.Right)
                    .Column("Median s/label", ColumnWidth.Fixed(82), TextAlign.Right);
                foreach (var a in model.Annotators) t.Row(Cells(a));
            })
            .Heading(2, "2.1 Reading the table")
            .Paragraph("An interval that lies wholly above the 0.700 line means the annotator meets the per-annotator threshold with the stated confidence. Short intervals come from annotators with many labels on items that others also labelled; long ones from annotators with few overlapping items, whose κ would move most with another sample. Low gold accuracy with high κ usually means the annotator follows the group on a systematic error that the gold set exposes – the guidelines, not the annotator, are then the thing to fix.")
            .PageBreak();
    }

    /// <summary>One table row's cells, in column order; tests compare the PDF's rows with these.</summary>
    public static string[] Cells(DemoAnnotator a) =>
    [
        a.Id,
        a.Pool,
        a.Labels.ToString("N0", CultureInfo.InvariantCulture),
        F3(a.Kappa),
        F3(a.KappaLow) + "–" + F3(a.KappaHigh),
        a.GoldAccuracy.ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0%",
        a.MedianSeconds.ToString("0.0", CultureInfo.InvariantCulture),
    ];

    private void Trends(ReportComposer report)
    {
        report.Heading(1, "3 Trends")
            .Paragraph("This section follows volume and quality over the period. Charts are drawn as vector graphics: they stay sharp at any zoom and their labels can be selected and searched like the rest of the text.")
            .Heading(2, "3.1 Volume")
            .Paragraph("Weekly volume rose through the period as the vendor pool was onboarded. Weeks start on Monday and are counted in UTC, so an annotation made late on a Sunday evening in Berlin belongs to the following week.")
            .Chart(CompositionDemoCharts.WeeklyVolume(model), 215, "Figure 1. Annotations per week over the audit period.")
            .Paragraph("No week fell below the planned minimum. The dip in the seventh week coincides with the guideline revision, when the queue was paused for a day while the revised examples were published.")
            .Heading(2, "3.2 Speed and accuracy")
            .Paragraph("Faster is not worse in this project: the least-squares line in Figure 2 rises only slightly with time per label, and the spread around it is wide. Speed alone is therefore a poor proxy for quality and is not used to flag annotators.")
            .Chart(CompositionDemoCharts.SpeedAndAccuracy(model), 230, "Figure 2. Gold accuracy against median time per label, one point per annotator, with a least-squares line.")
            .Heading(3, "3.2.1 Caveats")
            .Paragraph("Lead times come from the labelling tool and include time spent reading guidelines mid-task. Annotators who keep the guideline open in a second window therefore look slower without being less careful. A least-squares line summarises a trend; it is not a causal statement, and the few annotators with very short times per label are too few to say whether the trend holds at the extreme.")
            .Paragraph("The gold set was revised once during the period. Accuracy before and after the revision is computed against the reference answer in force when the item was labelled, so that no annotator is marked wrong for following the guidelines of the day.");
    }
}
