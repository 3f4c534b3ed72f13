using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class StepChangeTests
{
    [Fact]
    public void EstimateDrop_AllRightThenAllWrong_SplitsAtTheStepWithTheFullLikelihoodRatio()
    {
        var outcomes = Enumerable.Repeat(true, 100).Concat(Enumerable.Repeat(false, 50)).ToArray();

        var estimate = StepChange.EstimateDrop(outcomes, outcomes.Length, 1, outcomes.Length - 1);

        Assert.NotNull(estimate);
        Assert.Equal(100, estimate.Index);
        Assert.Equal((100, 100, 0, 50), (estimate.CorrectBefore, estimate.AnswersBefore, estimate.CorrectAfter, estimate.AnswersAfter));
        // Both segments fit perfectly, so ln LR = −ℓ(pooled) = −(100 ln(2/3) + 50 ln(1/3)).
        Assert.Equal(95.47712524422192, estimate.LogLikelihoodRatio, 9);
    }

    [Fact]
    public void EstimateDrop_NoSplitHasADrop_ReturnsNull()
    {
        var improving = Enumerable.Repeat(false, 20).Concat(Enumerable.Repeat(true, 20)).ToArray();

        Assert.Null(StepChange.EstimateDrop(improving, improving.Length, 1, improving.Length - 1));
    }

    [Fact]
    public void EstimateDrop_RandomSequences_MatchesBruteForceMaximum()
    {
        var random = new Random(3);
        for (var run = 0; run < 50; run++)
        {
            var outcomes = Enumerable.Range(0, 60).Select(i => random.NextDouble() < (i < 30 ? 0.85 : 0.6)).ToArray();

            var estimate = StepChange.EstimateDrop(outcomes, 60, 5, 50);

            double? Ratio(int tau)
            {
                int kb = outcomes.Take(tau).Count(o => o), ka = outcomes.Skip(tau).Count(o => o);
                return (double)kb / tau > (double)ka / (60 - tau) ? Log(kb, tau) + Log(ka, 60 - tau) - Log(kb + ka, 60) : null;
            }
            var ratios = Enumerable.Range(5, 46).Select(Ratio).Where(r => r is not null).ToList();
            if (ratios.Count == 0) Assert.Null(estimate);
            else
            {
                // Exact ties may resolve to either split; the maximum itself must match.
                Assert.NotNull(estimate);
                Assert.Equal(ratios.Max()!.Value, estimate.LogLikelihoodRatio, 9);
                Assert.Equal(estimate.LogLikelihoodRatio, Ratio(estimate.Index)!.Value, 9);
            }
        }
    }

    [Fact]
    public void At_GivenSplit_CountsBothSides()
    {
        bool[] outcomes = [true, true, false, true, false, false];

        var at = StepChange.At(outcomes, 6, 3);

        Assert.Equal((2, 3, 1, 3), (at.CorrectBefore, at.AnswersBefore, at.CorrectAfter, at.AnswersAfter));
        Assert.Equal(Log(2, 3) + Log(1, 3) - Log(3, 6), at.LogLikelihoodRatio, 12);
    }

    private static double Log(int k, int n)
    {
        double p = (double)k / n, r = 0;
        if (k > 0) r += k * Math.Log(p);
        if (k < n) r += (n - k) * Math.Log(1 - p);
        return r;
    }
}
