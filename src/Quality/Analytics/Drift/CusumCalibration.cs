using System.Collections.Concurrent;
using Quality.Analytics.Agreement;

namespace Quality.Analytics.Drift;

/// <summary>
/// What a control limit is calibrated for: a baseline of <paramref name="BaselineAnswers"/> answers with
/// <paramref name="BaselineCorrect"/> right (p₀ is estimated from it), a watched drop of <paramref name="Delta"/>,
/// monitoring up to answer <paramref name="Horizon"/>, and the false-alarm probability over that horizon.
/// </summary>
public sealed record CusumCalibrationKey(int BaselineAnswers, int BaselineCorrect, int Horizon, double Delta,
    double FalseAlarmRate, int Replicates, ulong Seed);

/// <summary>A calibrated limit h and the Monte Carlo false-alarm rate it achieves (≤ the target).</summary>
public sealed record CusumLimit(double Limit, double SimulatedFalseAlarmRate, int Replicates);

/// <summary>
/// Calibrates the CUSUM limit by Monte Carlo under the null of no change, conditional on the baseline the annotator
/// actually gave. p₀ is an estimate, and a plug-in calibration at p̂₀ is badly off where it matters most: after a
/// flawless baseline of 50 (p̂₀ = 0.99) an annotator whose true accuracy is 0.97 makes three times the errors the
/// plug-in limit allows for. So each replicate draws the true accuracy from its posterior given the baseline,
/// p ~ Beta(k + ½, K − k + ½) (Jeffreys prior), runs the CUSUM with the design the detector uses (from the observed
/// k) over the answers from K to the horizon, and keeps the path's maximum. h is the (⌊αR⌋ + 1)-th largest maximum
/// and the detector signals on Sₜ &gt; h, so at most α·R replicates signal: the false-alarm probability over the
/// horizon, averaged over what the baseline leaves uncertain, is at most α. Limits are cached per key: for a given
/// K the baseline takes only K + 1 values.
/// </summary>
public static class CusumCalibration
{
    private static readonly ConcurrentDictionary<CusumCalibrationKey, CusumLimit> Cache = new();

    /// <summary>The limit for <paramref name="key"/>, computed once per process.</summary>
    /// <param name="cancellationToken">Stops a long calibration (nothing is cached then).</param>
    public static CusumLimit Limit(CusumCalibrationKey key, CancellationToken cancellationToken = default) =>
        Cache.TryGetValue(key, out var limit) ? limit : Cache.GetOrAdd(key, Compute(key, cancellationToken));

    /// <summary>How many limits the process has calibrated (for tests and diagnostics).</summary>
    public static int CachedCount => Cache.Count;

    private static CusumLimit Compute(CusumCalibrationKey key, CancellationToken cancellationToken)
    {
        Validate(key);
        var maxima = SimulateMaxima(key, cancellationToken);
        Array.Sort(maxima);
        // Signals are Sₜ > h. With c = ⌊αR⌋, h = the (c+1)-th largest maximum leaves at most c replicates above it.
        var allowed = (int)Math.Floor(key.FalseAlarmRate * key.Replicates);
        var limit = maxima[key.Replicates - 1 - allowed];
        var above = 0;
        for (var r = key.Replicates - 1; r >= 0 && maxima[r] > limit; r--) above++;
        return new CusumLimit(limit, (double)above / key.Replicates, key.Replicates);
    }

    /// <summary>The maximum of Sₜ over the monitored answers of each null replicate (see the class summary).</summary>
    internal static double[] SimulateMaxima(CusumCalibrationKey key, CancellationToken cancellationToken = default)
    {
        int k = key.BaselineAnswers, correct = key.BaselineCorrect, monitored = key.Horizon - key.BaselineAnswers;
        var design = CusumDesign.ForDrop(CusumDesign.BaselineAccuracy(correct, k), key.Delta);
        double up = design.RightStep, down = design.WrongStep;
        var random = new SeededRandom(StreamSeed(key));
        var maxima = new double[key.Replicates];
        for (var r = 0; r < maxima.Length; r++)
        {
            if ((r & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var accuracy = RandomVariates.Beta(random, correct + 0.5, k - correct + 0.5);
            double s = 0, max = 0;
            for (var t = 0; t < monitored; t++)
            {
                s = Math.Max(0, s + (random.NextOpenDouble() < accuracy ? up : down));
                if (s > max) max = s;
            }
            maxima[r] = max;
        }
        return maxima;
    }

    private static void Validate(CusumCalibrationKey key)
    {
        if (key.BaselineAnswers < 1) throw new ArgumentOutOfRangeException(nameof(key), "the baseline needs at least one answer");
        if (key.BaselineCorrect < 0 || key.BaselineCorrect > key.BaselineAnswers) throw new ArgumentOutOfRangeException(nameof(key), "baseline correct must be in 0..baseline answers");
        if (key.Horizon <= key.BaselineAnswers) throw new ArgumentOutOfRangeException(nameof(key), "the horizon must extend past the baseline");
        if (!(key.FalseAlarmRate > 0 && key.FalseAlarmRate < 1)) throw new ArgumentOutOfRangeException(nameof(key), "the false-alarm rate must be in (0, 1)");
        if (key.Replicates < 100) throw new ArgumentOutOfRangeException(nameof(key), "calibration needs at least 100 replicates");
        if (key.FalseAlarmRate * key.Replicates < 1) throw new ArgumentOutOfRangeException(nameof(key), "too few replicates to resolve that false-alarm rate (need α·R ≥ 1)");
    }

    // Each key gets its own stream, so a limit does not depend on which other limits were computed before it.
    private static ulong StreamSeed(CusumCalibrationKey key)
    {
        var h = key.Seed;
        foreach (var part in new[] { (ulong)key.BaselineAnswers, (ulong)key.BaselineCorrect, (ulong)key.Horizon,
                     (ulong)BitConverter.DoubleToInt64Bits(key.Delta), (ulong)BitConverter.DoubleToInt64Bits(key.FalseAlarmRate),
                     (ulong)key.Replicates })
            h = (h ^ part) * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        return h;
    }
}
