namespace Quality.Simulation;

/// <summary>A labelled span in Unicode code points, end exclusive (Label Studio's and doccano's convention).</summary>
public readonly record struct EntitySpan(int Start, int End, string Label) : IComparable<EntitySpan>
{
    public int CompareTo(EntitySpan other)
    {
        var c = Start.CompareTo(other.Start);
        if (c == 0) c = End.CompareTo(other.End);
        return c != 0 ? c : string.CompareOrdinal(Label, other.Label);
    }
}

/// <summary>One item with its text and its true answers (which the gold file reveals for gold items only).</summary>
/// <param name="Index">0-based; the key and the Label Studio task id are Index + 1.</param>
/// <param name="Sentiment">True sentiment code (index into <see cref="SimulatedFields.SentimentLabels"/>).</param>
/// <param name="Quality">True quality code (0 = rating 1).</param>
/// <param name="Entities">True spans, sorted.</param>
public sealed record SimulatedItem(int Index, string Key, string Text, bool IsGold, int Sentiment, int Quality, IReadOnlyList<EntitySpan> Entities);

/// <summary>
/// One annotator's answer to one item. Field values are null when the field is not simulated.
/// </summary>
/// <param name="LeadTimeMs">Time spent on the whole task, in milliseconds (Label Studio's lead_time is per annotation).</param>
public sealed record SimulatedAnnotation(
    int Item,
    int Annotator,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int LeadTimeMs,
    bool IsGold,
    int? Sentiment,
    int? Quality,
    IReadOnlyList<EntitySpan>? Entities);

/// <summary>An item and every annotator answer to it, oldest first.</summary>
public sealed record SimulatedTask(SimulatedItem Item, IReadOnlyList<SimulatedAnnotation> Annotations);

/// <summary>A Label Studio user: the annotators and the reviewer who enters the gold answers.</summary>
public sealed record SimulatedAccount(int UserId, string Email, string FirstName, string LastName);

/// <summary>Where an annotator is hired from; drives the hourly rate and who they work with.</summary>
public enum AnnotatorPool
{
    InHouse,
    Vendor,
    Crowd,
}

/// <summary>The kind of worker an annotator is, which sets their accuracy and speed.</summary>
public enum AnnotatorRole
{
    Expert,
    Average,
    Spammer,
}

/// <summary>An accuracy drop on one field from a known instant on.</summary>
public sealed record DriftRecord(SimulatedField Field, DateTime Start, double AccuracyBefore, double AccuracyAfter);

/// <summary>
/// A change in how often an annotator gives one label, from a known instant on, with little change in accuracy.
/// Shares are the expected share of <see cref="Label"/> among the annotator's answers under the true prior.
/// </summary>
public sealed record ShiftRecord(SimulatedField Field, DateTime Start, string Label,
    double ShareBefore, double ShareAfter, double AccuracyBefore, double AccuracyAfter);

/// <summary>Text of the enum values as the output files spell them.</summary>
public static class SimulatedNames
{
    public static string Key(this AnnotatorPool pool) => pool switch
    {
        AnnotatorPool.InHouse => "in-house",
        AnnotatorPool.Vendor => "vendor",
        AnnotatorPool.Crowd => "crowd",
        _ => throw new ArgumentOutOfRangeException(nameof(pool)),
    };

    public static string Key(this AnnotatorRole role) => role switch
    {
        AnnotatorRole.Expert => "expert",
        AnnotatorRole.Average => "average",
        AnnotatorRole.Spammer => "spammer",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
