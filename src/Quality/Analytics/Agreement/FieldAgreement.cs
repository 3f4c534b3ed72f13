namespace Quality.Analytics.Agreement;

/// <summary>Agreement of one annotator pair on the items both labelled.</summary>
public sealed record PairAgreement(
    string A,
    string B,
    int Items,
    Metric PercentAgreement,
    double? ChanceAgreement,
    KappaEstimate CohenKappa,
    KappaEstimate CohenKappaLinear,
    KappaEstimate CohenKappaQuadratic,
    bool LowSample);

/// <summary>Krippendorff's alpha at one level with its bootstrap percentile interval (null when not computed or undefined).</summary>
public readonly record struct AlphaEstimate(Metric Value, ConfidenceInterval? Ci95);

/// <summary>Krippendorff's alpha at the four levels of measurement.</summary>
public sealed record AlphaByLevel(AlphaEstimate Nominal, AlphaEstimate Ordinal, AlphaEstimate Interval, AlphaEstimate Ratio)
{
    public AlphaEstimate this[AlphaLevel level] => level switch
    {
        AlphaLevel.Nominal => Nominal,
        AlphaLevel.Ordinal => Ordinal,
        AlphaLevel.Interval => Interval,
        _ => Ratio,
    };
}

/// <summary>Every agreement coefficient of one field, as <see cref="AgreementCalculator"/> reports it.</summary>
public sealed record FieldAgreement
{
    public string? Field { get; init; }
    /// <summary>Items with at least one answer.</summary>
    public int Items { get; init; }
    /// <summary>Annotators with at least one answer.</summary>
    public int Annotators { get; init; }
    public int Annotations { get; init; }
    /// <summary>Items with two or more answers: the ones agreement is measured on.</summary>
    public int PairableItems { get; init; }

    public required Metric PercentAgreement { get; init; }
    public required Metric AllAgreeShare { get; init; }
    public required Coefficient FleissKappa { get; init; }
    public required Coefficient BrennanPrediger { get; init; }
    public required Coefficient GwetAc1 { get; init; }
    public required Coefficient GwetAc2Linear { get; init; }
    public required Coefficient GwetAc2Quadratic { get; init; }
    public required AlphaByLevel Alpha { get; init; }

    /// <summary>Mean of the defined pairwise Cohen kappas (Light 1971 on pairwise-complete items).</summary>
    public required Metric MeanPairwiseCohenKappa { get; init; }
    public int KappaPairs { get; init; }

    public required IReadOnlyList<PairAgreement> Pairwise { get; init; }
    public required IReadOnlyList<AnnotatorAgreement> PerAnnotator { get; init; }
    public required IReadOnlyList<LabelAgreement> PerLabel { get; init; }

    public required AgreementOptions Options { get; init; }
}
