namespace Quality.Simulation;

/// <summary>
/// Everything that shapes a simulated labeling project. The defaults give the committed sample project;
/// benchmarks vary one knob at a time (drop size, seed, size) and get a project whose truth is known.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>The start of the sample project: a Monday.</summary>
    public static readonly DateTime DefaultStart = new(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);

    public long Seed { get; init; } = 42;

    /// <summary>Items (tasks), gold items included.</summary>
    public int Items { get; init; } = 2000;

    public int Annotators { get; init; } = 12;

    /// <summary>Mean number of annotators on a non-gold item; each item gets this ±1.</summary>
    public double AnnotatorsPerItem { get; init; } = 3.0;

    /// <summary>Share of items that are gold honeypots (rounded to a whole number of items).</summary>
    public double GoldShare { get; init; } = 0.10;

    /// <summary>Each annotator is shown a share of the gold items drawn uniformly from [min, max].</summary>
    public double GoldCoverageMin { get; init; } = 0.80;

    public double GoldCoverageMax { get; init; } = 1.00;

    public int Weeks { get; init; } = 8;

    /// <summary>First day of the project, UTC midnight.</summary>
    public DateTime Start { get; init; } = DefaultStart;

    /// <summary>How many annotators lose accuracy on <see cref="DriftField"/> at <see cref="DriftStart"/>.</summary>
    public int DriftAnnotators { get; init; } = 1;

    /// <summary>The accuracy drop, as a proportion (0.30 = thirty points).</summary>
    public double DriftDrop { get; init; } = 0.30;

    /// <summary>When the drift starts; null = the start of the week after the middle (week 5 of 8).</summary>
    public DateTime? DriftStart { get; init; }

    public SimulatedField DriftField { get; init; } = SimulatedField.Sentiment;

    /// <summary>How many annotators start over-using <see cref="ShiftLabel"/> (sentiment) at <see cref="ShiftStart"/>.</summary>
    public int ShiftAnnotators { get; init; } = 1;

    /// <summary>When the distribution shift starts; null = one week before the drift (week 4 of 8).</summary>
    public DateTime? ShiftStart { get; init; }

    public string ShiftLabel { get; init; } = "neutral";

    /// <summary>Share of each correct non-<see cref="ShiftLabel"/> answer that turns into <see cref="ShiftLabel"/> after the shift.</summary>
    public double ShiftLeak { get; init; } = 0.08;

    /// <summary>The fields the project labels, in output order.</summary>
    public IReadOnlyList<SimulatedField> Fields { get; init; } = [SimulatedField.Sentiment, SimulatedField.Quality, SimulatedField.Entities];

    public DateTime End => Start.AddDays(7 * Weeks);

    public DateTime EffectiveDriftStart => DriftStart ?? Start.AddDays(7 * (Weeks / 2));

    public DateTime EffectiveShiftStart => ShiftStart ?? Start.AddDays(7 * Math.Max(1, Weeks / 2 - 1));

    public int GoldItemCount => (int)Math.Round(Items * GoldShare, MidpointRounding.AwayFromZero);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that cannot make a project.</summary>
    public void Validate()
    {
        Check(Items >= 1, "items must be at least 1");
        Check(Annotators is >= 1 and <= 10_000, "annotators must be between 1 and 10000");
        Check(AnnotatorsPerItem >= 1 && AnnotatorsPerItem <= Annotators, $"annotators per item must be between 1 and the number of annotators ({Annotators})");
        Check(GoldShare is >= 0 and < 1, "gold share must be in [0, 1)");
        Check(GoldCoverageMin is >= 0 and <= 1 && GoldCoverageMax is >= 0 and <= 1 && GoldCoverageMin <= GoldCoverageMax,
            "gold coverage must satisfy 0 <= min <= max <= 1");
        Check(Weeks is >= 1 and <= 520, "weeks must be between 1 and 520");
        Check(Start.Kind == DateTimeKind.Utc && Start.TimeOfDay == TimeSpan.Zero, "start must be a UTC date at midnight");
        Check(Fields.Count > 0 && Fields.Distinct().Count() == Fields.Count && Fields.All(Enum.IsDefined), "fields must be distinct and known");
        Check(DriftAnnotators >= 0 && ShiftAnnotators >= 0, "drift and shift annotator counts cannot be negative");
        Check(DriftDrop is >= 0 and <= 0.9, "drift drop must be in [0, 0.9]");
        Check(ShiftLeak is >= 0 and <= 1, "shift leak must be in [0, 1]");
        if (DriftAnnotators > 0)
        {
            Check(Fields.Contains(DriftField), $"the drift field {DriftField.Key()} is not among the simulated fields");
            Check(EffectiveDriftStart > Start && EffectiveDriftStart < End, "drift start must fall inside the project period");
        }
        if (ShiftAnnotators > 0)
        {
            Check(Fields.Contains(SimulatedField.Sentiment), "a distribution shift needs the sentiment field");
            Check(SimulatedFields.SentimentLabels.Contains(ShiftLabel), $"shift label must be one of {string.Join(", ", SimulatedFields.SentimentLabels)}");
            Check(EffectiveShiftStart > Start && EffectiveShiftStart < End, "shift start must fall inside the project period");
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
