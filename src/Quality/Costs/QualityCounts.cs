using Quality.Analytics;
using Quality.Analytics.Consensus;

namespace Quality.Costs;

/// <summary>
/// The counts behind an annotator's quality on one field. They add up: summing over fields gives the annotator's
/// overall quality, summing over annotators a pool's.
/// </summary>
/// <param name="GoldCorrect">Answers on gold items equal to the gold label.</param>
/// <param name="GoldAnswers">Answers on gold items.</param>
/// <param name="GoldChanceHits">
/// Expected correct answers of a guesser who keeps the annotator's own label shares on the same gold items:
/// Σ_l (gold answers with gold label l) × (gold answers where the annotator said l) / gold answers.
/// </param>
/// <param name="ConsensusAgreed">Answers equal to the item's Dawid–Skene consensus label.</param>
/// <param name="ConsensusCompared">Answers on items with a consensus label.</param>
/// <param name="ModelAccuracySum">Dawid–Skene estimated accuracy (Σ_t prior_t·π[t][t]) × answers.</param>
/// <param name="ModelChanceSum">Dawid–Skene chance accuracy (Σ_l prior_l·P(answer l)) × answers.</param>
/// <param name="ModelAnswers">Answers behind the two model sums (the weights).</param>
public sealed record QualityCounts(long GoldCorrect, long GoldAnswers, double GoldChanceHits, long ConsensusAgreed,
    long ConsensusCompared, double ModelAccuracySum, double ModelChanceSum, long ModelAnswers)
{
    public static QualityCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static QualityCounts operator +(QualityCounts a, QualityCounts b) => new(
        a.GoldCorrect + b.GoldCorrect, a.GoldAnswers + b.GoldAnswers, a.GoldChanceHits + b.GoldChanceHits,
        a.ConsensusAgreed + b.ConsensusAgreed, a.ConsensusCompared + b.ConsensusCompared,
        a.ModelAccuracySum + b.ModelAccuracySum, a.ModelChanceSum + b.ModelChanceSum, a.ModelAnswers + b.ModelAnswers);

    /// <summary>Dawid–Skene estimated accuracy (answer-weighted over fields); null without answers.</summary>
    public double? ModelAccuracy => ModelAnswers > 0 ? ModelAccuracySum / ModelAnswers : null;

    /// <summary>Dawid–Skene chance accuracy (answer-weighted over fields); null without answers.</summary>
    public double? ModelChance => ModelAnswers > 0 ? ModelChanceSum / ModelAnswers : null;

    /// <summary>Chance accuracy on the annotator's gold answers; null without gold answers.</summary>
    public double? GoldChance => GoldAnswers > 0 ? GoldChanceHits / GoldAnswers : null;

    /// <summary>
    /// Per rater of <paramref name="set"/>: gold, consensus and model counts. <paramref name="fit"/> is the project's
    /// Dawid–Skene fit of the same set (gold clamped), which gives both the consensus and the model estimates.
    /// </summary>
    public static QualityCounts[] PerRater(RatingSet set, int[] gold, DawidSkeneResult fit)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(fit);
        if (gold.Length != set.ItemCount) throw new ArgumentException("gold needs one entry per item", nameof(gold));
        if (fit.ItemCount != set.ItemCount || fit.RaterCount != set.RaterCount)
            throw new ArgumentException("the fit is not of this rating set", nameof(fit));
        int raters = set.RaterCount, labels = set.LabelCount;
        var goldCorrect = new long[raters];
        var goldAnswers = new long[raters];
        var goldByLabel = new long[raters * labels];   // gold answers whose gold label is l
        var saidByLabel = new long[raters * labels];   // gold answers where the annotator said l
        var answers = new long[raters];
        for (var a = 0; a < set.Count; a++)
        {
            var r = set.Raters[a];
            answers[r]++;
            var g = gold[set.Items[a]];
            if (g < 0) continue;
            goldAnswers[r]++;
            goldByLabel[r * labels + g]++;
            saidByLabel[r * labels + set.Labels[a]]++;
            if (set.Labels[a] == g) goldCorrect[r]++;
        }

        var result = new QualityCounts[raters];
        var said = new double[labels];
        for (var r = 0; r < raters; r++)
        {
            double chanceHits = 0;
            if (goldAnswers[r] > 0)
                for (var l = 0; l < labels; l++)
                    chanceHits += (double)goldByLabel[r * labels + l] * saidByLabel[r * labels + l] / goldAnswers[r];

            // Under the model: accuracy Σ_t prior_t π[t][t]; a guesser with the same answer shares P(l) = Σ_t prior_t π[t][l]
            // is right with probability Σ_l prior_l P(l).
            double accuracy = 0, chance = 0;
            Array.Clear(said);
            for (var t = 0; t < labels; t++)
            {
                if (fit.Priors[t] <= 0 || fit.ConfusionRow(r, t) is not { } row) continue;
                accuracy += fit.Priors[t] * row[t];
                for (var l = 0; l < labels; l++) said[l] += fit.Priors[t] * row[l];
            }
            for (var l = 0; l < labels; l++) chance += fit.Priors[l] * said[l];

            var agreement = fit.AnnotatorAgreement[r].Share;
            result[r] = new QualityCounts(goldCorrect[r], goldAnswers[r], chanceHits, agreement.Successes, agreement.Trials,
                accuracy * answers[r], chance * answers[r], answers[r]);
        }
        return result;
    }
}
