using Quality.Analytics.Agreement;
using Quality.Analytics.Consensus;
using Quality.Analytics.Input;
using Quality.Analytics.Intervals;

namespace Quality.Analytics;

/// <summary>What to compute for each field: agreement always; consensus models optionally.</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();
    public AgreementOptions Agreement { get; init; } = AgreementOptions.Default;
    public bool MajorityVote { get; init; } = true;
    public bool DawidSkene { get; init; } = true;
    public DawidSkeneOptions DawidSkeneOptions { get; init; } = new();
}

/// <summary>One annotator's numbers in a field: volume, agreement with the others, with the consensus, and with gold.</summary>
public sealed record AnnotatorSummary(
    string Annotator, int Annotations, AnnotatorAgreement? Peers, AnnotatorScore? Consensus, AnnotatorScore? Gold);

/// <summary>Everything Quality reports about one field: coefficients, consensus, and each annotator.</summary>
public sealed record FieldAnalysis(
    string Field,
    FieldAgreement Agreement,
    MajorityVoteResult? MajorityVote,
    DawidSkeneResult? DawidSkene,
    Proportion? DawidSkeneAccuracyVsGold,
    string? DawidSkeneAccuracyReason,
    IReadOnlyList<AnnotatorSummary> Annotators,
    int GoldItems);

/// <summary>Runs the agreement engine and the consensus models over a field, on both cores.</summary>
public static class FieldAnalyzer
{
    public static FieldAnalysis Analyze(FieldRatings data, AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.Default;
        var set = data.Ratings;
        var gold = data.GoldItemCount > 0 ? data.GoldByItem : null;

        // Coefficients and consensus are independent: compute them side by side.
        var agreementTask = Task.Run(() => AgreementCalculator.Compute(set, options.Agreement, data.Field));
        var mv = options.MajorityVote ? MajorityVote.Compute(set, gold) : null;
        DawidSkeneResult? ds = null;
        Proportion? dsAccuracy = null;
        string? dsReason = null;
        if (options.DawidSkene)
        {
            ds = DawidSkene.Fit(set, gold, options.DawidSkeneOptions);
            dsAccuracy = ds.AccuracyVsGold;
            dsReason = ds.AccuracyVsGoldReason;
            if (gold is not null && options.DawidSkeneOptions.ClampGold)
            {
                // The clamped fit equals gold on gold items by construction; score an unclamped fit instead.
                var free = DawidSkene.Fit(set, gold, options.DawidSkeneOptions with { ClampGold = false });
                dsAccuracy = free.AccuracyVsGold;
                dsReason = free.AccuracyVsGoldReason;
            }
        }
        var agreement = agreementTask.GetAwaiter().GetResult();

        var peers = agreement.PerAnnotator.ToDictionary(a => a.Annotator, StringComparer.Ordinal);
        var consensusLabels = ds?.Labels ?? mv?.UntiedLabels();
        var consensus = consensusLabels is null ? null : ConsensusAgreement.PerAnnotator(set, consensusLabels);
        var goldScores = gold is null ? null : ConsensusAgreement.GoldAccuracy(set, gold);
        var counts = new int[set.RaterCount];
        foreach (var r in set.Raters) counts[r]++;

        var annotators = Enumerable.Range(0, set.RaterCount)
            .Select(r => new AnnotatorSummary(set.RaterNames[r], counts[r],
                peers.GetValueOrDefault(set.RaterNames[r]),
                consensus?.FirstOrDefault(s => s.Rater == r),
                goldScores?.FirstOrDefault(s => s.Rater == r)))
            .OrderBy(a => a.Annotator, StringComparer.Ordinal)
            .ToList();

        return new FieldAnalysis(data.Field, agreement, mv, ds, dsAccuracy, dsReason, annotators, data.GoldItemCount);
    }
}
