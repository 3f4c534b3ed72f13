namespace Quality.Analytics.Drift;

/// <summary>Where a detector stands on one annotator's stream.</summary>
public enum DriftStatus
{
    /// <summary>Too few answers to estimate the baseline and monitor after it.</summary>
    InsufficientData,
    /// <summary>Monitored, no signal.</summary>
    Stable,
    /// <summary>The CUSUM signalled at least once.</summary>
    Drifting,
}

/// <summary>Parameters of one sequential detector (gold accuracy or agreement); see <see cref="DriftSettings"/>.</summary>
public sealed record SequentialDesign(double Delta, double FalseAlarmRate, int BaselineAnswers, int MinAnswers, int Horizon,
    int Replicates, ulong Seed)
{
    /// <summary>Stream lengths beyond the horizon are rounded up to this step before calibrating, to share limits.</summary>
    public const int HorizonStep = 25;

    /// <summary>The horizon a stream of <paramref name="answers"/> is calibrated for: the configured one, or longer.</summary>
    public int HorizonFor(int answers) => Math.Max(Horizon, (answers + HorizonStep - 1) / HorizonStep * HorizonStep);
}

/// <summary>A CUSUM signal with its estimated change: where it happened and the level on either side.</summary>
public sealed record SequentialAlarm(CusumSignal Signal, StepChangeEstimate Change);

/// <summary>
/// One stream through the detector: the baseline, the design and limit, the CUSUM path (0 over the baseline)
/// and the alarms. <see cref="Reason"/> says why a stream was not monitored.
/// </summary>
public sealed record SequentialResult(
    DriftStatus Status, string? Reason, int Answers, int Correct, int BaselineAnswers, int BaselineCorrect,
    CusumDesign? Design, CusumLimit? Limit, int Horizon, double[] Path, IReadOnlyList<SequentialAlarm> Alarms);

/// <summary>
/// The Bernoulli CUSUM applied to one annotator's time-ordered right/wrong stream: p₀ from the first K answers,
/// the limit calibrated by <see cref="CusumCalibration"/>, and on each signal the likelihood-maximising split.
/// </summary>
public static class SequentialDetector
{
    /// <summary>The before segment of a change estimate holds at least this many answers.</summary>
    public const int MinAnswersBeforeChange = 5;

    public static SequentialResult Detect(ReadOnlySpan<bool> outcomes, SequentialDesign design, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        var n = outcomes.Length;
        var correct = 0;
        foreach (var o in outcomes) if (o) correct++;
        if (n < design.MinAnswers)
            return new SequentialResult(DriftStatus.InsufficientData,
                $"{n} answers; the detector needs at least {design.MinAnswers} ({design.BaselineAnswers} to estimate the baseline, the rest to monitor)",
                n, correct, 0, 0, null, null, 0, new double[n], []);

        var k = design.BaselineAnswers;
        var baselineCorrect = 0;
        for (var t = 0; t < k; t++) if (outcomes[t]) baselineCorrect++;
        var cusum = CusumDesign.ForDrop(CusumDesign.BaselineAccuracy(baselineCorrect, k), design.Delta);
        var horizon = design.HorizonFor(n);
        var limit = CusumCalibration.Limit(new CusumCalibrationKey(k, baselineCorrect, horizon, design.Delta,
            design.FalseAlarmRate, design.Replicates, design.Seed), cancellationToken);

        var path = new double[n];
        BernoulliCusum.Path(outcomes, k, cusum, path);
        var alarms = new List<SequentialAlarm>();
        foreach (var signal in BernoulliCusum.Signals(path, limit.Limit))
        {
            // The split is searched within the excursion that signalled: before it the path stood at 0 (the data
            // agreed with p₀), and the change cannot come after the signal. The likelihood uses every answer from
            // the start to the excursion's end, so both levels are estimated from all that belongs to them.
            var change = StepChange.EstimateDrop(outcomes, signal.ExcursionEnd, Math.Max(MinAnswersBeforeChange, signal.ExcursionStart), signal.Index)
                ?? StepChange.At(outcomes, signal.ExcursionEnd, signal.ExcursionStart);
            alarms.Add(new SequentialAlarm(signal, change));
        }
        return new SequentialResult(alarms.Count > 0 ? DriftStatus.Drifting : DriftStatus.Stable, null, n, correct, k, baselineCorrect,
            cusum, limit, horizon, path, alarms);
    }
}
