using Quality.Analytics;
using Quality.Analytics.Agreement;
using Quality.Analytics.Consensus;
using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class AccuracyDetectorTests
{
    // Fewer replicates than the product default keep the suite fast; the procedure is the same.
    private static readonly SequentialDesign Design = new(Delta: 0.10, FalseAlarmRate: 0.05, BaselineAnswers: 200, MinAnswers: 250,
        Horizon: 600, Replicates: 2000, Seed: 7);

    private static readonly DateTime Start = new(2026, 9, 7, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>One answer an hour from <see cref="Start"/>, four labels: each answer's truth distribution, her label, and whether it is gold.</summary>
    private static AccuracyEvidence Evidence(IReadOnlyList<(double[] Truth, int Label, bool Gold)> answers) =>
        new(4, answers.Select((_, t) => Start.AddHours(t).Ticks).ToArray(), answers.Select(a => a.Label).ToArray(),
            answers.Select(a => a.Gold).ToArray(), answers.SelectMany(a => a.Truth).ToArray());

    /// <summary>Gold answers only, right or wrong.</summary>
    private static AccuracyEvidence Gold(IEnumerable<bool> outcomes) =>
        Evidence(outcomes.Select(o => (new double[] { 1, 0, 0, 0 }, o ? 0 : 1, true)).ToList());

    /// <summary>
    /// A simulated one-coin annotator: accuracy <paramref name="before"/> up to <paramref name="change"/>, then
    /// <paramref name="after"/>; every fourth answer is gold, the others carry the posterior a partner pair would
    /// give: sharp (0.97 on one label) for four items in five, else split evenly between two labels.
    /// </summary>
    private static List<(double[], int, bool)> Simulated(SeededRandom random, int count, double before, int change = int.MaxValue, double after = 0)
    {
        var answers = new List<(double[], int, bool)>();
        for (var t = 0; t < count; t++)
        {
            var p = t < change ? before : after;
            var gold = t % 4 == 0;
            double[] truth = gold ? [1, 0, 0, 0] : random.NextOpenDouble() < 0.8 ? [0.97, 0.01, 0.01, 0.01] : [0.5, 0.5, 0, 0];
            var u = random.NextOpenDouble();
            var trueLabel = 0;
            for (var c = truth[0]; c < u && trueLabel < 3; c += truth[++trueLabel]) { }
            var label = random.NextOpenDouble() < p ? trueLabel : (trueLabel + 1 + (int)(random.NextUInt64() % 3)) % 4;
            answers.Add((truth, label, gold));
        }
        return answers;
    }

    [Fact]
    public void Detect_AllAnswersOnGold_IsExactlyTheBernoulliCusum()
    {
        var outcomes = Enumerable.Range(0, 400).Select(i => i < 250 ? i % 10 != 3 : i % 10 is not (1 or 3 or 6)).ToArray();
        var result = AccuracyDetector.Detect(Gold(outcomes), Design, 11);

        var bernoulli = new double[outcomes.Length];
        BernoulliCusum.Path(outcomes, Design.BaselineAnswers, result.Design!.Value, bernoulli);
        Assert.Equal(bernoulli.Length, result.Path.Length);
        for (var t = 0; t < bernoulli.Length; t++) Assert.Equal(bernoulli[t], result.Path[t], 10);
        // p₀ is the posterior mean of the baseline's 180 of 200 under a Jeffreys prior, on a 400-point grid.
        Assert.Equal(180.5 / 201, result.Design.Value.P0, 3);
        Assert.Equal(result.Design.Value.P0 - 0.10, result.Design.Value.P1, 12);
    }

    [Fact]
    public void Detect_StepFrom90To60_SignalsAndDatesTheChangeWithinADay()
    {
        var answers = Simulated(new SeededRandom(3), 500, 0.9, change: 300, after: 0.6);
        var evidence = Evidence(answers);

        var result = AccuracyDetector.Detect(evidence, Design, 5);

        Assert.Equal(DriftStatus.Drifting, result.Status);
        var alarm = result.Alarms[0];
        Assert.InRange(alarm.Signal.Index, 300, 499);
        Assert.True(result.Path[alarm.Signal.Index] > result.Limit);
        // One answer an hour: a day is 24 answers.
        Assert.InRange(alarm.Change.Index, 300 - 24, 300 + 24);
        Assert.InRange(0.9, alarm.Change.Before.Lower, alarm.Change.Before.Upper);
        Assert.InRange(0.6, alarm.Change.After.Lower, alarm.Change.After.Upper);
        Assert.True(alarm.Change.LogLikelihoodRatio > 5);
        Assert.Equal(alarm.Change.Index, alarm.Change.Before.Answers);
        Assert.Equal(alarm.Signal.ExcursionEnd - alarm.Change.Index, alarm.Change.After.Answers);
    }

    [Fact]
    public void Detect_StationaryStreams_FalseAlarmRateNearTheTarget()
    {
        const int streams = 400;
        var random = new SeededRandom(2024);
        var alarms = 0;
        for (var s = 0; s < streams; s++)
        {
            var result = AccuracyDetector.Detect(Evidence(Simulated(random, 560, 0.85)), Design, (ulong)s);
            if (result.Alarms.Count > 0) alarms++;
        }

        // Target 5% over a 600-answer horizon for 560 answers: ±3 standard errors of 400 streams, plus the calibration's own noise.
        Assert.InRange((double)alarms / streams, 0.005, 0.095);
    }

    [Fact]
    public void Detect_SoftEvidence_IsWorthMoreThanItsGoldAlone()
    {
        // The same drifting annotator seen through all her answers, and through her gold answers only (every fourth).
        var all = Simulated(new SeededRandom(9), 1200, 0.88, change: 700, after: 0.76);
        var goldOnly = all.Where(a => a.Item3).ToList();
        var design = Design with { BaselineAnswers = 100, MinAnswers = 120, Horizon = 300 };

        var soft = AccuracyDetector.Detect(Evidence(all), Design, 1);
        var gold = AccuracyDetector.Detect(Evidence(goldOnly), design, 1);

        Assert.Equal(DriftStatus.Drifting, soft.Status);
        var softDelay = soft.Alarms.First(a => a.Signal.Index >= 700).Signal.Index - 700;
        // Hours after the change: the gold stream's index i is answer 4i of the full stream.
        var goldDelay = gold.Alarms.FirstOrDefault(a => 4 * a.Signal.Index >= 700) is { } g ? 4 * g.Signal.Index - 700 : int.MaxValue;
        Assert.True(softDelay < goldDelay, $"soft evidence signalled {softDelay} answers after the change, gold alone {goldDelay}");
    }

    [Fact]
    public void Detect_FewerAnswersThanTheMinimum_ReportsInsufficientDataWithoutNumbers()
    {
        var result = AccuracyDetector.Detect(Evidence(Simulated(new SeededRandom(1), 249, 0.9)), Design, 1);

        Assert.Equal(DriftStatus.InsufficientData, result.Status);
        Assert.Contains("249 answers", result.Reason);
        Assert.Null(result.Limit);
        Assert.Null(result.Design);
        Assert.Empty(result.Alarms);
    }

    [Fact]
    public void Detect_SameSeedTwice_GivesTheSameLimit()
    {
        var evidence = Evidence(Simulated(new SeededRandom(4), 400, 0.8));

        var first = AccuracyDetector.Detect(evidence, Design, 42);
        var second = AccuracyDetector.Detect(evidence, Design, 42);
        var other = AccuracyDetector.Detect(evidence, Design, 43);

        Assert.Equal(first.Limit, second.Limit);
        Assert.Equal(first.Path, second.Path);
        Assert.NotEqual(first.Limit, other.Limit);
        Assert.InRange(other.Limit!.Value / first.Limit!.Value, 0.85, 1.15);
        Assert.InRange(first.SimulatedFalseAlarmRate!.Value, 0.04, 0.05);
    }

    [Fact]
    public void Detect_SignalForADropBelowTheMinimum_RaisesNoAlarmButIsCounted()
    {
        // A long gold stream that slips four points (0.95 → 0.91): enough for the CUSUM over 6,000 answers, below a minimum of 8.
        var random = new SeededRandom(77);
        var outcomes = Enumerable.Range(0, 6000).Select(t => random.NextOpenDouble() < (t < 2000 ? 0.95 : 0.91)).ToArray();
        var evidence = Gold(outcomes);

        var any = AccuracyDetector.Detect(evidence, Design, 3);
        var practical = AccuracyDetector.Detect(evidence, Design, 3, minimumDrop: 0.08);

        Assert.NotEmpty(any.Alarms);
        Assert.All(any.Alarms, a => Assert.InRange(a.Change.Before.Estimate - a.Change.After.Estimate, 0, 0.08));
        Assert.Empty(practical.Alarms);
        Assert.Equal(DriftStatus.Stable, practical.Status);
        Assert.Equal(any.Alarms.Count, practical.SignalsBelowMinimumDrop);
        Assert.Equal(any.Path, practical.Path);
    }

    [Fact]
    public void Compact_KeepsTimesCreditsAndGoldButNotTheTruth()
    {
        var evidence = Evidence(Simulated(new SeededRandom(8), 300, 0.8));

        var compact = evidence.Compact();

        Assert.False(compact.HasTruth);
        Assert.Equal(evidence.Ticks, compact.Ticks);
        Assert.Equal(evidence.Gold, compact.Gold);
        Assert.Equal(Enumerable.Range(0, 300).Select(evidence.Credit), Enumerable.Range(0, 300).Select(compact.Credit));
        Assert.Equal(AccuracyDetector.Overall(evidence), AccuracyDetector.Overall(compact));
        Assert.Throws<InvalidOperationException>(() => compact.Truth(0).ToArray());
        Assert.Throws<ArgumentException>(() => AccuracyDetector.Detect(compact, Design, 1));
    }

    [Theory]
    [InlineData(45, 50)]
    [InlineData(170, 200)]
    [InlineData(3, 40)]
    public void Overall_GoldOnly_IsTheProportionWithTheLikelihoodRatioInterval(int right, int answers)
    {
        var evidence = Gold(Enumerable.Range(0, answers).Select(i => i < right));

        var level = AccuracyDetector.Overall(evidence);

        var p = (double)right / answers;
        Assert.Equal(p, level.Estimate, 2);
        // The likelihood-ratio bounds: 2[ℓ(p̂) − ℓ(b)] = 3.84 at each bound (checked on the binomial log-likelihood).
        double Deviance(double b) => 2 * (right * Math.Log(p / b) + (answers - right) * Math.Log((1 - p) / (1 - b)));
        Assert.InRange(Deviance(level.Lower), 3.3, 4.4);
        Assert.InRange(Deviance(level.Upper), 3.3, 4.4);
        Assert.Equal(answers, level.GoldAnswers);
    }

    [Fact]
    public void Build_NonGoldAnswer_CarriesTheOthersLeaveOneOutPosterior()
    {
        // Items 0-2 gold; item 3 has three annotators, item 4 only two (too few others for min 2).
        int[] items = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4];
        int[] raters = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1];
        int[] labels = [0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 1, 0, 2, 2];
        var set = new RatingSet(items, raters, labels, ["i0", "i1", "i2", "i3", "i4"], ["a", "b", "c"], ["x", "y", "z"]);
        int[] gold = [0, 1, 2, -1, -1];
        var ticks = Enumerable.Range(0, items.Length).Select(i => Start.AddMinutes(items.Length - i).Ticks).ToArray();
        var order = Enumerable.Range(0, items.Length).OrderBy(a => ticks[a]).ToArray();
        var fit = DawidSkene.Fit(set, gold);

        var evidence = AccuracyEvidence.Build(set, order, ticks, gold, fit, minOthers: 2);

        var a = evidence[0];
        Assert.Equal(4, a.Count);       // items 0-3; item 4 has one other annotator
        Assert.Equal(3, a.GoldCount);
        Assert.True(a.Ticks.Zip(a.Ticks.Skip(1)).All(p => p.First <= p.Second));
        var i3 = Array.FindIndex(a.Ticks, t => t == ticks[9]);
        Assert.False(a.Gold[i3]);
        // By hand: π_t θ_b[t][y] θ_c[t][x], normalised; her own label (x) plays no part.
        var expected = new double[3];
        for (var t = 0; t < 3; t++) expected[t] = fit.Priors[t] * fit.ConfusionRow(1, t)![1] * fit.ConfusionRow(2, t)![0];
        var sum = expected.Sum();
        for (var t = 0; t < 3; t++) Assert.Equal(expected[t] / sum, a.Truth(i3)[t], 12);
        Assert.Equal(expected[0] / sum, a.Credit(i3), 12);
        // Gold answers: certain truth.
        var i2 = Array.FindIndex(a.Ticks, t => t == ticks[6]);
        Assert.Equal([0.0, 0.0, 1.0], a.Truth(i2).ToArray());
        Assert.Equal(1.0, a.Credit(i2));
    }
}
