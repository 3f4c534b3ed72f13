namespace Quality.Reports.Composition.Demo;

/// <summary>Data behind the composition demo: a synthetic audit of one project (data only, no layout).</summary>
public sealed record CompositionDemoModel(
    string Client,
    string Project,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    double Alpha,
    double AlphaLow,
    double AlphaHigh,
    double GoldAccuracy,
    long Annotations,
    IReadOnlyList<DemoAnnotator> Annotators,
    IReadOnlyList<DemoWeek> Weeks);

/// <summary>One annotator's row of the demo table.</summary>
public sealed record DemoAnnotator(string Id, string Pool, int Labels, double Kappa, double KappaLow, double KappaHigh, double GoldAccuracy, double MedianSeconds);

/// <summary>One week of the demo's volume chart.</summary>
public sealed record DemoWeek(DateTime Start, long Annotations);

/// <summary>
/// The demo's data source: a seeded generator, so the model (and so the PDF) is the same on every run.
/// The numbers are made up to look like an audit; they are not computed statistics.
/// </summary>
public static class CompositionDemoData
{
    public static CompositionDemoModel Create(int annotators = 120, int weeks = 12, int seed = 20260314)
    {
        var rng = new Random(seed);
        string[] pools = ["in-house", "vendor", "crowd"];
        var rows = new List<DemoAnnotator>(annotators);
        for (var i = 0; i < annotators; i++)
        {
            var pool = pools[i % 3];
            var skill = rng.NextDouble();
            var kappa = Math.Round(0.55 + 0.4 * skill - (pool == "crowd" ? 0.08 : 0), 3);
            var half = Math.Round(0.03 + 0.05 * rng.NextDouble(), 3);
            var seconds = Math.Round(6 + 30 * rng.NextDouble() + 10 * skill, 1);
            var gold = Math.Round(Math.Min(99.5, 74 + 22 * skill + 0.12 * seconds + 2 * rng.NextDouble()), 1);
            rows.Add(new DemoAnnotator($"ann-{i + 1:D3}", pool, 40 + rng.Next(2400), kappa, Math.Round(kappa - half, 3), Math.Round(Math.Min(1, kappa + half), 3), gold, seconds));
        }
        var start = new DateTime(2026, 8, 31, 0, 0, 0, DateTimeKind.Utc);
        var weekly = Enumerable.Range(0, weeks).Select(w => new DemoWeek(start.AddDays(7 * w), 2600 + 180 * w + rng.Next(900))).ToList();
        return new CompositionDemoModel(
            Client: "Nordlicht Mobility GmbH",
            Project: "Street-scene sentiment – Q3 relabel",
            PeriodStart: DateOnly.FromDateTime(start),
            PeriodEnd: DateOnly.FromDateTime(start.AddDays(7 * weeks - 1)),
            Alpha: 0.812,
            AlphaLow: 0.794,
            AlphaHigh: 0.829,
            GoldAccuracy: Math.Round(rows.Average(r => r.GoldAccuracy), 1),
            Annotations: weekly.Sum(w => w.Annotations),
            Annotators: rows,
            Weeks: weekly);
    }
}
