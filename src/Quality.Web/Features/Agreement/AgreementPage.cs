using Quality.Analytics;
using Quality.Charts;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

namespace Quality.Web.Features.Agreement;

/// <summary>Pairwise kappa of a field laid out annotator × annotator, with the shared items of each pair.</summary>
public sealed record KappaMatrix(IReadOnlyList<string> Annotators, double?[,] Kappa, int[,] Items, bool[,] LowSample)
{
    public static KappaMatrix From(FieldAnalysis f)
    {
        var names = f.Annotators.Select(a => a.Annotator).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var n = names.Count;
        var kappa = new double?[n, n];
        var items = new int[n, n];
        var low = new bool[n, n];
        foreach (var p in f.Agreement.Pairwise)
        {
            int a = index[p.A], b = index[p.B];
            kappa[a, b] = kappa[b, a] = p.CohenKappa.Value.Value;
            items[a, b] = items[b, a] = p.Items;
            low[a, b] = low[b, a] = p.LowSample;
        }
        return new KappaMatrix(names, kappa, items, low);
    }
}

/// <summary>Which confusion matrix the page shows: rows (an annotator, or everyone) against columns.</summary>
public sealed record ConfusionChoice(string Rows, string Columns, IReadOnlyList<string> Annotators, bool HasGold)
{
    public const string All = "all";
    public const string Consensus = "consensus";
    public const string GoldKey = "gold";

    public static ConfusionChoice Parse(string? rows, string? columns, IReadOnlyList<string> annotators, bool hasGold)
    {
        rows = rows is not null && annotators.Contains(rows) ? rows : All;
        columns = columns switch
        {
            Consensus => Consensus,
            GoldKey when hasGold => GoldKey,
            { } c when annotators.Contains(c) && c != rows => c,
            _ => hasGold ? GoldKey : Consensus,
        };
        // Annotator against annotator needs a single row annotator.
        if (rows == All && columns is not (Consensus or GoldKey)) columns = hasGold ? GoldKey : Consensus;
        return new ConfusionChoice(rows, columns, annotators, hasGold);
    }
}

/// <summary>Everything on the agreement page, built once per data state and view.</summary>
public sealed record AgreementPage(ProjectContext Project, ReportTable Coefficients, FieldAnalysis? Field,
    ReportTable? Pairs, ReportTable? Labels, KappaMatrix? Matrix, ConfusionChoice? Choice, ReportTable? Confusion)
{
    public IEnumerable<ReportTable> Tables => new[] { Coefficients, Pairs, Labels, Confusion }.OfType<ReportTable>();

    public static AgreementPage Build(ProjectContext p, AgreementBands bands, string? rows, string? columns) =>
        p.Cached($"agreement-page|{rows}|{columns}", () =>
        {
            var path = $"/projects/{p.ProjectId}/agreement";
            var coefficients = AgreementTables.Coefficients(p.Analysis, bands, f => path + p.Filter.Query(field: f));
            var f = p.Field;
            if (f is null)
                return new AgreementPage(p, coefficients, null, null, null, null, null, null);
            var set = p.FieldData!.Data.Ratings;
            var gold = AgreementTables.Gold(p.Analysis, f.Field);
            var choice = ConfusionChoice.Parse(rows, columns, set.RaterNames, gold is not null);
            var rater = choice.Rows == ConfusionChoice.All ? -1 : IndexOf(set.RaterNames, choice.Rows);
            ConfusionMatrix? m = choice.Columns switch
            {
                ConfusionChoice.GoldKey => LabelConfusion.AgainstReference(set, rater, gold!, "Gold", Who(choice.Rows)),
                ConfusionChoice.Consensus when AgreementTables.ConsensusLabels(f) is { } c => LabelConfusion.AgainstReference(set, rater, c, "Consensus", Who(choice.Rows)),
                ConfusionChoice.Consensus => null,
                var other => LabelConfusion.Between(set, rater, IndexOf(set.RaterNames, other), choice.Rows, other),
            };
            return new AgreementPage(p, coefficients, f, AgreementTables.Pairs(f), AgreementTables.Labels(f),
                KappaMatrix.From(f), choice, m is null ? null : AgreementTables.Confusion("confusion", m));
        });

    public string HeatmapSvg() => Project.Cached("kappa-heatmap", () =>
        Matrix is null ? KappaHeatmapChart.Svg(Project.Field?.Field ?? "—", [], new double?[0, 0], new int[0, 0])
            : KappaHeatmapChart.Svg(Field!.Field, Matrix.Annotators, Matrix.Kappa, Matrix.Items, Math.Clamp(220 + 48 * Matrix.Annotators.Count, 420, 1000)));

    private static string Who(string rows) => rows == ConfusionChoice.All ? "All answers" : rows;

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }
}
