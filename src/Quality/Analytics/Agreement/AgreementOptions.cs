namespace Quality.Analytics.Agreement;

/// <summary>Knobs of <see cref="AgreementCalculator"/>; the defaults are what reports use.</summary>
public sealed record AgreementOptions
{
    public const int DefaultLowSampleThreshold = 30;
    public const int DefaultBootstrapReplicates = 1000;
    public const ulong DefaultBootstrapSeed = 20080101;

    public static AgreementOptions Default { get; } = new();

    /// <summary>A pairwise, per-annotator or per-label number resting on fewer items than this is flagged low_sample.</summary>
    public int LowSampleThreshold { get; init; } = DefaultLowSampleThreshold;

    /// <summary>Bootstrap replicates for alpha's interval; 0 leaves the intervals out.</summary>
    public int BootstrapReplicates { get; init; } = DefaultBootstrapReplicates;

    /// <summary>Seed of the bootstrap: the same data and seed give the same interval on every machine.</summary>
    public ulong BootstrapSeed { get; init; } = DefaultBootstrapSeed;
}
