using Quality.Analytics.Intervals;

namespace Quality.Costs;

/// <summary>Where an annotator's quality figure comes from.</summary>
public enum QualitySource
{
    /// <summary>Accuracy on gold items (the annotator has at least the minimum number of gold answers).</summary>
    Gold,
    /// <summary>Dawid–Skene's estimate Σ_t prior_t·π[t][t] (too few gold answers): flagged as estimated.</summary>
    DawidSkene,
    /// <summary>No categorical answers: no quality.</summary>
    None,
}

/// <summary>One annotator's cost against quality on one field or overall.</summary>
public sealed record AnnotatorCostQuality
{
    public required string Annotator { get; init; }
    public required string? Pool { get; init; }
    public required AnnotatorCost Cost { get; init; }
    public required QualityCounts Counts { get; init; }

    /// <summary>Accuracy on gold answers with its Wilson 95% interval (undefined without gold answers).</summary>
    public required WilsonInterval Accuracy { get; init; }

    /// <summary>Share of answers equal to the Dawid–Skene consensus label.</summary>
    public required Proportion AgreementWithConsensus { get; init; }

    /// <summary>The quality used for cost per correct label and the frontier; null when <see cref="Source"/> is None.</summary>
    public required double? Quality { get; init; }
    public required QualitySource Source { get; init; }

    /// <summary>Accuracy a guesser with the annotator's own label shares would reach, on the same basis as <see cref="Quality"/>.</summary>
    public required double? ChanceQuality { get; init; }

    /// <summary>
    /// Whether the annotator does better than guessing: the gold accuracy's lower 95% bound is above chance (gold),
    /// or the model accuracy is above the model's chance (Dawid–Skene). Null without a quality.
    /// </summary>
    public required bool? AboveChance { get; init; }

    /// <summary>Quality × annotations, or 0 for an annotator no better than chance (their hits are guesses).</summary>
    public required double? CorrectLabels { get; init; }
    public required double? CostPerCorrectLabel { get; init; }
    public required string? CostPerCorrectLabelReason { get; init; }

    /// <summary>On the Pareto frontier of (cost per annotation ↓, quality ↑); null with a reason when it cannot be placed.</summary>
    public required bool? OnFrontier { get; init; }
    public required string? FrontierReason { get; init; }

    public long Annotations => Cost.Answers;
    public double? CostPerAnnotation => Cost.CostPerAnswer;
}

/// <summary>A pool of annotators (in-house, vendor, crowd, …) side by side with the others.</summary>
public sealed record PoolCostQuality
{
    /// <summary>The pool's name; annotators without a pool are grouped under <see cref="CostQuality.NoPool"/>.</summary>
    public required string Pool { get; init; }
    public required IReadOnlyList<string> Annotators { get; init; }
    public required long Annotations { get; init; }
    /// <summary>Null with <see cref="CostReason"/> when a member's cost is unknown or the members are paid in different currencies.</summary>
    public required double? Cost { get; init; }
    public required string? Currency { get; init; }
    public required string? CostReason { get; init; }
    /// <summary>Pooled gold accuracy of the members' answers, with its Wilson 95% interval.</summary>
    public required WilsonInterval Accuracy { get; init; }
    public required Proportion AgreementWithConsensus { get; init; }
    /// <summary>Σ of the members' correct labels (members no better than chance contribute none).</summary>
    public required double? CorrectLabels { get; init; }
    public required double? CostPerCorrectLabel { get; init; }
    public required string? CostPerCorrectLabelReason { get; init; }

    public double? CostPerAnnotation => Cost is { } c && Annotations > 0 ? c / Annotations : null;
}

/// <summary>A cost-against-quality table: annotators (with the frontier) and pools.</summary>
public sealed record CostQualityTable(IReadOnlyList<AnnotatorCostQuality> Annotators, IReadOnlyList<PoolCostQuality> Pools);

/// <summary>
/// Puts each annotator's cost next to their quality: cost per correct label = cost / (quality × annotations), with
/// quality = gold accuracy when the annotator has enough gold answers, else the Dawid–Skene estimate (flagged);
/// and the Pareto frontier of cost per annotation against quality.
/// </summary>
public static class CostQuality
{
    public const string NoPool = "(no pool)";

    /// <param name="costs">Costs per annotator (one field's, or overall).</param>
    /// <param name="counts">Quality counts by annotator key; an annotator missing here has no categorical answers.</param>
    /// <param name="minGoldAnswers">Gold answers needed for gold accuracy to be the annotator's quality.</param>
    public static CostQualityTable Compute(IReadOnlyList<AnnotatorCost> costs, IReadOnlyDictionary<string, QualityCounts> counts,
        int minGoldAnswers, double z = WilsonInterval.Z95)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(counts);
        if (minGoldAnswers < 1) throw new ArgumentOutOfRangeException(nameof(minGoldAnswers), "at least one gold answer is needed");
        var rows = costs.Select(c => Annotator(c, counts.GetValueOrDefault(c.Annotator) ?? QualityCounts.Zero, minGoldAnswers, z)).ToList();
        rows = WithFrontier(rows);
        var pools = rows.GroupBy(r => r.Pool ?? NoPool, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Pool(g.Key, g.ToList(), z))
            .ToList();
        return new CostQualityTable(rows, pools);
    }

    private static AnnotatorCostQuality Annotator(AnnotatorCost cost, QualityCounts q, int minGold, double z)
    {
        var accuracy = WilsonInterval.Compute(q.GoldCorrect, q.GoldAnswers, z);
        double? quality = null, chance = null;
        bool? above = null;
        var source = QualitySource.None;
        if (q.GoldAnswers >= minGold)
        {
            source = QualitySource.Gold;
            quality = accuracy.Estimate;
            chance = q.GoldChance;
            above = accuracy.Lower > chance;
        }
        else if (q.ModelAccuracy is { } model)
        {
            source = QualitySource.DawidSkene;
            quality = model;
            chance = q.ModelChance;
            above = model > chance;
        }

        double? correct = quality is { } qv && above is { } ok ? (ok ? qv * cost.Answers : 0) : null;
        var (perCorrect, reason) = PerCorrect(cost.Cost, cost.Reason, correct, above == false
            ? $"answers no better than chance (accuracy {Fmt(quality)} against {Fmt(chance)} for guessing with the same label shares): the correct ones cannot be told from guesses"
            : null);
        return new AnnotatorCostQuality
        {
            Annotator = cost.Annotator,
            Pool = cost.Pool,
            Cost = cost,
            Counts = q,
            Accuracy = accuracy,
            AgreementWithConsensus = new Proportion(q.ConsensusAgreed, q.ConsensusCompared, "the annotator answered no item that has a consensus label"),
            Quality = quality,
            Source = source,
            ChanceQuality = chance,
            AboveChance = above,
            CorrectLabels = correct,
            CostPerCorrectLabel = perCorrect,
            CostPerCorrectLabelReason = reason,
            OnFrontier = null,
            FrontierReason = null,
        };
    }

    private static (double? Value, string? Reason) PerCorrect(double? cost, string? costReason, double? correct, string? chanceReason)
    {
        if (cost is not { } c) return (null, costReason ?? "the cost is unknown");
        if (chanceReason is not null) return (null, chanceReason);
        if (correct is not { } n) return (null, "no quality estimate: no gold answers and no categorical answers for Dawid–Skene");
        if (n <= 0) return (null, "no correct labels");
        return (c / n, null);
    }

    private static List<AnnotatorCostQuality> WithFrontier(List<AnnotatorCostQuality> rows)
    {
        var currencies = rows.Where(r => r.Cost.Cost is not null).Select(r => r.Cost.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            var why = $"annotators are paid in {string.Join(" and ", currencies)}; costs in different currencies cannot be compared";
            return rows.Select(r => r with { OnFrontier = null, FrontierReason = why }).ToList();
        }
        var candidates = rows.Select((r, i) => (Row: r, Index: i))
            .Where(x => x.Row.CostPerAnnotation is not null && x.Row.Quality is not null && x.Row.AboveChance == true).ToList();
        var member = ParetoFrontier.Members(candidates.Select(x => x.Row.CostPerAnnotation!.Value).ToList(),
            candidates.Select(x => x.Row.Quality!.Value).ToList());
        var onFrontier = new Dictionary<int, bool>();
        for (var k = 0; k < candidates.Count; k++) onFrontier[candidates[k].Index] = member[k];

        return rows.Select((r, i) =>
        {
            if (onFrontier.TryGetValue(i, out var on)) return r with { OnFrontier = on, FrontierReason = null };
            if (r.CostPerAnnotation is null) return r with { OnFrontier = null, FrontierReason = r.Cost.Reason ?? "the cost is unknown" };
            if (r.Quality is null) return r with { OnFrontier = null, FrontierReason = "no quality estimate" };
            // Not above chance: guessing with the same label shares does as well and costs nothing.
            return r with { OnFrontier = false, FrontierReason = "no better than chance: dominated by guessing, which costs nothing" };
        }).ToList();
    }

    private static PoolCostQuality Pool(string name, List<AnnotatorCostQuality> members, double z)
    {
        var counts = members.Aggregate(QualityCounts.Zero, (s, m) => s + m.Counts);
        var currencies = members.Select(m => m.Cost.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = members.Where(m => m.Cost.Cost is null).Select(m => m.Annotator).ToList();
        string? costReason = unknown.Count > 0 ? $"the cost of {string.Join(", ", unknown)} is unknown"
            : currencies.Count > 1 ? $"members are paid in {string.Join(" and ", currencies)}" : null;
        double? cost = costReason is null ? Sum(members.Select(m => m.Cost.Cost!.Value)) : null;
        var noQuality = members.Where(m => m.CorrectLabels is null).Select(m => m.Annotator).ToList();
        double? correct = noQuality.Count == 0 ? Sum(members.Select(m => m.CorrectLabels!.Value)) : null;
        var (perCorrect, reason) = PerCorrect(cost, costReason, correct,
            noQuality.Count > 0 ? $"no quality estimate for {string.Join(", ", noQuality)}" : null);
        return new PoolCostQuality
        {
            Pool = name,
            Annotators = members.Select(m => m.Annotator).ToList(),
            Annotations = members.Sum(m => m.Annotations),
            Cost = cost,
            Currency = currencies.Count == 1 ? currencies[0] : null,
            CostReason = costReason,
            Accuracy = WilsonInterval.Compute(counts.GoldCorrect, counts.GoldAnswers, z),
            AgreementWithConsensus = new Proportion(counts.ConsensusAgreed, counts.ConsensusCompared, "no member answered an item that has a consensus label"),
            CorrectLabels = correct,
            CostPerCorrectLabel = perCorrect,
            CostPerCorrectLabelReason = reason,
        };
    }

    // In member order (annotator key order), so the sum is the same on every run.
    private static double Sum(IEnumerable<double> values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
