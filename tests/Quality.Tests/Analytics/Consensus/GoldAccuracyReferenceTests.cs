using Quality.Analytics.Consensus;

namespace Quality.Tests.Analytics.Consensus;

/// <summary>Per-annotator gold accuracy against scikit-learn's accuracy_score in the oracle.</summary>
public class GoldAccuracyReferenceTests
{
    [SkippableTheory]
    [InlineData("syn_nominal4_200x5_miss10")]
    [InlineData("snow2008_rte")]
    [InlineData("syn_mvties_60x4")]
    [InlineData("syn_ordinal5_300x4_miss5")]
    [InlineData("syn_singletons_120x4")]
    public void GoldAccuracy_ReferenceDataset_MatchesScikitLearnPerAnnotator(string dataset)
    {
        var (set, gold) = ReferenceData.Load(dataset);
        var records = ReferenceData.Oracle(dataset, "annotator_accuracy");
        Skip.If(records.Count == 0, $"no annotator_accuracy records for {dataset}");

        var scores = ConsensusAgreement.GoldAccuracy(set, gold!);

        foreach (var record in records)
        {
            var name = ReferenceData.Param(record, "annotator");
            var score = scores.Single(s => s.RaterName == name);
            Assert.Equal(int.Parse(ReferenceData.Param(record, "n_gold_items")), score.Share.Trials);
            Assert.Equal(ReferenceData.Value(record), score.Share.Value!.Value, 12);
            Assert.InRange(score.Share.Value!.Value, score.Interval.Lower!.Value, score.Interval.Upper!.Value);
        }
    }
}
