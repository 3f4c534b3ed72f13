namespace Quality.Analytics.Agreement;

/// <summary>
/// One annotator against the others on the items they share: the share of (item, other annotator)
/// comparisons with the same label, and the mean of the annotator's defined pairwise Cohen kappas.
/// </summary>
public sealed record AnnotatorAgreement(
    string Annotator,
    int Annotations,
    int Items,
    int SharedItems,
    int Comparisons,
    Metric PercentAgreement,
    Metric MeanCohenKappa,
    int KappaPartners,
    bool LowSample);
