using Quality.Analytics.Agreement;

namespace Quality.Analytics.Drift;

/// <summary>An accuracy level estimated from evidence: the maximum-likelihood value, its 95% likelihood-ratio interval and the answers behind it.</summary>
public sealed record AccuracyLevel(double Estimate, double Lower, double Upper, int Answers, int GoldAnswers);

/// <summary>A step change fitted to accuracy evidence: the first answer after it, both levels and ln Λ against no change.</summary>
public sealed record AccuracyStep(int Index, AccuracyLevel Before, AccuracyLevel After, double LogLikelihoodRatio);

/// <summary>A signal of the accuracy CUSUM with the step change that best explains it.</summary>
public sealed record AccuracyAlarm(CusumSignal Signal, AccuracyStep Change);

/// <summary>One annotator's evidence through the accuracy detector.</summary>
public sealed record AccuracyResult(
    DriftStatus Status, string? Reason, int Answers, int GoldAnswers, int BaselineAnswers, CusumDesign? Design, double? Limit,
    double? SimulatedFalseAlarmRate, int Replicates, int Horizon, double[] Path, IReadOnlyList<AccuracyAlarm> Alarms, int SignalsBelowMinimumDrop = 0);

/// <summary>
/// The accuracy CUSUM: a Bernoulli CUSUM generalised to answers whose truth is known only in probability. Under the
/// one-coin model an annotator of accuracy p gives the true label with probability p and each other label with
/// probability (1 − p)/(L − 1), so an answer whose label is the truth with probability r (r = 1 or 0 on gold, the
/// others' leave-one-out posterior elsewhere) has likelihood r·p + (1 − r)(1 − p)/(L − 1). The CUSUM adds the
/// log-likelihood ratio of p₁ = p₀ − δ against p₀ for each answer; on gold answers that is exactly the Bernoulli
/// CUSUM. p₀ comes from the first K answers (its posterior on a grid, Jeffreys prior), and the limit is calibrated by
/// Monte Carlo under "no change", drawing p from that posterior and the answers from the annotator's own truth
/// distributions, so the calibration knows how informative her non-gold answers are.
/// </summary>
public static class AccuracyDetector
{
    /// <summary>Grid points of the accuracy (cell midpoints (g + ½)/G).</summary>
    internal const int Grid = 400;

    /// <summary>Monitored answer-steps per calibration (replicates × monitored answers); long streams get fewer replicates.</summary>
    internal const long CalibrationBudget = 20_000_000;

    /// <summary>
    /// Longest stretch of monitored answers a limit is calibrated for: on a longer stream the limit of this many holds
    /// per this many answers rather than over the whole stream (the null maximum grows only like its logarithm).
    /// </summary>
    internal const int MaxCalibratedAnswers = 100_000;

    /// <summary>Window masses this close to the largest count as equally good change-point estimates.</summary>
    internal const double WindowMassTolerance = 0.01;

    /// <summary>The half-width of the change-point window by default: a lead reviews a week either side.</summary>
    public static readonly TimeSpan DefaultChangeWindow = TimeSpan.FromDays(7);

    /// <param name="changeWindow">Half-width w of the window the change-point estimate aims at (see <see cref="DateChange"/>).</param>
    /// <param name="minimumDrop">
    /// A signal whose estimated drop (before − after) is smaller than this is not an alarm: on long streams the CUSUM
    /// also crosses its limit for shifts of a point or two that the model's approximations can produce, and that no
    /// lead would act on. Such signals are counted in <see cref="AccuracyResult.SignalsBelowMinimumDrop"/>.
    /// </param>
    public static AccuracyResult Detect(AccuracyEvidence evidence, SequentialDesign design, ulong streamSeed, TimeSpan? changeWindow = null,
        CancellationToken cancellationToken = default, double minimumDrop = 0)
    {
        var window = changeWindow ?? DefaultChangeWindow;
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(design);
        if (!evidence.HasTruth) throw new ArgumentException("the detector calibrates on the truth distributions, which compacted evidence has dropped", nameof(evidence));
        var n = evidence.Count;
        var gold = evidence.GoldCount;
        if (n < design.MinAnswers)
            return new AccuracyResult(DriftStatus.InsufficientData,
                $"{n} answers with known or estimable truth; the detector needs at least {design.MinAnswers} ({design.BaselineAnswers} to estimate the baseline, the rest to monitor)",
                n, gold, 0, null, null, null, 0, 0, new double[n], []);

        var k = design.BaselineAnswers;
        int labels = evidence.LabelCount;
        var credit = new double[n];
        for (var t = 0; t < n; t++) credit[t] = evidence.Credit(t);

        // Posterior of p on the grid given the baseline answers.
        var logPost = new double[Grid];
        for (var g = 0; g < Grid; g++)
        {
            var p = GridValue(g);
            var s = -0.5 * Math.Log(p) - 0.5 * Math.Log(1 - p);
            for (var t = 0; t < k; t++) s += LogLikelihood(credit[t], p, labels);
            logPost[g] = s;
        }
        var cdf = Normalise(logPost);
        double p0 = 0;
        for (var g = 0; g < Grid; g++) p0 += GridValue(g) * (cdf[g] - (g > 0 ? cdf[g - 1] : 0));
        var cusum = CusumDesign.ForDrop(p0, design.Delta);

        var horizon = design.HorizonFor(n);
        var (limit, simulated, replicates) = Calibrate(evidence, k, horizon, cusum, cdf, design, streamSeed, cancellationToken);

        var path = new double[n];
        double state = 0;
        for (var t = k; t < n; t++)
        {
            state = Math.Max(0, state + Step(credit[t], cusum, labels));
            path[t] = state;
        }
        var alarms = new List<AccuracyAlarm>();
        var small = 0;
        foreach (var signal in BernoulliCusum.Signals(path, limit))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var change = DateChange(evidence, credit, signal, window);
            if (change.Before.Estimate - change.After.Estimate < minimumDrop) small++;
            else alarms.Add(new AccuracyAlarm(signal, change));
        }
        return new AccuracyResult(alarms.Count > 0 ? DriftStatus.Drifting : DriftStatus.Stable, null, n, gold, k, cusum, limit, simulated,
            replicates, horizon, path, alarms, small);
    }

    /// <summary>ln(r·p + (1 − r)(1 − p)/(L − 1)): the likelihood of an answer that is right with probability r.</summary>
    internal static double LogLikelihood(double r, double p, int labels) => Math.Log(r * p + (1 - r) * (1 - p) / (labels - 1));

    /// <summary>The CUSUM increment of an answer that is right with probability r: ln f(r; p₁) − ln f(r; p₀).</summary>
    internal static double Step(double r, CusumDesign design, int labels) =>
        LogLikelihood(r, design.P1, labels) - LogLikelihood(r, design.P0, labels);

    internal static double GridValue(int g) => (g + 0.5) / Grid;

    /// <summary>Turns log weights into a cumulative distribution over the grid (in place of nothing: returns the CDF).</summary>
    private static double[] Normalise(double[] logWeights)
    {
        var max = logWeights.Max();
        var cdf = new double[logWeights.Length];
        double sum = 0;
        for (var g = 0; g < cdf.Length; g++) cdf[g] = sum += Math.Exp(logWeights[g] - max);
        for (var g = 0; g < cdf.Length; g++) cdf[g] /= sum;
        cdf[^1] = 1;
        return cdf;
    }

    /// <summary>
    /// The limit h: the (⌊αR⌋ + 1)-th largest maximum of the CUSUM over the monitored answers (K to the horizon) of
    /// R null replicates. Each replicate draws p from the baseline posterior, then each answer's true label from its
    /// truth distribution and her label (the truth with probability p, else one of the others at random), and scores
    /// it with the detector's own design. Beyond the observed answers the truth distributions are drawn from the
    /// monitored ones.
    /// </summary>
    private static (double Limit, double Simulated, int Replicates) Calibrate(AccuracyEvidence evidence, int k, int horizon, CusumDesign cusum,
        double[] posteriorCdf, SequentialDesign design, ulong streamSeed, CancellationToken cancellationToken)
    {
        int n = evidence.Count, labels = evidence.LabelCount, monitored = Math.Min(horizon - k, MaxCalibratedAnswers);
        var minimum = (int)Math.Ceiling(20 / design.FalseAlarmRate);
        var replicates = (int)Math.Max(minimum, Math.Min(design.Replicates, CalibrationBudget / Math.Max(1, monitored)));

        // Per observed monitored answer: the cumulative truth distribution and the increment of each label she could give.
        var observed = n - k;
        var truthCdf = new double[observed * labels];
        var increment = new double[observed * labels];
        for (var j = 0; j < observed; j++)
        {
            var truth = evidence.Truth(k + j);
            double c = 0;
            for (var l = 0; l < labels; l++)
            {
                truthCdf[j * labels + l] = c += truth[l];
                increment[j * labels + l] = Step(truth[l], cusum, labels);
            }
            truthCdf[j * labels + labels - 1] = 1;
        }

        var random = new SeededRandom(streamSeed);
        var maxima = new double[replicates];
        for (var rep = 0; rep < replicates; rep++)
        {
            if ((rep & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            var u = random.NextOpenDouble();
            var cell = Array.BinarySearch(posteriorCdf, u);
            if (cell < 0) cell = ~cell;
            var p = (Math.Min(cell, Grid - 1) + random.NextOpenDouble()) / Grid;
            double s = 0, max = 0;
            for (var t = 0; t < monitored; t++)
            {
                var j = t < observed ? t : (int)(random.NextUInt64() % (ulong)observed);
                var row = j * labels;
                var v = random.NextOpenDouble();
                var truth = 0;
                while (truth < labels - 1 && truthCdf[row + truth] < v) truth++;
                var given = truth;
                if (random.NextOpenDouble() >= p)
                {
                    given = (int)(random.NextUInt64() % (ulong)(labels - 1));
                    if (given >= truth) given++;
                }
                s = Math.Max(0, s + increment[row + given]);
                if (s > max) max = s;
            }
            maxima[rep] = max;
        }
        Array.Sort(maxima);
        var allowed = (int)Math.Floor(design.FalseAlarmRate * replicates);
        var limit = maxima[replicates - 1 - allowed];
        var above = 0;
        for (var r = replicates - 1; r >= 0 && maxima[r] > limit; r--) above++;
        return (limit, (double)above / replicates, replicates);
    }

    /// <summary>
    /// Where the change happened, for a signal: the posterior of τ (see <see cref="ChangePosterior"/>) over the answers
    /// from <see cref="SequentialDetector.MinAnswersBeforeChange"/> to the signal, given every answer up to the
    /// excursion's end, and the estimate is the τ whose window of ±w (in time) holds the most posterior probability:
    /// the Bayes estimate under the loss "more than w off", which is the error a lead pays for (the wrong week to
    /// review). Of the centres whose window holds within 0.01 of the most, the one nearest the posterior median is
    /// taken. An empty range (no answers before the signal) falls back to the excursion start.
    /// </summary>
    public static AccuracyStep DateChange(AccuracyEvidence evidence, double[] credit, CusumSignal signal, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var from = Math.Max(1, SequentialDetector.MinAnswersBeforeChange);
        var latest = Math.Min(signal.Index, signal.ExcursionEnd - 1);
        var posterior = ChangePosterior(evidence, credit, signal.ExcursionEnd, from, latest);
        if (posterior.Length == 0) return StepAt(evidence, credit, signal.ExcursionEnd, signal.ExcursionStart);
        var w = window.Ticks;
        // Sliding window over τ in time: for each centre c, the mass of τ with |t(τ) − t(c)| ≤ w.
        var masses = new double[posterior.Length];
        int hi = 0, lo = 0;
        double mass = 0, top = 0;
        for (var c = 0; c < posterior.Length; c++)
        {
            var centre = evidence.Ticks[from + c];
            while (hi < posterior.Length && evidence.Ticks[from + hi] - centre <= w) mass += posterior[hi++];
            while (centre - evidence.Ticks[from + lo] > w) mass -= posterior[lo++];
            masses[c] = mass;
            top = Math.Max(top, mass);
        }
        // When the posterior is narrower than the window, many centres hold (nearly) all of it: of those within
        // WindowMassTolerance of the best, take the one nearest the posterior median, so the estimate sits in the
        // middle of the evidence rather than a window's width before it.
        var median = 0;
        for (double c = 0; median < posterior.Length - 1 && (c += posterior[median]) < 0.5; median++) { }
        var best = -1;
        for (var c = 0; c < posterior.Length; c++)
        {
            if (masses[c] < top - WindowMassTolerance) continue;
            if (best < 0 || Math.Abs(evidence.Ticks[from + c] - evidence.Ticks[from + median]) < Math.Abs(evidence.Ticks[from + best] - evidence.Ticks[from + median]))
                best = c;
        }
        return StepAt(evidence, credit, signal.ExcursionEnd, from + best);
    }

    /// <summary>
    /// The posterior of the change τ over [<paramref name="from"/>, <paramref name="latest"/>] given answers
    /// [0, <paramref name="end"/>): uniform prior on τ, both accuracies uniform on the grid with the after level below
    /// the before level (a drop), integrated out.
    /// </summary>
    public static double[] ChangePosterior(AccuracyEvidence evidence, double[] credit, int end, int from, int latest)
    {
        var labels = evidence.LabelCount;
        from = Math.Max(1, from);
        latest = Math.Min(latest, end - 1);
        if (latest < from) return [];
        var total = new double[Grid];
        var before = new double[Grid];
        for (var t = 0; t < end; t++)
            for (var g = 0; g < Grid; g++)
            {
                var l = LogLikelihood(credit[t], GridValue(g), labels);
                total[g] += l;
                if (t < from) before[g] += l;
            }
        var log = new double[latest - from + 1];
        var after = new double[Grid];
        for (var tau = from; tau <= latest; tau++)
        {
            for (var g = 0; g < Grid; g++) after[g] = total[g] - before[g];
            var mb = before.Max();
            var ma = after.Max();
            double sum = 0, below = 0;
            for (var g = 0; g < Grid; g++)
            {
                sum += Math.Exp(before[g] - mb) * below;
                below += Math.Exp(after[g] - ma);
            }
            log[tau - from] = mb + ma + Math.Log(sum);
            for (var g = 0; g < Grid; g++) before[g] += LogLikelihood(credit[tau], GridValue(g), labels);
        }
        var max = log.Max();
        double z = 0;
        for (var i = 0; i < log.Length; i++) z += log[i] = Math.Exp(log[i] - max);
        for (var i = 0; i < log.Length; i++) log[i] /= z;
        return log;
    }

    /// <summary>The annotator's accuracy over all her evidence: MLE with its 95% likelihood-ratio interval.</summary>
    public static AccuracyLevel Overall(AccuracyEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var credit = new double[evidence.Count];
        for (var t = 0; t < credit.Length; t++) credit[t] = evidence.Credit(t);
        return Level(evidence, credit, 0, evidence.Count);
    }

    /// <summary>The levels either side of a step at <paramref name="tau"/> in answers [0, <paramref name="end"/>).</summary>
    internal static AccuracyStep StepAt(AccuracyEvidence evidence, double[] credit, int end, int tau)
    {
        var b = Curve(evidence, credit, 0, tau);
        var a = Curve(evidence, credit, tau, end);
        var all = new double[Grid];
        for (var g = 0; g < Grid; g++) all[g] = b[g] + a[g];
        return new AccuracyStep(tau, LevelOf(evidence, b, 0, tau), LevelOf(evidence, a, tau, end), Max(b).Value + Max(a).Value - Max(all).Value);
    }

    /// <summary>The log-likelihood of answers [from, to) at every grid accuracy.</summary>
    private static double[] Curve(AccuracyEvidence evidence, double[] credit, int from, int to)
    {
        var curve = new double[Grid];
        for (var t = from; t < to; t++)
            for (var g = 0; g < Grid; g++) curve[g] += LogLikelihood(credit[t], GridValue(g), evidence.LabelCount);
        return curve;
    }

    /// <summary>The MLE of accuracy on answers [from, to) with its 95% likelihood-ratio interval (χ²₁ 0.95 = 3.841).</summary>
    internal static AccuracyLevel Level(AccuracyEvidence evidence, double[] credit, int from, int to)
    {
        if (to <= from) throw new ArgumentOutOfRangeException(nameof(to), "a level needs at least one answer");
        return LevelOf(evidence, Curve(evidence, credit, from, to), from, to);
    }

    /// <summary>The same from the log-likelihood curve of answers [from, to), already computed.</summary>
    private static AccuracyLevel LevelOf(AccuracyEvidence evidence, double[] curve, int from, int to)
    {
        var gold = 0;
        for (var t = from; t < to; t++) if (evidence.Gold[t]) gold++;
        var (best, top) = Max(curve);
        const double Cut = 3.841458820694124 / 2;
        int lo = best, hi = best;
        while (lo > 0 && top - curve[lo - 1] <= Cut) lo--;
        while (hi < Grid - 1 && top - curve[hi + 1] <= Cut) hi++;
        var lower = lo == 0 ? 0 : GridValue(lo);
        var upper = hi == Grid - 1 ? 1 : GridValue(hi);
        return new AccuracyLevel(GridValue(best), lower, upper, to - from, gold);
    }

    private static (int Index, double Value) Max(double[] curve)
    {
        var best = 0;
        for (var g = 1; g < curve.Length; g++) if (curve[g] > curve[best]) best = g;
        return (best, curve[best]);
    }
}
