namespace Quality.Simulation;

/// <summary>The three fields of the simulated project: a nominal choice, an ordinal rating and NER spans.</summary>
public enum SimulatedField
{
    Sentiment,
    Quality,
    Entities,
}

/// <summary>Names, label sets and true priors of the simulated fields.</summary>
public static class SimulatedFields
{
    /// <summary>Sentiment categories in category order.</summary>
    public static readonly IReadOnlyList<string> SentimentLabels = ["negative", "neutral", "positive", "mixed"];

    /// <summary>True sentiment prior: skewed towards positive, few mixed, as product feedback tends to be.</summary>
    public static readonly IReadOnlyList<double> SentimentPrior = [0.24, 0.26, 0.42, 0.08];

    /// <summary>Quality ratings 1–5, in order.</summary>
    public static readonly IReadOnlyList<string> QualityLabels = ["1", "2", "3", "4", "5"];

    /// <summary>True quality prior: most texts are middling to good.</summary>
    public static readonly IReadOnlyList<double> QualityPrior = [0.06, 0.14, 0.34, 0.31, 0.15];

    public static readonly IReadOnlyList<string> EntityLabels = ["PER", "ORG", "LOC"];

    public static readonly IReadOnlyList<SimulatedField> All = [SimulatedField.Sentiment, SimulatedField.Quality, SimulatedField.Entities];

    /// <summary>The field's name in every output file.</summary>
    public static string Key(this SimulatedField field) => field switch
    {
        SimulatedField.Sentiment => "sentiment",
        SimulatedField.Quality => "quality",
        SimulatedField.Entities => "entities",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public static SimulatedField Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sentiment" => SimulatedField.Sentiment,
        "quality" => SimulatedField.Quality,
        "entities" => SimulatedField.Entities,
        _ => throw new ArgumentException($"unknown field '{name}': use sentiment, quality or entities"),
    };

    /// <summary>Label names of a choice field; null for the span field.</summary>
    public static IReadOnlyList<string>? Labels(this SimulatedField field) => field switch
    {
        SimulatedField.Sentiment => SentimentLabels,
        SimulatedField.Quality => QualityLabels,
        _ => null,
    };

    public static IReadOnlyList<double>? Prior(this SimulatedField field) => field switch
    {
        SimulatedField.Sentiment => SentimentPrior,
        SimulatedField.Quality => QualityPrior,
        _ => null,
    };
}
