using System.Globalization;
using Quality.Charts;
using ScottPlot;

namespace Quality.Reports.Audit;

/// <summary>The audit report's charts, built from the model with the shared <see cref="ChartTheme"/>; one method per chart.</summary>
public static class AuditCharts
{
    private static string Short(string annotator) => KappaHeatmapChart.ShortName(annotator);

    /// <summary>Krippendorff's α per field with its 95 % interval, against the two thresholds.</summary>
    public static Plot AlphaByField(IReadOnlyList<FieldResult> fields, ReportThresholds t)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, "Agreement per field (Krippendorff's α)", "Field", "α (1 = perfect, 0 = chance)");
        var ticks = new List<Tick>();
        var bars = new List<Bar>();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            ticks.Add(new Tick(i, $"{f.Field} ({f.AlphaLevel})"));
            if (f.Alpha.Value is not { } v) continue;
            bars.Add(new Bar
            {
                Position = i,
                Value = v,
                Size = 0.55,
                FillColor = f.Verdict == "good" ? ChartTheme.Palette[2] : f.Verdict == "tentative" ? ChartTheme.Palette[1] : ChartTheme.Alert,
                LineWidth = 0,
            });
            if (f.Alpha.Lower is { } lo && f.Alpha.Upper is { } hi)
            {
                var e = plot.Add.ErrorBar([(double)i], [v], [0.0]);
                e.YErrorNegative = [v - lo];
                e.YErrorPositive = [hi - v];
                e.Color = Colors.Black;
                e.CapSize = 8;
            }
        }
        if (bars.Count > 0) plot.Add.Bars(bars);
        Threshold(plot, t.AlphaGood, string.Create(CultureInfo.InvariantCulture, $"good ≥ {t.AlphaGood:0.000}"), ChartTheme.Palette[2]);
        Threshold(plot, t.AlphaTentative, string.Create(CultureInfo.InvariantCulture, $"tentative ≥ {t.AlphaTentative:0.000}"), ChartTheme.Palette[1]);
        plot.Axes.Bottom.SetTicks(ticks.Select(x => x.Position).ToArray(), ticks.Select(x => x.Label).ToArray());
        plot.Axes.SetLimits(-0.6, fields.Count - 0.4, 0, 1.05);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    private static void Threshold(Plot plot, double y, string label, Color color)
    {
        var line = plot.Add.HorizontalLine(y, 1.5f, color, LinePattern.Dashed);
        line.LegendText = label;
    }

    /// <summary>Each annotator's gold accuracy on a field as a horizontal bar with its 95 % Wilson interval, against the team target.</summary>
    public static Plot GoldAccuracy(FieldResult field, ReportThresholds t)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Accuracy on gold items: {field.Field}", "Share of gold answers correct (%)", "");
        var rows = field.AnnotatorResults.Where(a => a.Gold?.Value is not null).OrderBy(a => a.Gold!.Value).ToList();
        if (rows.Count == 0)
        {
            plot.Add.Annotation("No gold answers in this period");
            return plot;
        }
        var bars = plot.Add.Bars(rows.Select((a, i) => new Bar
        {
            Position = i,
            Value = 100 * a.Gold!.Value!.Value,
            Size = 0.65,
            FillColor = a.Gold.Upper < t.AnnotatorAccuracyFloor ? ChartTheme.Alert : ChartTheme.Primary,
            LineWidth = 0,
        }).ToList());
        bars.Horizontal = true;
        var e = plot.Add.ErrorBar(rows.Select(a => 100 * a.Gold!.Value!.Value).ToArray(), rows.Select((_, i) => (double)i).ToArray(), new double[rows.Count]);
        e.XErrorNegative = rows.Select(a => 100 * (a.Gold!.Value!.Value - a.Gold.Lower!.Value)).ToArray();
        e.XErrorPositive = rows.Select(a => 100 * (a.Gold!.Upper!.Value - a.Gold.Value!.Value)).ToArray();
        e.YErrorNegative = new double[rows.Count];
        e.YErrorPositive = new double[rows.Count];
        e.Color = Colors.Black;
        e.CapSize = 4;
        var target = plot.Add.VerticalLine(100 * t.GoldAccuracyTarget, 1.5f, ChartTheme.Palette[2], LinePattern.Dashed);
        target.LegendText = string.Create(CultureInfo.InvariantCulture, $"team target {100 * t.GoldAccuracyTarget:0}%");
        var floor = plot.Add.VerticalLine(100 * t.AnnotatorAccuracyFloor, 1.5f, ChartTheme.Alert, LinePattern.Dotted);
        floor.LegendText = string.Create(CultureInfo.InvariantCulture, $"annotator floor {100 * t.AnnotatorAccuracyFloor:0}%");
        plot.Axes.Left.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.Select(a => Short(a.Annotator)).ToArray());
        plot.Axes.SetLimits(0, 100, -0.6, rows.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    /// <summary>Pairwise Cohen's κ heatmap (the dashboard's chart).</summary>
    public static Plot KappaHeatmap(FieldResult field)
    {
        var names = field.AnnotatorResults.Select(a => a.Annotator).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var kappa = new double?[names.Count, names.Count];
        var items = new int[names.Count, names.Count];
        foreach (var p in field.Pairs)
        {
            if (!index.TryGetValue(p.A, out var a) || !index.TryGetValue(p.B, out var b)) continue;
            kappa[a, b] = kappa[b, a] = p.Kappa;
            items[a, b] = items[b, a] = p.Items;
        }
        return KappaHeatmapChart.Build(field.Field, names, kappa, items);
    }

    /// <summary>Answers per week in the period (the dashboard's chart).</summary>
    public static Plot Volume(VolumeSummary volume) =>
        AnnotationsPerWeekChart.Build(volume.Weeks.Select(w => (w.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), w.Answers)).ToList());

    /// <summary>Every drift incident on a time line: one row per annotator and field, from the change to its detection.</summary>
    public static Plot DriftTimeline(IReadOnlyList<DriftIncident> incidents, ReportPeriod period)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, "Drift incidents: estimated change → detection", "Date (UTC)", "");
        var rows = incidents.Select(i => $"{Short(i.Annotator)} · {i.Field}").Distinct().ToList();
        var kinds = new Dictionary<string, Color>
        {
            ["gold_accuracy"] = ChartTheme.Alert,
            ["agreement"] = ChartTheme.Palette[3],
            ["accuracy"] = ChartTheme.Palette[4],
            ["label_distribution"] = ChartTheme.Palette[1],
        };
        var legend = new HashSet<string>();
        foreach (var i in incidents)
        {
            // Several kinds of change of one annotator and field share a row: each kind keeps its own lane in it.
            var y = rows.IndexOf($"{Short(i.Annotator)} · {i.Field}") + (i.Kind switch { "gold_accuracy" => -0.27, "accuracy" => -0.09, "label_distribution" => 0.09, _ => 0.27 });
            var x0 = Parse(i.Changepoint).ToOADate();
            var x1 = Parse(i.DetectedAt).ToOADate();
            var line = plot.Add.ScatterLine(new[] { x0, x1 }, new double[] { y, y }, kinds[i.Kind]);
            line.LineWidth = 5;
            line.MarkerSize = 9;
            line.MarkerShape = MarkerShape.FilledCircle;
            if (legend.Add(i.Kind)) line.LegendText = AuditReportData.KindText(i.Kind);
        }
        var from = period.FromUtc.ToOADate();
        var start = plot.Add.VerticalLine(from, 1, ChartTheme.Muted, LinePattern.Dashed);
        start.LegendText = "period";
        plot.Add.VerticalLine(period.ToUtc.ToOADate(), 1, ChartTheme.Muted, LinePattern.Dashed);
        var first = incidents.Count == 0 ? period.FromUtc : incidents.Min(i => Parse(i.Changepoint));
        var lo = Math.Min(from, first.ToOADate()) - 3;
        var hi = period.ToUtc.ToOADate() + 3;
        var weeks = new List<DateTime>();
        for (var d = Analytics.Drift.AccuracySeries.WeekStart(DateTime.FromOADate(lo)); d.ToOADate() <= hi; d = d.AddDays(7)) weeks.Add(d);
        ChartTheme.DateTicks(plot, weeks, 6);
        plot.Axes.Left.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.ToArray());
        plot.Axes.SetLimits(lo, hi, -0.7, Math.Max(rows.Count, 1) - 0.3);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    private static DateTime Parse(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>An incident's weekly series: accuracy (the dashboard's weekly gold chart) or the share of the label that moved.</summary>
    public static Plot Incident(DriftIncident i)
    {
        var changepoint = Parse(i.Changepoint);
        if (i.Kind != "label_distribution")
        {
            var own = i.Weekly.Select(w => new Charts.WeeklyAccuracy(w.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), w.Count, w.Answers)).ToList();
            var team = i.Weekly.Select(w => new Charts.WeeklyAccuracy(w.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), w.TeamCount, w.TeamAnswers)).ToList();
            var plot = WeeklyAccuracyChart.Build(i.Annotator, i.Field, own, team, changepoint);
            if (i.Kind == "agreement")
            {
                plot.Title($"Weekly agreement with the consensus: {Short(i.Annotator)} on {i.Field}");
                plot.YLabel("Answers equal to the consensus (%)");
            }
            return plot;
        }
        var p = new Plot();
        ChartTheme.Apply(p, $"Weekly share of '{i.Label}': {Short(i.Annotator)} on {i.Field}", "Week starting (Monday, UTC)", $"Answers '{i.Label}' (%)");
        var weeks = i.Weekly.Where(w => w.Answers > 0 || w.TeamAnswers > 0).ToList();
        var xs = weeks.Select(w => w.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToOADate()).ToArray();
        var teamLine = p.Add.ScatterLine(xs, weeks.Select(w => w.TeamAnswers > 0 ? 100.0 * w.TeamCount / w.TeamAnswers : double.NaN).ToArray(), ChartTheme.Muted);
        teamLine.LineWidth = 2;
        teamLine.LinePattern = LinePattern.Dashed;
        teamLine.LegendText = "Rest of the team";
        var ownLine = p.Add.ScatterLine(xs, weeks.Select(w => w.Answers > 0 ? 100.0 * w.Count / w.Answers : double.NaN).ToArray(), ChartTheme.Primary);
        ownLine.LineWidth = 2;
        ownLine.MarkerSize = 8;
        ownLine.MarkerShape = MarkerShape.FilledCircle;
        ownLine.LegendText = "Annotator";
        var v = p.Add.VerticalLine(changepoint.ToOADate(), 2, ChartTheme.Alert, LinePattern.Dotted);
        v.LegendText = "Detected change";
        ChartTheme.DateTicks(p, weeks.Select(w => w.WeekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToList());
        p.Axes.SetLimitsY(0, 100);
        p.ShowLegend(Edge.Bottom);
        p.Legend.Orientation = Orientation.Horizontal;
        return p;
    }

    /// <summary>Cost per answer against quality, one point per annotator, the Pareto frontier joined by a line.</summary>
    public static Plot Frontier(CostField field, string currency)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Cost against quality: {field.Field}", $"Cost per answer ({currency})", "Quality (accuracy, %)");
        var placed = field.Annotators.Where(a => a.CostPerAnnotation is not null && a.Quality is not null).ToList();
        if (placed.Count == 0)
        {
            plot.Add.Annotation("Cost or quality unknown for every annotator");
            return plot;
        }
        var frontier = placed.Where(a => a.OnFrontier == true).OrderBy(a => a.CostPerAnnotation).ToList();
        if (frontier.Count > 1)
        {
            var line = plot.Add.ScatterLine(frontier.Select(a => a.CostPerAnnotation!.Value).ToArray(), frontier.Select(a => 100 * a.Quality!.Value).ToArray(), ChartTheme.Palette[2]);
            line.LineWidth = 2;
            line.LegendText = "Pareto frontier";
        }
        var on = placed.Where(a => a.OnFrontier == true).ToList();
        var off = placed.Where(a => a.OnFrontier != true).ToList();
        if (on.Count > 0)
        {
            var s = plot.Add.ScatterPoints(on.Select(a => a.CostPerAnnotation!.Value).ToArray(), on.Select(a => 100 * a.Quality!.Value).ToArray(), ChartTheme.Palette[2]);
            s.MarkerSize = 9;
            s.LegendText = "On the frontier";
        }
        if (off.Count > 0)
        {
            var s = plot.Add.ScatterPoints(off.Select(a => a.CostPerAnnotation!.Value).ToArray(), off.Select(a => 100 * a.Quality!.Value).ToArray(), ChartTheme.Muted);
            s.MarkerSize = 8;
            s.LegendText = "Dominated (someone is cheaper and better)";
        }
        if (placed.Count <= 16)
        {
            foreach (var a in placed)
            {
                var t = plot.Add.Text(Short(a.Annotator), a.CostPerAnnotation!.Value, 100 * a.Quality!.Value);
                t.LabelFontSize = 9;
                t.LabelFontColor = Color.FromHex("#374151");
                t.OffsetX = 6;
                t.OffsetY = -4;
            }
        }
        var maxCost = placed.Max(a => a.CostPerAnnotation!.Value);
        plot.Axes.SetLimits(0, maxCost * 1.3 + 1e-9, 0, 104);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    /// <summary>Majority-vote accuracy against answers per item, with intervals, and the target.</summary>
    public static Plot Redundancy(CostField field, double target)
    {
        var plot = new Plot();
        ChartTheme.Apply(plot, $"Answers per item and consensus accuracy: {field.Field}", "Annotators per item (k)", "Consensus accuracy on gold (%)");
        if (field.Redundancy.Count == 0)
        {
            plot.Add.Annotation("Not enough gold items with several answers");
            return plot;
        }
        void Series(IReadOnlyList<(int K, Estimate E)> points, Color color, string label)
        {
            var xs = points.Select(p => (double)p.K).ToArray();
            var ys = points.Select(p => 100 * p.E.Value!.Value).ToArray();
            var e = plot.Add.ErrorBar(xs, ys, new double[xs.Length]);
            e.YErrorNegative = points.Select(p => 100 * (p.E.Value!.Value - p.E.Lower!.Value)).ToArray();
            e.YErrorPositive = points.Select(p => 100 * (p.E.Upper!.Value - p.E.Value!.Value)).ToArray();
            e.Color = color;
            e.CapSize = 4;
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.LegendText = label;
        }
        Series(field.Redundancy.Where(r => r.MajorityVote.Value is not null).Select(r => (r.K, r.MajorityVote)).ToList(), ChartTheme.Primary, "Majority vote");
        var t = plot.Add.HorizontalLine(100 * target, 1.5f, ChartTheme.Palette[2], LinePattern.Dashed);
        t.LegendText = string.Create(CultureInfo.InvariantCulture, $"target {100 * target:0}%");
        var maxK = field.Redundancy.Max(r => r.K);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(1, maxK).Select(k => (double)k).ToArray(),
            Enumerable.Range(1, maxK).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(0.5, maxK + 0.5);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return plot;
    }
}
