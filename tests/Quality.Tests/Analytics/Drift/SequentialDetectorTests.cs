using Quality.Analytics.Agreement;
using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class SequentialDetectorTests
{
    // Fewer replicates than the product default keep the suite fast; the procedure is the same.
    private static readonly SequentialDesign Design = new(Delta: 0.15, FalseAlarmRate: 0.05, BaselineAnswers: 50, MinAnswers: 70,
        Horizon: 200, Replicates: 2000, Seed: 7);

    /// <summary>Blocks of ten answers with the given positions wrong: accuracy is exactly 1 − wrong/10 in every block.</summary>
    private static IEnumerable<bool> Blocks(int answers, params int[] wrong) =>
        Enumerable.Range(0, answers).Select(i => !wrong.Contains(i % 10));

    [Fact]
    public void Detect_CleanStepAtIndex100_SignalsWithTheChangeNear100()
    {
        var outcomes = Blocks(100, 4).Concat(Blocks(80, 1, 4, 6, 8)).ToArray();   // 90% then 60%

        var result = SequentialDetector.Detect(outcomes, Design);

        Assert.Equal(DriftStatus.Drifting, result.Status);
        var alarm = Assert.Single(result.Alarms);
        Assert.InRange(alarm.Change.Index, 97, 103);
        Assert.InRange(alarm.Signal.Index, 101, 179);
        Assert.True(result.Path[alarm.Signal.Index] > result.Limit!.Limit);
        Assert.Equal(0.9, (double)alarm.Change.CorrectBefore / alarm.Change.AnswersBefore, 1);
        Assert.Equal(0.6, (double)alarm.Change.CorrectAfter / alarm.Change.AnswersAfter, 1);
        Assert.True(alarm.Change.LogLikelihoodRatio > 5);
    }

    [Fact]
    public void Detect_StationarySequence_DoesNotSignal()
    {
        // 85% right, the wrong answers spread evenly: nothing for the CUSUM to accumulate.
        var outcomes = Enumerable.Range(0, 200).Select(i => i % 20 is not (3 or 10 or 16)).ToArray();

        var result = SequentialDetector.Detect(outcomes, Design);

        Assert.Equal(DriftStatus.Stable, result.Status);
        Assert.Empty(result.Alarms);
        Assert.Equal(43.5 / 51, result.Design!.Value.P0, 12);
        Assert.True(result.Path.Max() < result.Limit!.Limit);
        Assert.All(result.Path.Take(50), s => Assert.Equal(0, s));
    }

    [Fact]
    public void Detect_FewerAnswersThanTheMinimum_ReportsInsufficientData()
    {
        var result = SequentialDetector.Detect(Blocks(69, 4).ToArray(), Design);

        Assert.Equal(DriftStatus.InsufficientData, result.Status);
        Assert.Contains("69 answers", result.Reason);
        Assert.Null(result.Limit);
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(0.88)]
    [InlineData(0.96)]
    public void Detect_StreamsWithoutChange_FalseAlarmRateNearTheTarget(double accuracy)
    {
        const int streams = 1500;
        var random = new SeededRandom(1000 + (ulong)(accuracy * 100));
        var alarms = 0;
        for (var s = 0; s < streams; s++)
        {
            var outcomes = new bool[180];
            for (var t = 0; t < outcomes.Length; t++) outcomes[t] = random.NextOpenDouble() < accuracy;
            if (SequentialDetector.Detect(outcomes, Design).Alarms.Count > 0) alarms++;
        }

        // Target 5% over a 200-answer horizon for 180 answers; ±3 standard errors of 1500 streams, plus the calibration's own noise.
        Assert.InRange((double)alarms / streams, 0.02, 0.075);
    }

    [Fact]
    public void Limit_SameKeyTwice_IsComputedOnceAndBelowTheTargetInSimulation()
    {
        var key = new CusumCalibrationKey(50, 44, 200, 0.15, 0.05, 2000, 99);

        var first = CusumCalibration.Limit(key);
        var second = CusumCalibration.Limit(key);

        Assert.Same(first, second);
        Assert.InRange(first.SimulatedFalseAlarmRate, 0.04, 0.05);
        Assert.True(first.Limit > 0);
    }

    [Fact]
    public void Limit_LongerHorizon_IsHigher()
    {
        var shorter = CusumCalibration.Limit(new CusumCalibrationKey(50, 44, 200, 0.15, 0.05, 2000, 5));
        var longer = CusumCalibration.Limit(new CusumCalibrationKey(50, 44, 600, 0.15, 0.05, 2000, 5));

        Assert.True(longer.Limit > shorter.Limit);
    }

    [Fact]
    public void HorizonFor_StreamLongerThanTheHorizon_RoundsUpToTheStep()
    {
        Assert.Equal(200, Design.HorizonFor(180));
        Assert.Equal(225, Design.HorizonFor(201));
        Assert.Equal(225, Design.HorizonFor(225));
    }
}
