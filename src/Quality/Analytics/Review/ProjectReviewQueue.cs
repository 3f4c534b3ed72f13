using Quality.Analytics.Consensus;
using Quality.Analytics.Input;
using Quality.Storage;

namespace Quality.Analytics.Review;

/// <summary>Builds a project's <see cref="ReviewQueue"/> from the database.</summary>
public static class ProjectReviewQueue
{
    /// <summary>
    /// Fits Dawid–Skene (gold clamped) to each categorical field, or just <paramref name="field"/>, and queues their
    /// non-gold items together.
    /// </summary>
    public static ReviewQueue Build(QualityDatabase database, string project, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var c = database.Open();
        var pid = ProjectRatings.ProjectId(c, project) ?? throw new QualityException($"there is no project '{project}'");
        var fields = ConsensusFields(ProjectRatings.Load(c, pid, field));
        if (field is not null && fields.Count == 0) throw new QualityException($"the field '{field}' has no categorical answers");
        return ReviewQueue.Build(fields
            .Select(f => new ReviewField(f.Name, f.Data.Ratings, f.Data.GoldByItem, DawidSkene.Fit(f.Data.Ratings, f.Data.GoldByItem)))
            .ToList());
    }

    /// <summary>Most distinct values a numeric field may have to be treated as categories by a consensus model.</summary>
    public const int MaxNumericCategories = 20;

    /// <summary>
    /// The fields a consensus model applies to: nominal and ordinal ones, and numeric ones with at most
    /// <see cref="MaxNumericCategories"/> distinct values (a measurement with hundreds of values is not a vote).
    /// </summary>
    public static IReadOnlyList<ProjectField> ConsensusFields(IReadOnlyList<ProjectField> fields) =>
        fields.Where(f => f.Kind != Ingestion.FieldKind.Numeric || f.Data.Ratings.LabelCount <= MaxNumericCategories).ToList();
}
