using Quality.Analytics.Consensus;
using Quality.Analytics.Input;
using Quality.Analytics.Redundancy;
using Quality.Analytics.Review;
using Quality.Storage;

namespace Quality.Costs;

/// <summary>Cost against quality on one categorical field, with its redundancy curve.</summary>
/// <param name="CostPerAnswer">Mean cost of an answer to the field (the redundancy curve's unit); null with <paramref name="CostReason"/>.</param>
public sealed record FieldCostReport(string Field, CostQualityTable Table, RedundancyResult Redundancy, double? CostPerAnswer, string? CostReason);

/// <summary>What quality costs in a project: per field and overall, per annotator and per pool, and the redundancy curves.</summary>
/// <param name="Overall">All fields together (quality pooled over the categorical fields); null when one field was asked for.</param>
public sealed record CostReport(string Project, CostSettings Settings, CostTable Costs, IReadOnlyList<FieldCostReport> Fields,
    CostQualityTable? Overall)
{
    /// <summary>
    /// Builds the report from the database: costs aggregated in DuckDB, each categorical field's ratings fitted with
    /// Dawid–Skene twice — with gold clamped (consensus, model accuracy) and without gold (the redundancy curve, so
    /// that the gold labels it scores against did not shape the model).
    /// </summary>
    /// <param name="field">One field, or null for every categorical field and the overall table.</param>
    /// <param name="targetAccuracy">The redundancy curve's target; null = the project's setting.</param>
    /// <param name="redundancy">Resampling settings of the curve (its target and cost are set here).</param>
    public static CostReport Build(QualityDatabase database, string project, string? field = null, double? targetAccuracy = null,
        RedundancyOptions? redundancy = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var c = database.Open();
        var pid = ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
        var settings = CostSettings.Load(c, pid);
        var costs = AnswerCosts.Load(c, pid, settings);
        var fields = ProjectReviewQueue.ConsensusFields(ProjectRatings.Load(c, pid, field));
        if (field is not null && fields.Count == 0)
            throw new QualityException($"the field '{field}' has no categorical answers");

        var reports = new List<FieldCostReport>();
        var overallCounts = new Dictionary<string, QualityCounts>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var set = f.Data.Ratings;
            var gold = f.Data.GoldByItem;
            var fit = DawidSkene.Fit(set, gold);
            var perRater = QualityCounts.PerRater(set, gold, fit);
            var counts = new Dictionary<string, QualityCounts>(StringComparer.Ordinal);
            for (var r = 0; r < set.RaterCount; r++)
            {
                counts[set.RaterNames[r]] = perRater[r];
                overallCounts[set.RaterNames[r]] = overallCounts.GetValueOrDefault(set.RaterNames[r], QualityCounts.Zero) + perRater[r];
            }
            var fieldCosts = costs.ByField.GetValueOrDefault(f.Name) ?? [];
            var table = CostQuality.Compute(fieldCosts, counts, settings.MinGoldAnswers);
            var (perAnswer, costReason) = MeanCost(fieldCosts);
            var options = (redundancy ?? new RedundancyOptions())
                with
            { TargetAccuracy = targetAccuracy ?? settings.TargetAccuracy, CostPerAnswer = perAnswer, CostReason = costReason };
            var curve = RedundancyCurve.Compute(set, gold, DawidSkene.Fit(set), options);
            reports.Add(new FieldCostReport(f.Name, table, curve, perAnswer, costReason));
        }
        var overall = field is null ? CostQuality.Compute(costs.Overall, overallCounts, settings.MinGoldAnswers) : null;
        return new CostReport(project, settings, costs, reports, overall);
    }

    /// <summary>Cost / answers over every annotator; unknown when any cost is unknown or currencies differ.</summary>
    private static (double? Value, string? Reason) MeanCost(IReadOnlyList<AnnotatorCost> costs)
    {
        if (costs.Count == 0) return (null, "no answers");
        var unknown = costs.Where(x => x.Cost is null).Select(x => x.Annotator).ToList();
        if (unknown.Count > 0) return (null, $"the cost of {string.Join(", ", unknown)} is unknown");
        var currencies = costs.Select(x => x.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1) return (null, $"annotators are paid in {string.Join(" and ", currencies)}");
        double cost = 0;
        long answers = 0;
        foreach (var x in costs)
        {
            cost += x.Cost!.Value;
            answers += x.Answers;
        }
        return (cost / answers, null);
    }
}
