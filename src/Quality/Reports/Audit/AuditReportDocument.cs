using System.Globalization;
using Quality.Reports.Composition;
using SkiaSharp;

namespace Quality.Reports.Audit;

/// <summary>
/// The layout of a project's audit report: cover, contents, executive summary, methodology, agreement, scorecards,
/// drift, gold set, cost and quality, provenance and the fingerprint. Reads the model only; the fingerprint is
/// computed from it, so what is printed and what is verified are the same thing.
/// </summary>
public sealed class AuditReportDocument : IReportDocument
{
    public const string Title = "Annotation quality audit";

    private readonly AuditReportModel model;

    public AuditReportDocument(AuditReportModel model)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Fingerprint = ReportFingerprint.Compute(model);
        Metadata = new ReportMetadata($"{Title}: {model.Project}")
        {
            Author = "Quality " + model.QualityVersion,
            Subject = $"Annotation quality audit of {model.Project}" + (model.Client is null ? "" : $" for {model.Client}") +
                      $", {Day(model.Period.From)} to {Day(model.Period.LastDay)}",
            Keywords = Keywords(Fingerprint, model.Period, model.Client),
        };
    }

    public ReportMetadata Metadata { get; }

    /// <summary>Charts drawn by the last <see cref="Compose"/>.</summary>
    public int Figures { get; private set; }

    /// <summary>SHA-256 of the model's canonical JSON (<see cref="ReportFingerprint"/>).</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The PDF keywords. The last two are machine-readable and read back by `quality report verify`:
    /// "fingerprint sha256:HEX", "period FROM/TO" (to exclusive) and, when the report names a client,
    /// "client:NAME" with the name percent-encoded (RFC 3986), so commas and non-ASCII letters survive.
    /// </summary>
    public static string Keywords(string fingerprint, ReportPeriod period, string? client) =>
        $"annotation quality, inter-annotator agreement, Krippendorff's alpha, gold accuracy, drift, fingerprint sha256:{fingerprint}, period {period}" +
        (client is null ? "" : ", client:" + Uri.EscapeDataString(client));

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string Nb = "\u00A0";

    private static string Day(DateOnly d) => d.ToString("d MMMM yyyy", Inv);
    private static string F3(double? v) => v is { } x ? x.ToString("0.000", Inv) : "–";
    private static string F2(double? v) => v is { } x ? x.ToString("0.00", Inv) : "–";
    private static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", Inv) + Nb + "%" : "–";
    private static string N(long v) => v.ToString("N0", Inv);
    private static string Ci(double? lo, double? hi) => lo is null || hi is null ? "–" : F3(lo) + "–" + F3(hi);
    private static string PctCi(Accuracy? a) => a?.Lower is null ? "–" : (100 * a.Lower.Value).ToString("0.0", Inv) + "–" + Pct(a.Upper);
    private string Money(double? v) => v is { } x ? model.Cost.Currency + Nb + x.ToString(x < 1 ? "0.000" : "N2", Inv) : "–";
    private static string Short(string annotator) => Charts.KappaHeatmapChart.ShortName(annotator);

    private static string VerdictText(string verdict) => verdict switch
    {
        "good" => "good",
        "tentative" => "tentative",
        "insufficient" => "below threshold",
        _ => "not measurable",
    };

    public void Compose(ReportComposer report)
    {
        var generated = report.GeneratedAt.ToString("yyyy-MM-dd HH:mm", Inv) + " UTC";
        report.Page = report.Page with
        {
            HeaderLeft = Title + " · " + model.Project,
            HeaderRight = model.Client,
            FooterLeft = "Generated " + generated + " · fingerprint " + Fingerprint[..12],
        };
        var figure = 0;
        string Fig(string text) => $"Figure {++figure}. {text}";
        var table = 0;
        string Tab(string text) => $"Table {++table}. {text}";

        Cover(report, generated);
        report.Contents("Contents", maxLevel: 2).PageBreak();
        Summary(report);
        Methodology(report, Fig, Tab);
        Agreement(report, Fig, Tab);
        Scorecards(report, Tab);
        Drift(report, Fig, Tab);
        Gold(report, Fig, Tab);
        Cost(report, Fig, Tab);
        Appendix(report, Tab);
        Figures = figure;
    }

    private void Cover(ReportComposer report, string generated)
    {
        var theme = report.Theme;
        report.Spacer(120)
            .Paragraph(Title, new TextStyle(ReportFont.Bold, 30, theme.Accent))
            .Paragraph(model.Project, new TextStyle(ReportFont.Regular, 18, theme.Text))
            .Spacer(24);
        if (model.Client is not null) report.Paragraph(p => p.Text("Client: ").Bold(model.Client));
        report.Paragraph(p => p.Text("Period: ").Bold($"{Day(model.Period.From)} – {Day(model.Period.LastDay)}").Text(" (answers created in these days, UTC)"))
            .Paragraph("Generated: " + generated)
            .Paragraph("Quality version: " + model.QualityVersion)
            .Spacer(24)
            .Paragraph(p => p.Text("Overall verdict: ").Bold(OverallVerdict()))
            .Spacer(150)
            .Paragraph("Report fingerprint (SHA-256 of the report's input data, see Appendix B):", theme.Small)
            .Paragraph(Fingerprint, new TextStyle(ReportFont.Regular, 8.5f, theme.Text))
            .Paragraph($"Check it with: quality report verify FILE.pdf --project \"{model.Project}\"", theme.Small)
            .PageBreak();
    }

    private string OverallVerdict()
    {
        var verdicts = model.Fields.Select(f => f.Verdict).ToList();
        if (verdicts.Count == 0) return "there are no choice or rating answers in the period, so there is nothing to judge.";
        var goldShort = model.Fields.Where(f => f.TeamGoldAccuracy?.Value < model.Thresholds.GoldAccuracyTarget).Select(f => f.Field).ToList();
        var agreement = verdicts.All(v => v == "good") ? "agreement meets the project's threshold on every field"
            : verdicts.Any(v => v is "insufficient" or "undefined") ? "agreement is below the project's threshold on " +
                  string.Join(" and ", model.Fields.Where(f => f.Verdict is "insufficient" or "undefined").Select(f => f.Field))
            : "agreement supports tentative conclusions only on " + string.Join(" and ", model.Fields.Where(f => f.Verdict == "tentative").Select(f => f.Field));
        var gold = goldShort.Count == 0 ? "gold accuracy meets the target" : "gold accuracy is below target on " + string.Join(" and ", goldShort);
        return $"{agreement}; {gold}.";
    }

    private void Summary(ReportComposer report)
    {
        var t = model.Thresholds;
        var flagged = model.Annotators.Where(a => a.Flagged).ToList();
        var incidentsInPeriod = model.Drift.Incidents.Where(i => string.CompareOrdinal(i.DetectedAt, model.Period.From.ToString("yyyy-MM-dd", Inv)) >= 0).ToList();
        report.Heading(1, "1 Executive summary")
            .Paragraph(p => p.Text($"This report audits the labels of {model.Project} made between {Day(model.Period.From)} and {Day(model.Period.LastDay)}: ")
                .Bold(N(model.Volume.Answers) + " answers").Text($" to {N(model.Volume.Items)} items by {model.Volume.Annotators} annotators. ")
                .Text("In one sentence: ").Bold(Capital(OverallVerdict())));
        var figures = new List<KeyFigure>();
        foreach (var f in model.Fields)
        {
            figures.Add(new KeyFigure($"Agreement on {f.Field} (α {f.AlphaLevel})", F3(f.Alpha.Value), "95" + Nb + "% CI " + Ci(f.Alpha.Lower, f.Alpha.Upper),
                $"{VerdictText(f.Verdict)}; target ≥ {F3(t.AlphaGood)}"));
            if (f.TeamGoldAccuracy is { } g)
                figures.Add(new KeyFigure($"Gold accuracy on {f.Field}", Pct(g.Value), "95" + Nb + "% CI " + PctCi(g),
                    $"{N(g.Answers)} gold answers; target {Pct(t.GoldAccuracyTarget)}"));
        }
        figures.Add(new KeyFigure("Annotators flagged", flagged.Count.ToString(Inv), $"of {model.Annotators.Count} active", "see section 4"));
        figures.Add(new KeyFigure("Drift incidents", model.Drift.Incidents.Count.ToString(Inv), $"{incidentsInPeriod.Count} detected in the period",
            $"{model.Drift.Incidents.Count(i => i.Status == "acknowledged")} acknowledged"));
        report.KeyFigures(figures);

        report.Heading(2, "1.1 What the numbers say");
        var bullets = new List<Action<ParagraphBuilder>>();
        foreach (var f in model.Fields)
        {
            var reading = f.Verdict switch
            {
                "good" => "annotators agree well enough for the labels to be relied on",
                "tentative" => "annotators agree, but not well enough for firm conclusions; treat the labels as tentative",
                "insufficient" => "annotators disagree too often for the labels to be relied on as they are",
                _ => "agreement cannot be measured (too few items with two answers)",
            };
            bullets.Add(p => p.Bold(f.Field + ": ").Text($"α = {F3(f.Alpha.Value)} — {reading}. ")
                .Text(f.MajorityVoteAccuracy?.Value is { } mv ? $"Combining the answers per item by majority vote gives {Pct(mv)} correct on gold items." : ""));
        }
        if (flagged.Count > 0)
            bullets.Add(p => p.Bold("Flagged annotators: ").Text(string.Join("; ", flagged.Select(a => $"{Short(a.Annotator)} ({string.Join(", ", Reasons(a))})")) + " — see section 4."));
        foreach (var f in model.Cost.Fields.Where(f => f.RecommendedK is not null))
            bullets.Add(p => p.Bold($"Redundancy on {f.Field}: ").Text($"{f.RecommendedK} answers per item are expected to give {Pct(model.Cost.TargetAccuracy)} consensus accuracy by majority vote" +
                (f.ConservativeK is { } ck ? $" ({ck} to be confident of it)" : "") +
                (f.CostPerAnswer is { } c ? $", about {Money(c * f.RecommendedK!.Value)} per item." : ".")));
        if (bullets.Count > 0) report.Bullets([.. bullets]);

        report.Heading(2, "1.2 What changed since the previous period");
        if (model.Previous is not { } prev)
        {
            report.Paragraph($"There are no answers in the {model.Period.Days} days before this period, so there is nothing to compare with. The next report of the same length will compare with this one.");
        }
        else
        {
            report.Paragraph($"Compared with the previous {model.Period.Days} days ({Day(prev.Period.From)} – {Day(prev.Period.LastDay)}, {N(prev.Answers)} answers):");
            var changes = new List<Action<ParagraphBuilder>>();
            foreach (var f in model.Fields)
            {
                var before = prev.Fields.FirstOrDefault(p => p.Field == f.Field);
                if (before is null) continue;
                changes.Add(p => p.Bold(f.Field + ": ").Text($"agreement {Moved(before.Alpha.Value, f.Alpha.Value, false)}; gold accuracy {Moved(before.TeamGoldAccuracy?.Value, f.TeamGoldAccuracy?.Value, true)}."));
            }
            changes.Add(p => p.Text($"Volume {(model.Volume.Answers >= prev.Answers ? "rose" : "fell")} from {N(prev.Answers)} to {N(model.Volume.Answers)} answers; " +
                (incidentsInPeriod.Count == 0 ? "no new drift was detected in the period." : $"{incidentsInPeriod.Count} drift incident(s) were detected in the period (section 5).")));
            report.Bullets([.. changes]);
        }
        report.PageBreak();
    }

    /// <summary>Why an annotator is flagged, in a few words each, for the summary.</summary>
    private IEnumerable<string> Reasons(AnnotatorScorecard a)
    {
        foreach (var f in a.Fields.Where(f => f.Gold?.Upper < model.Thresholds.AnnotatorAccuracyFloor))
            yield return $"low gold accuracy on {f.Field}";
        foreach (var i in model.Drift.Incidents.Where(i => i.Annotator == a.Annotator).OrderBy(i => i.Kind switch { "gold_accuracy" => 0, "accuracy" => 1, _ => 2 }))
            yield return $"drift in {What(i)} on {i.Field}";
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Moved(double? before, double? after, bool percent)
    {
        if (before is null || after is null) return "cannot be compared";
        string Fmt(double v) => percent ? Pct(v) : F3(v);
        var d = after.Value - before.Value;
        var size = percent ? (100 * Math.Abs(d)).ToString("0.0", Inv) + " points" : Math.Abs(d).ToString("0.000", Inv);
        return Math.Abs(d) < 0.0005 ? $"unchanged at {Fmt(after.Value)}" : $"{(d > 0 ? "rose" : "fell")} by {size}, from {Fmt(before.Value)} to {Fmt(after.Value)}";
    }

    private void Methodology(ReportComposer report, Func<string, string> fig, Func<string, string> tab)
    {
        var t = model.Thresholds;
        report.Heading(1, "2 Methodology")
            .Paragraph($"The report covers every answer whose creation time falls in the period, {Day(model.Period.From)} 00:00 to {Day(model.Period.To)} 00:00 UTC (end excluded). Agreement, gold accuracy and the annotator scorecards use the answers of the period only. Drift detection and cost use all the project's data to the time of generation, because a change can only be recognised against what came before it. Every figure is the one Quality's command line and dashboard show for the same project and period.")
            .Heading(2, "2.1 Metrics")
            .Caption(tab("The metrics of this report and how to read them."))
            .Table(b =>
            {
                b.FontSize = 8.5f;
                b.Column("Metric", ColumnWidth.Relative(1.1f)).Column("What it measures", ColumnWidth.Relative(2.2f)).Column("How to read it", ColumnWidth.Relative(2.2f));
                b.Row("Krippendorff's α", "Agreement between annotators beyond what chance would give, over all items with two or more answers. Nominal level: only exact matches count; ordinal level (ratings): near misses count partly; interval level: numeric distance.",
                    $"1 = perfect, 0 = no better than chance. α ≥ {F3(t.AlphaGood)}: reliable; {F3(t.AlphaTentative)}–{F3(t.AlphaGood)}: tentative conclusions only; below: not reliable (Krippendorff 2004). Interval: 95{Nb}% bootstrap over items (1,000 resamples).");
                b.Row("Percent agreement", "Share of pairs of answers to the same item that are equal.", "Easy to read but not corrected for chance: with few labels it is high even for guessing.");
                b.Row("Cohen's κ (pairwise)", "Agreement of two annotators on the items both labelled, corrected for chance.", "Same scale as α. Shown as a matrix; pairs with fewer than 30 shared items are unreliable.");
                b.Row("Gold accuracy", "Share of answers on gold items (items with a known correct answer) that are correct.", $"Interval: Wilson 95{Nb}%. Team target {Pct(t.GoldAccuracyTarget)}; an annotator is flagged when even the top of the interval is below {Pct(t.AnnotatorAccuracyFloor)}.");
                b.Row("Consensus accuracy", "Accuracy on gold of the label the annotators' answers agree on: majority vote, or the Dawid–Skene model, which weighs each annotator by their estimated reliability.", "What the delivered labels are worth when several answers per item are combined.");
                b.Row("Drift", "A change in an annotator's gold accuracy or agreement with the team (Bernoulli CUSUM), or in how often they use each label (permutation test).", $"The detectors are tuned to a drop of {F2(model.Drift.Delta)} with a {Pct(model.Drift.FalseAlarmRate)} false-alarm rate per annotator.");
                b.Row("Cost per correct label", "What an annotator's answers cost divided by the answers expected to be correct (accuracy × answers).", "Lower is better. Annotators no better than guessing have no correct labels: their cost buys nothing.");
            })
            .Heading(2, "2.2 Thresholds")
            .Paragraph("The thresholds come from the project's settings (the \"report\" object); where the project sets none, the defaults below apply.")
            .Caption(tab("Thresholds this report applies."))
            .Table(b =>
            {
                b.Column("Threshold", ColumnWidth.Relative(2.5f)).Column("Value", ColumnWidth.Fixed(60), TextAlign.Right).Column("Source", ColumnWidth.Relative(2));
                b.Row("α for reliable labels", F3(t.AlphaGood), "Krippendorff (2004), §12.2; project setting alpha_good");
                b.Row("α for tentative conclusions", F3(t.AlphaTentative), "Krippendorff (2004); alpha_tentative");
                b.Row("Team gold accuracy target", Pct(t.GoldAccuracyTarget), "gold_accuracy_target");
                b.Row("Annotator gold accuracy floor", Pct(t.AnnotatorAccuracyFloor), "annotator_accuracy_floor");
                b.Row("Consensus accuracy target (redundancy)", Pct(model.Cost.TargetAccuracy), "cost settings: target_accuracy");
            })
            .Heading(2, "2.3 Sample sizes")
            .Caption(tab("What each field's figures rest on in the period."));
        if (model.Fields.Count > 0)
            report.Table(b =>
            {
                b.Column("Field", ColumnWidth.Relative()).Column("Kind", ColumnWidth.Fixed(50)).Column("Answers", ColumnWidth.Fixed(55), TextAlign.Right)
                    .Column("Items", ColumnWidth.Fixed(45), TextAlign.Right).Column("With 2+ answers", ColumnWidth.Fixed(80), TextAlign.Right)
                    .Column("Gold items", ColumnWidth.Fixed(55), TextAlign.Right).Column("Annotators", ColumnWidth.Fixed(66), TextAlign.Right);
                foreach (var f in model.Fields)
                    b.Row(f.Field, f.Kind, N(f.Annotations), N(f.Items), N(f.PairableItems), N(f.GoldItems), f.Annotators.ToString(Inv));
            });
        else
            report.Paragraph("No field has choice or rating answers in the period.");
        if (model.Notes.Count > 0) report.Bullets(model.Notes);
        if (model.Volume.Answers > 0)
            report.Chart(AuditCharts.Volume(model.Volume), 190, fig("Answers per week in the period (weeks start on Monday, UTC)."));
        else
            report.Paragraph("No answers were made in the period.");
        report.PageBreak();
    }

    private void Agreement(ReportComposer report, Func<string, string> fig, Func<string, string> tab)
    {
        report.Heading(1, "3 Agreement")
            .Paragraph("Agreement tells whether the labels mean the same thing whoever gave them. The first figure below shows each field's α with its 95\u00A0% interval against the thresholds; the sections below give every coefficient and the agreement of each pair of annotators.");
        if (model.Fields.Count == 0)
        {
            report.Paragraph("No field has choice or rating answers in the period, so agreement cannot be measured.").PageBreak();
            return;
        }
        report.Chart(AuditCharts.AlphaByField(model.Fields, model.Thresholds), 210, fig("Krippendorff's α per field with 95\u00A0% bootstrap intervals; dashed lines: thresholds."));
        var n = 0;
        foreach (var f in model.Fields)
        {
            n++;
            report.Heading(2, $"3.{n} {f.Field}")
                .Paragraph($"{N(f.Annotations)} answers to {N(f.Items)} items, {N(f.PairableItems)} of them with two or more answers. α at the {f.AlphaLevel} level is {F3(f.Alpha.Value)} ({VerdictText(f.Verdict)})." +
                           (f.AlphaNominal is { } nom ? $" Counting only exact matches (nominal level) it is {F3(nom.Value)}: most disagreements on this field are near misses." : ""))
                .Caption(tab($"Agreement coefficients on {f.Field}."))
                .Table(b =>
                {
                    b.Column("Coefficient", ColumnWidth.Relative(2)).Column("Value", ColumnWidth.Fixed(60), TextAlign.Right).Column("95\u00A0% interval", ColumnWidth.Fixed(90), TextAlign.Right);
                    b.Row($"Krippendorff's α ({f.AlphaLevel})", F3(f.Alpha.Value), Ci(f.Alpha.Lower, f.Alpha.Upper));
                    if (f.AlphaNominal is { } nom) b.Row("Krippendorff's α (nominal)", F3(nom.Value), Ci(nom.Lower, nom.Upper));
                    b.Row("Percent agreement", F3(f.PercentAgreement), "");
                    b.Row("Fleiss' κ", F3(f.FleissKappa), "");
                    b.Row("Gwet's AC1", F3(f.GwetAc1), "");
                    b.Row("Mean pairwise Cohen's κ", F3(f.MeanPairwiseKappa), "");
                })
                .Caption(tab($"Labels on {f.Field}: how often each was given and how well annotators agree on it."))
                .Table(b =>
                {
                    b.Column("Label", ColumnWidth.Relative()).Column("Answers", ColumnWidth.Fixed(70), TextAlign.Right).Column("Share", ColumnWidth.Fixed(70), TextAlign.Right)
                        .Column("α for this label", ColumnWidth.Fixed(90), TextAlign.Right);
                    foreach (var l in f.Labels) b.Row(l.Label, N(l.Ratings), Pct(l.Share), F3(l.Alpha));
                });
            if (f.AnnotatorResults.Count >= 2)
            {
                var side = Math.Min(430, 200 + 18 * f.AnnotatorResults.Count);
                report.Chart(AuditCharts.KappaHeatmap(f), side,
                    fig($"Cohen's κ of every pair of annotators on {f.Field}, with the items they share; empty cells: no shared items."), side + 40);
            }
        }
        report.PageBreak();
    }

    private void Scorecards(ReportComposer report, Func<string, string> tab)
    {
        var fields = model.Fields.Select(f => f.Field).ToList();
        if (model.Annotators.Count == 0)
        {
            report.Heading(1, "4 Annotator scorecards").Paragraph("No annotator answered in the period.").PageBreak();
            return;
        }
        report.Heading(1, "4 Annotator scorecards")
            .Paragraph($"One row per annotator active in the period: items answered, median time per answer, accuracy on gold items per field and agreement with the consensus label. An annotator is flagged when even the top of their gold accuracy interval is below {Pct(model.Thresholds.AnnotatorAccuracyFloor)} on a field, or when drift was detected in their work.")
            .Caption(tab("Annotator scorecards (gold accuracy; agreement with the consensus)."))
            .Table(b =>
            {
                b.FontSize = 8;
                b.Column("Annotator", ColumnWidth.Relative(1.6f)).Column("Pool", ColumnWidth.Fixed(48)).Column("Items", ColumnWidth.Fixed(34), TextAlign.Right)
                    .Column("Median s", ColumnWidth.Fixed(40), TextAlign.Right);
                foreach (var f in fields) b.Column("Gold " + f, ColumnWidth.Fixed(56), TextAlign.Right);
                b.Column("Consensus", ColumnWidth.Fixed(60), TextAlign.Right).Column("Flag", ColumnWidth.Fixed(28));
                foreach (var a in model.Annotators)
                {
                    var cells = new List<string> { a.Annotator, a.Pool ?? "–", N(a.Items), a.MedianLeadTimeSeconds is { } m ? m.ToString("0.0", Inv) : "–" };
                    foreach (var f in fields) cells.Add(Pct(a.Fields.FirstOrDefault(x => x.Field == f)?.Gold?.Value));
                    cells.Add(Pct(a.Fields.FirstOrDefault()?.AgreementWithConsensus));
                    cells.Add(a.Flagged ? "yes" : "");
                    b.Row([.. cells]);
                }
            });
        var flagged = model.Annotators.Where(a => a.Flagged).ToList();
        if (flagged.Count == 0)
        {
            report.Paragraph("No annotator is flagged.").PageBreak();
            return;
        }
        var n = 0;
        foreach (var a in flagged)
        {
            n++;
            report.KeepTogether(k =>
            {
                k.Heading(2, $"4.{n} {a.Annotator}")
                    .Paragraph($"Pool: {a.Pool ?? "none"}; {N(a.Items)} items in the period; median time per answer {(a.MedianLeadTimeSeconds is { } m ? m.ToString("0.0", Inv) + Nb + "s" : "unknown")}. Flagged because:")
                    .Bullets(a.Flags.Select(f => Capital(f) + "."));
            });
            report.Table(b =>
            {
                b.Column("Field", ColumnWidth.Relative()).Column("Answers", ColumnWidth.Fixed(55), TextAlign.Right).Column("Gold accuracy", ColumnWidth.Fixed(70), TextAlign.Right)
                    .Column("95\u00A0% interval", ColumnWidth.Fixed(90), TextAlign.Right).Column("Consensus", ColumnWidth.Fixed(60), TextAlign.Right).Column("Mean κ", ColumnWidth.Fixed(50), TextAlign.Right);
                foreach (var f in a.Fields)
                    b.Row(f.Field, N(f.Annotations), f.Gold is { } g ? Pct(g.Value) + $" ({g.Correct}/{g.Answers})" : "–", PctCi(f.Gold), Pct(f.AgreementWithConsensus), F3(f.MeanKappa));
            });
        }
        report.PageBreak();
    }

    private void Drift(ReportComposer report, Func<string, string> fig, Func<string, string> tab)
    {
        var d = model.Drift;
        report.Heading(1, "5 Drift incidents")
            .Paragraph($"Quality watches every annotator's gold accuracy, agreement with the team, and accuracy on gold and consensus together answer by answer, and their use of each label week by week, and records a change as an incident. This section lists the incidents detected up to the end of the period (data up to {d.DataUpTo?[..10] ?? "–"}), with what people did about them.");
        if (d.Incidents.Count == 0)
        {
            report.Paragraph("No drift was detected.").PageBreak();
            return;
        }
        report.Chart(AuditCharts.DriftTimeline(d.Incidents, model.Period), Math.Min(300, 150 + 18 * d.Incidents.Count),
                fig("Incidents from the estimated change (left dot) to its detection (right dot); dashed lines: the report period."))
            .Caption(tab("Drift incidents: level before and after the estimated change, with the number of answers behind each."))
            .Table(b =>
            {
                b.FontSize = 8;
                b.Column("Annotator", ColumnWidth.Relative(1)).Column("Field", ColumnWidth.Fixed(48)).Column("What changed", ColumnWidth.Relative(1.3f))
                    .Column("Change", ColumnWidth.Fixed(60)).Column("Before", ColumnWidth.Fixed(54), TextAlign.Right).Column("After", ColumnWidth.Fixed(54), TextAlign.Right)
                    .Column("Status", ColumnWidth.Fixed(62));
                foreach (var i in d.Incidents)
                    b.Row(Short(i.Annotator), i.Field, What(i), i.Changepoint[..10], Pct(i.Before.Value) + $" (n={i.Before.Answers})", Pct(i.After.Value) + $" (n={i.After.Answers})",
                        i.Status == "acknowledged" ? "acknowledged" : "open");
            });
        var n = 0;
        foreach (var i in d.Incidents)
        {
            n++;
            var ack = i.Status switch
            {
                "acknowledged" => $"Acknowledged by {i.AcknowledgedBy} on {i.AcknowledgedAt?[..10]}" + (i.Comment is { Length: > 0 } c ? $": “{c}”" : "."),
                "open" => "Nobody has acknowledged this incident yet.",
                _ => "Nobody has acknowledged this incident yet (this report's analysis found it; no drift check has stored it as an alert).",
            };
            report.KeepTogether(k => k
                .Heading(2, $"5.{n} {Short(i.Annotator)}: {What(i)} on {i.Field}")
                .Paragraph($"Around {i.Changepoint[..10]} the {What(i)} of {i.Annotator} on {i.Field} moved from {Pct(i.Before.Value)} ({PctCi(i.Before)}, {N(i.Before.Answers)} answers) to {Pct(i.After.Value)} ({PctCi(i.After)}, {N(i.After.Answers)} answers), a change of {(100 * i.Change).ToString("+0.0;-0.0", Inv)} points. It was detected on {i.DetectedAt[..10]}. {ack}")
                .Chart(AuditCharts.Incident(i), 215, fig(i.Kind == "accuracy"
                    ? $"Weekly gold accuracy of {Short(i.Annotator)} on {i.Field} against the rest of the team: the gold part of the evidence behind this incident."
                    : $"Weekly {What(i)} of {Short(i.Annotator)} on {i.Field} against the rest of the team.")));
        }
        report.PageBreak();
    }

    private static string What(DriftIncident i) => i.Kind == "label_distribution" ? $"share of '{i.Label}'" : AuditReportData.KindText(i.Kind);

    private void Gold(ReportComposer report, Func<string, string> fig, Func<string, string> tab)
    {
        report.Heading(1, "6 Gold-set results")
            .Paragraph("Gold items have a known correct answer and are mixed into the work unannounced. They measure accuracy directly: for each annotator, and for the labels obtained by combining several answers per item.");
        var n = 0;
        foreach (var f in model.Fields.Where(f => f.GoldItems > 0))
        {
            n++;
            report.Heading(2, $"6.{n} {f.Field}")
                .Paragraph($"{N(f.GoldItems)} gold items were answered in the period. All annotators together: {Pct(f.TeamGoldAccuracy?.Value)} correct ({PctCi(f.TeamGoldAccuracy)}). " +
                           $"Majority vote over each item's answers: {Pct(f.MajorityVoteAccuracy?.Value)} ({PctCi(f.MajorityVoteAccuracy)}); Dawid–Skene consensus: {Pct(f.DawidSkeneAccuracy?.Value)} ({PctCi(f.DawidSkeneAccuracy)}).")
                .Chart(AuditCharts.GoldAccuracy(f, model.Thresholds), Math.Min(420, 150 + 16 * f.AnnotatorResults.Count),
                    fig($"Accuracy on gold items per annotator on {f.Field} with 95\u00A0% Wilson intervals."))
                .Caption(tab($"Gold accuracy per annotator on {f.Field}."))
                .Table(b =>
                {
                    b.Column("Annotator", ColumnWidth.Relative()).Column("Gold answers", ColumnWidth.Fixed(65), TextAlign.Right).Column("Correct", ColumnWidth.Fixed(50), TextAlign.Right)
                        .Column("Accuracy", ColumnWidth.Fixed(55), TextAlign.Right).Column("95\u00A0% interval", ColumnWidth.Fixed(90), TextAlign.Right);
                    foreach (var a in f.AnnotatorResults)
                        b.Row(a.Annotator, N(a.Gold?.Answers ?? 0), N(a.Gold?.Correct ?? 0), Pct(a.Gold?.Value), PctCi(a.Gold));
                });
        }
        if (n == 0) report.Paragraph("No gold answers were given in the period.");
        report.PageBreak();
    }

    private void Cost(ReportComposer report, Func<string, string> fig, Func<string, string> tab)
    {
        var c = model.Cost;
        report.Heading(1, "7 Cost and quality");
        if (c.Reason is not null)
        {
            report.Paragraph("Cost could not be computed: " + c.Reason + ".").PageBreak();
            return;
        }
        report.Paragraph($"What the labels cost against what they are worth, over the whole project to date. An answer costs the annotator's price per label, or their hourly rate × the time the tool recorded (capped at {c.CapRule}{(c.LeadTimeCapSeconds is { } cap ? $" = {cap.ToString("0.#", Inv)}{Nb}s" : "")}, so a task left open is not billed as work). Amounts are in {c.Currency}.")
            .Caption(tab("Cost per pool over all fields, with the pooled gold accuracy."))
            .Table(b =>
            {
                b.Column("Pool", ColumnWidth.Relative()).Column("Answers", ColumnWidth.Fixed(55), TextAlign.Right).Column("Cost", ColumnWidth.Fixed(75), TextAlign.Right)
                    .Column("Per answer", ColumnWidth.Fixed(65), TextAlign.Right).Column("Gold accuracy", ColumnWidth.Fixed(70), TextAlign.Right)
                    .Column("Per correct label", ColumnWidth.Fixed(80), TextAlign.Right);
                foreach (var p in c.Overall)
                    b.Row(p.Pool, N(p.Annotations), Money(p.Cost), Money(p.CostPerAnnotation), Pct(p.Accuracy?.Value), Money(p.CostPerCorrectLabel));
            });
        var n = 0;
        foreach (var f in c.Fields)
        {
            n++;
            report.Heading(2, $"7.{n} {f.Field}")
                .Paragraph("The chart shows each annotator's cost per answer against their quality. Annotators on the frontier are the ones nobody beats on both at once; everyone else is dominated — another annotator is both cheaper and better.")
                .Chart(AuditCharts.Frontier(f, c.Currency), 285, fig($"Cost per answer against quality on {f.Field}; green: the Pareto frontier."))
                .Caption(tab($"Cost per correct label on {f.Field}."))
                .Table(b =>
                {
                    b.FontSize = 8.5f;
                    b.Column("Annotator", ColumnWidth.Relative()).Column("Pool", ColumnWidth.Fixed(46)).Column("Answers", ColumnWidth.Fixed(48), TextAlign.Right)
                        .Column("Per answer", ColumnWidth.Fixed(58), TextAlign.Right).Column("Quality", ColumnWidth.Fixed(48), TextAlign.Right)
                        .Column("Per correct label", ColumnWidth.Fixed(66), TextAlign.Right).Column("Frontier", ColumnWidth.Fixed(46));
                    foreach (var a in f.Annotators)
                        b.Row(a.Annotator, a.Pool ?? "–", N(a.Annotations), Money(a.CostPerAnnotation), Pct(a.Quality),
                            a.CostPerCorrectLabel is { } cc ? Money(cc) : "none", a.OnFrontier switch { true => "yes", false => "no", _ => "–" });
                });
            var guess = f.Annotators.Where(a => a.CostPerCorrectLabel is null && a.CostPerCorrectLabelReason is not null).ToList();
            if (guess.Count > 0)
                report.Paragraph("“none”: " + string.Join(" ", guess.Select(a => $"{Short(a.Annotator)} — {a.CostPerCorrectLabelReason}.")), report.Theme.Small);
            report.Chart(AuditCharts.Redundancy(f, c.TargetAccuracy), 230,
                    fig($"Majority-vote accuracy on gold items of {f.Field} with k answers per item (95\u00A0% intervals); dashed: the target."))
                .Paragraph(f.RecommendedK is { } k
                    ? $"Recommendation: {k} answers per item reach the target of {Pct(c.TargetAccuracy)} by majority vote" +
                      (f.ConservativeK is { } ck ? $"; {ck} make it likely even at the low end of the interval" : "") +
                      (f.CostPerAnswer is { } cpa ? $". At {Money(cpa)} per answer, {k} answers cost {Money(cpa * k)} per item." : ".")
                    : $"No number of answers per item reaches {Pct(c.TargetAccuracy)} on the gold items available" + (f.RecommendationReason is { } r ? $" ({r})." : "."));
        }
        report.PageBreak();
    }

    private void Appendix(ReportComposer report, Func<string, string> tab)
    {
        report.Heading(1, "Appendix A Data provenance")
            .Paragraph("Every file imported into the project, in import order, with the SHA-256 of its bytes: a copy of a file can be checked against this list with any SHA-256 tool.")
            .Caption(tab("Imports."))
            .Table(b =>
            {
                b.FontSize = 7.5f;
                b.Column("#", ColumnWidth.Fixed(18), TextAlign.Right).Column("File", ColumnWidth.Relative(1.2f)).Column("Format", ColumnWidth.Fixed(48))
                    .Column("SHA-256", ColumnWidth.Relative(2.2f)).Column("Items", ColumnWidth.Fixed(40), TextAlign.Right)
                    .Column("Answers", ColumnWidth.Fixed(46), TextAlign.Right).Column("Gold items", ColumnWidth.Fixed(40), TextAlign.Right);
                foreach (var i in model.Imports)
                    b.Row(i.ImportId.ToString(Inv), i.FileName + $" ({N(i.FileBytes)} bytes)", i.Format, i.Sha256, N(i.Items), N(i.Annotations), N(i.GoldItems));
            })
            .Heading(1, "Appendix B Fingerprint")
            .Paragraph("The fingerprint identifies the data this report was made from. It is the SHA-256 of the report's input model — every number, name and date the report prints, the thresholds and the list of imports, but not the generation time — written as canonical JSON (keys sorted, no whitespace; docs/reports.md gives the exact rules). The same data and period always give the same fingerprint; any change to the data, the thresholds or the period gives another.")
            .Paragraph(p => p.Text("Fingerprint: ").Bold(Fingerprint))
            .Paragraph(p => p.Text("Period: ").Bold(model.Period.ToString()).Text(" (from inclusive, to exclusive, UTC)"))
            .Paragraph("Both are also stored in the PDF's keywords. To check that this report still matches the data, run:")
            .Paragraph($"quality report verify THIS-FILE.pdf --project \"{model.Project}\"", new TextStyle(ReportFont.Bold, 9, new SKColor(0x1F, 0x29, 0x37)))
            .Paragraph("It reads the fingerprint and period back from this file, recomputes the model from the database and answers “match” (exit code 0) or “mismatch” (exit code 1). A mismatch means the data changed after the report was made — for instance a later import, an acknowledged alert or new project settings — or that a different version of Quality computed it.");
    }
}
