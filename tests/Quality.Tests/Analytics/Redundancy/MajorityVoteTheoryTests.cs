using Quality.Analytics.Redundancy;

namespace Quality.Tests.Analytics.Redundancy;

public sealed class MajorityVoteTheoryTests
{
    private static double[][] Binary(double p) => [[p, 1 - p], [1 - p, p]];

    [Fact]
    public void ExpectedAccuracy_ThreeIndependentAt08_Is0896()
    {
        // 0.8³ + 3 · 0.8² · 0.2 = 0.512 + 0.384.
        var team = new[] { Binary(0.8), Binary(0.8), Binary(0.8) };

        Assert.Equal(0.896, MajorityVoteTheory.ExpectedAccuracy(team, [0.5, 0.5], 3), 12);
    }

    [Fact]
    public void ExpectedAccuracy_TwoAnnotators_RandomTieBreakGivesOneAnnotatorsAccuracy()
    {
        // Both right 0.64, one right 0.32 (a tie, half of it won): 0.64 + 0.16 = 0.8.
        var team = new[] { Binary(0.8), Binary(0.8), Binary(0.8) };

        Assert.Equal(0.8, MajorityVoteTheory.ExpectedAccuracy(team, [0.3, 0.7], 2), 12);
    }

    [Fact]
    public void ExpectedAccuracy_MixedTeam_AveragesOverSubsets()
    {
        // Subsets of 2 from {0.9, 0.6, 0.6}: {0.9,0.6} twice and {0.6,0.6}; with ties split, a pair scores (p+q)/2.
        var team = new[] { Binary(0.9), Binary(0.6), Binary(0.6) };

        Assert.Equal((0.75 + 0.75 + 0.6) / 3, MajorityVoteTheory.ExpectedAccuracy(team, [0.5, 0.5], 2), 12);
    }

    [Fact]
    public void ExpectedAccuracy_ThreeLabels_MatchesBruteForceOverAnswers()
    {
        double[][] a = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
        double[][] b = [[0.5, 0.25, 0.25], [0.2, 0.6, 0.2], [0.1, 0.1, 0.8]];
        double[][] c = [[0.9, 0.05, 0.05], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]];
        double[][] d = [[1.0 / 3, 1.0 / 3, 1.0 / 3], [1.0 / 3, 1.0 / 3, 1.0 / 3], [1.0 / 3, 1.0 / 3, 1.0 / 3]];
        var team = new[] { a, b, c, d };
        double[] prior = [0.5, 0.3, 0.2];

        for (var k = 1; k <= 4; k++)
            Assert.Equal(BruteForce(team, prior, k), MajorityVoteTheory.ExpectedAccuracy(team, prior, k), 12);
    }

    [Fact]
    public void ExpectedAccuracy_KAboveTeamSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityVoteTheory.ExpectedAccuracy([Binary(0.8)], [0.5, 0.5], 2));
    }

    /// <summary>Every subset, every answer tuple, ties split: the definition, with no dynamic programming.</summary>
    internal static double BruteForce(IReadOnlyList<double[][]> team, double[] prior, int k)
    {
        var labels = prior.Length;
        double total = 0;
        var subsets = 0;
        for (var mask = 0; mask < 1 << team.Count; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != k) continue;
            subsets++;
            var members = Enumerable.Range(0, team.Count).Where(i => (mask >> i & 1) == 1).ToArray();
            for (var truth = 0; truth < labels; truth++)
            {
                var tuples = (int)Math.Pow(labels, k);
                for (var t = 0; t < tuples; t++)
                {
                    var votes = new int[labels];
                    var p = prior[truth];
                    var code = t;
                    foreach (var m in members)
                    {
                        var answer = code % labels;
                        code /= labels;
                        votes[answer]++;
                        p *= team[m][truth][answer];
                    }
                    var top = votes.Max();
                    if (votes[truth] == top) total += p / votes.Count(v => v == top);
                }
            }
        }
        return total / subsets;
    }
}
