using System.Globalization;
using Quality.Analytics;
using Quality.Analytics.Consensus;
using Quality.Analytics.Redundancy;
using Quality.Simulation;
using Xunit.Abstractions;

namespace Quality.Tests.Analytics.Redundancy;

/// <summary>
/// The redundancy curve against a simulated team whose confusion matrices are known: every annotator answers every
/// gold item (coverage 1) and nobody drifts, so "k annotators drawn at random from the team" is exactly what the
/// resampling of a gold item's answers estimates, and its truth follows from the matrices.
/// </summary>
public sealed class RedundancySimulationTests(ITestOutputHelper output)
{
    internal static SimulationOptions KnownTeam(long seed) => new()
    {
        Seed = seed,
        Items = 3000,
        GoldShare = 0.5,
        GoldCoverageMin = 1,
        GoldCoverageMax = 1,
        DriftAnnotators = 0,
        ShiftAnnotators = 0,
        Fields = [SimulatedField.Sentiment, SimulatedField.Quality],
    };

    [Theory]
    [InlineData(SimulatedField.Sentiment)]
    [InlineData(SimulatedField.Quality)]
    public void Compute_SimulatedTeam_MajorityVoteTruthInsideEveryInterval(SimulatedField field)
    {
        var project = Simulator.Generate(KnownTeam(seed: 42));
        var (set, gold) = GoldSet(project, field);

        var curve = RedundancyCurve.Compute(set, gold, DawidSkene.Fit(set));

        var team = project.Annotators.Select(a => Matrix(a, field)).ToList();
        Assert.Equal(project.Annotators.Count, curve.Points.Count);
        foreach (var p in curve.Points)
        {
            var truth = MajorityVoteTheory.ExpectedAccuracy(team, field.Prior()!, p.K);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{field.Key()} k={p.K,2} items={p.Items}: MV estimate {p.MajorityVote.Mean:0.0000} [{p.MajorityVote.Lower:0.0000}, {p.MajorityVote.Upper:0.0000}] truth {truth:0.0000}; DS {p.DawidSkene!.Value.Mean:0.0000}"));
            Assert.InRange(truth, p.MajorityVote.Lower, p.MajorityVote.Upper);
        }
    }

    [Theory]
    [InlineData(SimulatedField.Sentiment)]
    [InlineData(SimulatedField.Quality)]
    public void Compute_SimulatedTeam_DawidSkeneNearTheBayesRuleWithTrueMatrices(SimulatedField field)
    {
        var project = Simulator.Generate(KnownTeam(seed: 42));
        var (set, gold) = GoldSet(project, field);

        var curve = RedundancyCurve.Compute(set, gold, DawidSkene.Fit(set));

        var team = project.Annotators.Select(a => Matrix(a, field)).ToList();
        foreach (var p in curve.Points)
        {
            var oracle = BayesRuleAccuracy(team, field.Prior()!, p.K, draws: 100_000, seed: p.K);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{field.Key()} k={p.K,2}: DS estimate {p.DawidSkene!.Value.Mean:0.0000} [{p.DawidSkene.Value.Lower:0.0000}, {p.DawidSkene.Value.Upper:0.0000}] Bayes rule with true matrices {oracle:0.0000}"));
            // The fitted matrices are estimates, so Dawid–Skene can only lose a little to the true-matrix Bayes rule;
            // the Monte Carlo error of the oracle (100 000 draws) is below 0.002.
            Assert.InRange(oracle, p.DawidSkene.Value.Lower - 0.005, p.DawidSkene.Value.Upper + 0.005);
        }
    }

    internal static (RatingSet Set, int[] Gold) GoldSet(SimulatedProject project, SimulatedField field)
    {
        var set = project.ToRatingSet(field);
        var gold = new int[set.ItemCount];
        Array.Fill(gold, GoldLabels.None);
        foreach (var i in project.GoldItems)
        {
            var item = project.Item(i);
            gold[i] = field == SimulatedField.Sentiment ? item.Sentiment : item.Quality;
        }
        return (set, gold);
    }

    internal static double[][] Matrix(SimulatedAnnotator a, SimulatedField field)
    {
        Assert.Empty(a.Drift);
        Assert.Empty(a.Shifts);
        var model = a.Confusion(field, DateTime.MinValue)!;
        return Enumerable.Range(0, model.LabelCount).Select(model.Row).ToArray();
    }

    /// <summary>Monte Carlo of argmax prior·Π π[t][answer] with the true matrices, k annotators drawn without replacement.</summary>
    private static double BayesRuleAccuracy(IReadOnlyList<double[][]> team, IReadOnlyList<double> prior, int k, int draws, int seed)
    {
        var random = new Random(seed);
        var labels = prior.Count;
        var order = Enumerable.Range(0, team.Count).ToArray();
        var score = new double[labels];
        double correct = 0;
        for (var d = 0; d < draws; d++)
        {
            var truth = Sample(prior, random);
            for (var j = 0; j < k; j++)
            {
                var swap = j + random.Next(order.Length - j);
                (order[j], order[swap]) = (order[swap], order[j]);
            }
            for (var t = 0; t < labels; t++) score[t] = Math.Log(prior[t]);
            for (var j = 0; j < k; j++)
            {
                var m = team[order[j]];
                var answer = Sample(m[truth], random);
                for (var t = 0; t < labels; t++) score[t] += Math.Log(m[t][answer]);
            }
            var best = score.Max();
            if (score[truth] == best) correct += 1.0 / score.Count(s => s == best);
        }
        return correct / draws;
    }

    private static int Sample(IReadOnlyList<double> p, Random random)
    {
        var u = random.NextDouble();
        for (var l = 0; l < p.Count - 1; l++)
            if ((u -= p[l]) < 0) return l;
        return p.Count - 1;
    }
}
