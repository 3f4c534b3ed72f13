using Quality.Analytics.Consensus;

namespace Quality.Tests.Analytics.Consensus;

/// <summary>Majority vote against crowd-kit's per-item results and the oracle's tie counts and accuracies.</summary>
public class MajorityVoteReferenceTests
{
    public static TheoryData<string> Datasets => new()
    {
        "dawid_skene1979_45x5", "snow2008_rte", "syn_degenerate_allsame_50x3", "syn_mvties_60x4",
        "syn_nominal4_200x5_miss10", "syn_ordinal5_300x4_miss5", "syn_singletons_120x4",
    };

    [SkippableTheory]
    [MemberData(nameof(Datasets))]
    public void Compute_ReferenceDataset_MatchesCrowdKitPerItem(string dataset)
    {
        var (set, gold) = ReferenceData.Load(dataset);
        var rows = ReferenceData.Results("mv", dataset + ".csv");

        var result = MajorityVote.Compute(set, gold);

        Assert.Equal(rows.Count, result.ItemsWithAnswers);
        foreach (var row in rows)
        {
            var i = ReferenceData.ItemCode(set, row["item"]);
            Assert.Equal(row["crowdkit_mv_label"], set.LabelNames[result.Labels[i]]);
            Assert.Equal(row["tie"] == "True", result.Tied[i]);
            Assert.Equal(int.Parse(row["n_ratings"]), result.AnswerCounts[i]);
            Assert.Equal(int.Parse(row["top_count"]), result.TopCounts[i]);
            var tied = result.TopLabels(i).ToArray().Select(l => set.LabelNames[l]);
            Assert.Equal(row["tied_labels"], string.Join("|", tied));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Datasets))]
    public void Compute_ReferenceDataset_MatchesOracleTiesAndAccuracy(string dataset)
    {
        var (set, gold) = ReferenceData.Load(dataset);

        var result = MajorityVote.Compute(set, gold);

        Assert.Equal(ReferenceData.Value(ReferenceData.Oracle(dataset, "majority_vote_n_ties").Single()), result.TieCount);
        var accuracy = ReferenceData.Oracle(dataset, "majority_vote_accuracy");
        var untied = ReferenceData.Oracle(dataset, "majority_vote_accuracy_untied");
        if (accuracy.Count == 0) return;   // no gold for this dataset: the tie count is all there is to check
        Assert.Equal(ReferenceData.Value(accuracy.Single()), result.AccuracyVsGold!.Value!.Value, 12);
        Assert.Equal(ReferenceData.Value(untied.Single()), result.AccuracyVsGoldUntied!.Value!.Value, 12);
        Assert.Equal(int.Parse(ReferenceData.Param(untied.Single(), "n_items")), result.AccuracyVsGoldUntied.Trials);
    }
}
