using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quality.Analytics.Intervals;

namespace Quality.Analytics.Consensus;

/// <summary>What ends the EM iterations of <see cref="DawidSkene"/> before the iteration cap.</summary>
public enum DawidSkeneStop
{
    /// <summary>The largest change of any item's posterior between two E-steps is below the tolerance.</summary>
    PosteriorChange,
    /// <summary>The log-likelihood changes by less than tolerance × |log-likelihood| between two E-steps.</summary>
    LogLikelihood,
}

/// <summary>Settings of a <see cref="DawidSkene"/> fit. The defaults reproduce crowd-kit's model run to convergence.</summary>
public sealed record DawidSkeneOptions
{
    /// <summary>Cap on E/M iterations; a fit that reaches it reports Converged = false.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stopping rule (see <see cref="DawidSkeneStop"/>).</summary>
    public DawidSkeneStop Stop { get; init; } = DawidSkeneStop.PosteriorChange;

    /// <summary>Tolerance of the stopping rule.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// Floor applied, as crowd-kit does, to each confusion-matrix count before its row is normalised and to each
    /// class prior before its logarithm is taken: it keeps every logarithm finite. 0 disables it (a zero
    /// probability then stays exactly zero, which EM can never revise).
    /// </summary>
    public double Floor { get; init; } = 1e-10;

    /// <summary>When gold is given, fix the posterior of every gold item to its gold label in every E-step.</summary>
    public bool ClampGold { get; init; } = true;

    /// <summary>Threads for the E-step; null lets the runtime choose. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>
/// Dawid &amp; Skene (1979) maximum-likelihood truth inference by EM: each annotator has a confusion matrix
/// π[true][answered], the classes a prior; the E-step gives each item a posterior over its true label.
/// Initialised, as in the paper (eq. 3.1) and crowd-kit, from majority-vote proportions.
/// </summary>
public static class DawidSkene
{
    // Item blocks processed in parallel each accumulate their own counts, summed in block order afterwards:
    // the sums, hence the results, are the same on any number of threads.
    private const int PatternsPerBlock = 8192;
    private const int MaxBlocks = 64;
    private const long MaxBlockCells = 4_000_000;

    /// <summary>
    /// Fits the model to <paramref name="set"/>. <paramref name="gold"/> (one code per item, −1 where unknown) is
    /// clamped into the posteriors when <see cref="DawidSkeneOptions.ClampGold"/> is set, and otherwise only used
    /// to score the consensus.
    /// </summary>
    public static DawidSkeneResult Fit(RatingSet set, int[]? gold = null, DawidSkeneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= new DawidSkeneOptions();
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxIterations must be at least 1");
        if (!(options.Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "Tolerance must be ≥ 0");
        if (!(options.Floor > 0 && options.Floor < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Floor must be in (0, 1)");
        if (gold is not null) GoldLabels.Validate(set, gold);
        var clamp = gold is not null && options.ClampGold;

        var model = new Model(set, AnswerIndex.Build(set), clamp ? gold : null, options);
        model.Run();
        return model.ToResult(set, gold, clamp);
    }

    private sealed class Model
    {
        private readonly DawidSkeneOptions _options;
        private readonly int _labelCount;
        private readonly int _raterCount;
        private readonly int _k;                 // classes in the model
        private readonly int _s;                 // stride of per-class rows: _k rounded up to whole vectors
        private readonly int _w;                 // vectors per row
        private readonly Vector<long>[] _laneMask;
        private readonly int[] _classOfLabel;    // −1 for a label outside the model
        private readonly int[] _labelOfClass;
        private readonly int[] _cellRater;       // a cell is a (rater, answered label) pair that occurs
        private readonly int[] _cellLabel;
        private readonly AnswerPatterns _patterns;
        private readonly double _itemsWithAnswers;
        private readonly double[] _posterior;    // pattern × class
        private readonly double[] _logError;     // cell × class: log π[rater][class][label]
        private readonly double[] _error;
        private readonly double[] _prior;
        private readonly double[] _logPrior;
        private readonly double[] _counts;       // cell × class: posterior mass behind each cell
        private readonly double[] _priorSum;
        private readonly Block[] _blocks;

        public int Iterations;
        public bool Converged;
        public double LogLikelihood;
        public readonly List<double> LogLikelihoodHistory = [];

        public Model(RatingSet set, AnswerIndex index, int[]? clampGold, DawidSkeneOptions options)
        {
            _options = options;
            _labelCount = set.LabelCount;
            _raterCount = set.RaterCount;
            var itemCount = set.ItemCount;

            // Classes are the labels someone used (plus clamped gold labels): a label no one used would get prior 0,
            // a fixed point of EM, so it is left out of the model rather than carried along at the floor value.
            var inModel = new bool[_labelCount];
            foreach (var l in index.Labels) inModel[l] = true;
            if (clampGold is not null)
                for (var i = 0; i < itemCount; i++)
                    if (clampGold[i] >= 0 && index.AnswerCount(i) > 0) inModel[clampGold[i]] = true;
            _classOfLabel = new int[_labelCount];
            var labelOfClass = new List<int>();
            for (var l = 0; l < _labelCount; l++)
            {
                _classOfLabel[l] = inModel[l] ? labelOfClass.Count : -1;
                if (inModel[l]) labelOfClass.Add(l);
            }
            _labelOfClass = labelOfClass.ToArray();
            _k = _labelOfClass.Length;
            _w = Math.Max(1, (_k + Vector<double>.Count - 1) / Vector<double>.Count);
            _s = _w * Vector<double>.Count;
            _laneMask = new Vector<long>[_w];
            var lanes = new long[_s];
            for (var c = 0; c < _k; c++) lanes[c] = -1;
            for (var v = 0; v < _w; v++) _laneMask[v] = new Vector<long>(lanes, v * Vector<double>.Count);
            var clampOfItem = new int[itemCount];
            for (var i = 0; i < itemCount; i++)
                clampOfItem[i] = clampGold is not null && clampGold[i] >= 0 ? _classOfLabel[clampGold[i]] : -1;

            var answerCell = CellIds(index, out _cellRater, out _cellLabel);
            _patterns = AnswerPatterns.Build(index.Start, answerCell, clampOfItem);
            for (var i = 0; i < itemCount; i++)
                if (index.AnswerCount(i) > 0) _itemsWithAnswers++;

            var cells = _cellRater.Length;
            _posterior = new double[checked(_patterns.Count * _s)];
            _logError = new double[checked(cells * _s)];
            _error = new double[_logError.Length];
            _counts = new double[_logError.Length];
            _prior = new double[_k];
            _logPrior = new double[_s];
            _priorSum = new double[_s];
            // Padding lanes get prior 0: they never win the max and are masked out after exp.
            _logPrior.AsSpan(_k).Fill(double.NegativeInfinity);

            var blockCount = Math.Clamp((_patterns.Count + PatternsPerBlock - 1) / PatternsPerBlock, 1, MaxBlocks);
            while (blockCount > 1 && (long)blockCount * cells * _s > MaxBlockCells) blockCount /= 2;
            _blocks = new Block[blockCount];
            for (var b = 0; b < blockCount; b++)
                _blocks[b] = new Block((int)((long)_patterns.Count * b / blockCount),
                    (int)((long)_patterns.Count * (b + 1) / blockCount), cells * _s, _w);

            // Initial posteriors: the share of the answers given to each class (majority-vote proportions).
            for (var p = 0; p < _patterns.Count; p++)
            {
                var row = _posterior.AsSpan(p * _s, _k);
                if (_patterns.Clamp[p] >= 0) { row[_patterns.Clamp[p]] = 1; continue; }
                int from = _patterns.Start[p], to = _patterns.Start[p + 1];
                var w = 1.0 / (to - from);
                for (var j = from; j < to; j++) row[_classOfLabel[_cellLabel[_patterns.Cells[j]]]] += w;
            }
        }

        /// <summary>
        /// Numbers the (rater, label) pairs that occur. Only they get confusion cells: a label the rater never gave
        /// is never looked up in the E-step, and has probability 0 in that rater's matrix (as in crowd-kit).
        /// </summary>
        private int[] CellIds(AnswerIndex index, out int[] cellRater, out int[] cellLabel)
        {
            var answerCell = new int[index.Raters.Length];
            var raters = new List<int>();
            var labels = new List<int>();
            var denseMap = (long)_raterCount * _labelCount <= 1L << 24 ? new int[_raterCount * _labelCount] : null;
            var sparseMap = denseMap is null ? new Dictionary<long, int>() : null;
            for (var a = 0; a < answerCell.Length; a++)
            {
                int r = index.Raters[a], l = index.Labels[a];
                int cell;
                if (denseMap is not null)
                {
                    ref var slot = ref denseMap[r * _labelCount + l];
                    if (slot == 0) { raters.Add(r); labels.Add(l); slot = raters.Count; }
                    cell = slot - 1;
                }
                else if (!sparseMap!.TryGetValue((long)r * _labelCount + l, out cell))
                {
                    cell = raters.Count;
                    raters.Add(r);
                    labels.Add(l);
                    sparseMap[(long)r * _labelCount + l] = cell;
                }
                answerCell[a] = cell;
            }
            cellRater = raters.ToArray();
            cellLabel = labels.ToArray();
            return answerCell;
        }

        public void Run()
        {
            if (_itemsWithAnswers == 0) { Converged = true; return; }
            AccumulateInitialCounts();
            MStep();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? -1 };
            var previousLogLikelihood = double.NegativeInfinity;
            for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
            {
                if (_blocks.Length == 1) EStep(_blocks[0]);
                else Parallel.For(0, _blocks.Length, parallel, b => EStep(_blocks[b]));

                double maxChange = 0, logLikelihood = 0;
                Array.Clear(_counts);
                Array.Clear(_priorSum);
                foreach (var block in _blocks)
                {
                    maxChange = Math.Max(maxChange, block.MaxChange);
                    logLikelihood += block.LogLikelihood;
                    Add(_counts, block.Counts);
                    Add(_priorSum, block.PriorSum);
                }
                MStep();
                Iterations = iteration;
                LogLikelihood = logLikelihood;
                LogLikelihoodHistory.Add(logLikelihood);
                var done = _options.Stop == DawidSkeneStop.PosteriorChange
                    ? maxChange < _options.Tolerance
                    : Math.Abs(logLikelihood - previousLogLikelihood) <= _options.Tolerance * Math.Abs(logLikelihood);
                previousLogLikelihood = logLikelihood;
                if (done) { Converged = true; break; }
            }
        }

        private static void Add(double[] into, double[] from)
        {
            for (var j = 0; j < into.Length; j++) into[j] += from[j];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AccumulateInitialCounts()
        {
            Array.Clear(_counts);
            Array.Clear(_priorSum);
            var posterior = Vectors(_posterior);
            for (var p = 0; p < _patterns.Count; p++)
                Accumulate(p, posterior.Slice(p * _w, _w), Vectors(_counts), Vectors(_priorSum));
        }

        private static Span<Vector<double>> Vectors(double[] values) => MemoryMarshal.Cast<double, Vector<double>>(values.AsSpan());

        /// <summary>Adds a pattern's posterior, times its number of items, to the counts behind its cells and to the prior sums.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Accumulate(int pattern, ReadOnlySpan<Vector<double>> post, Span<Vector<double>> counts, Span<Vector<double>> priorSum)
        {
            var w = _w;
            var weight = new Vector<double>(_patterns.Weight[pattern]);
            for (var v = 0; v < w; v++) priorSum[v] += weight * post[v];
            var cells = _patterns.Cells;
            for (int j = _patterns.Start[pattern], to = _patterns.Start[pattern + 1]; j < to; j++)
            {
                var row = counts.Slice(cells[j] * w, w);
                for (var v = 0; v < w; v++) row[v] += weight * post[v];
            }
        }

        /// <summary>
        /// π[r][k][l] = max(n_rkl, floor) / Σ_l' max(n_rkl', floor) over the labels l' rater r used, where n_rkl is
        /// the posterior mass of class k on r's answers l; prior_k = mean posterior of k over items with answers.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void MStep()
        {
            var floor = _options.Floor;
            var denominators = new double[_raterCount * _k];
            for (var c = 0; c < _cellRater.Length; c++)
            {
                var rater = _cellRater[c];
                for (var k = 0; k < _k; k++)
                {
                    var v = Math.Max(_counts[c * _s + k], floor);
                    _error[c * _s + k] = v;
                    denominators[rater * _k + k] += v;
                }
            }
            for (var c = 0; c < _cellRater.Length; c++)
            {
                var rater = _cellRater[c];
                for (var k = 0; k < _k; k++)
                {
                    var e = _error[c * _s + k] / denominators[rater * _k + k];
                    _error[c * _s + k] = e;
                    _logError[c * _s + k] = Math.Log(e);
                }
            }
            for (var k = 0; k < _k; k++)
            {
                _prior[k] = _priorSum[k] / _itemsWithAnswers;
                _logPrior[k] = Math.Log(Math.Max(_prior[k], floor));
            }
        }

        /// <summary>
        /// Posterior_k ∝ prior_k Π_answers π[r][k][l], in log space shifted by the row maximum before exp. The same
        /// pass adds the new posteriors into the block's counts for the next M-step.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void EStep(Block block)
        {
            var w = _w;
            var acc = block.Scratch;
            var logError = Vectors(_logError);
            var logPrior = Vectors(_logPrior);
            var posterior = Vectors(_posterior);
            var counts = Vectors(block.Counts);
            var priorSum = Vectors(block.PriorSum);
            var cells = _patterns.Cells;
            counts.Clear();
            priorSum.Clear();
            var changes = Vector<double>.Zero;
            double logLikelihood = 0, product = 1;
            for (var p = block.From; p < block.To; p++)
            {
                logPrior.CopyTo(acc);
                for (int j = _patterns.Start[p], to = _patterns.Start[p + 1]; j < to; j++)
                {
                    var row = logError.Slice(cells[j] * w, w);
                    for (var v = 0; v < w; v++) acc[v] += row[v];
                }
                var post = posterior.Slice(p * w, w);
                var weight = _patterns.Weight[p];
                var clamped = _patterns.Clamp[p];
                if (clamped >= 0)
                {
                    // Gold is observed: these items contribute log P(answers, true class = gold).
                    logLikelihood += weight * acc[clamped / Vector<double>.Count][clamped % Vector<double>.Count];
                }
                else
                {
                    var top = acc[0];
                    for (var v = 1; v < w; v++) top = Vector.Max(top, acc[v]);
                    var max = top[0];
                    for (var lane = 1; lane < Vector<double>.Count; lane++) max = Math.Max(max, top[lane]);
                    var shift = new Vector<double>(max);
                    double sum = 0;
                    for (var v = 0; v < w; v++)
                    {
                        acc[v] = Vector.ConditionalSelect(_laneMask[v], Vector.Exp(acc[v] - shift), Vector<double>.Zero);
                        sum += Vector.Sum(acc[v]);
                    }
                    // log Σ = max + log(sum), sum in [1, classes]. For single items the logs are gathered as a
                    // product, taken only when it grows large: one Math.Log per few hundred items.
                    logLikelihood += weight * max;
                    if (weight == 1)
                    {
                        product *= sum;
                        if (product > 1e280) { logLikelihood += Math.Log(product); product = 1; }
                    }
                    else logLikelihood += weight * Math.Log(sum);
                    var total = new Vector<double>(sum);
                    for (var v = 0; v < w; v++)
                    {
                        var value = acc[v] / total;
                        changes = Vector.Max(changes, Vector.Abs(value - post[v]));
                        post[v] = value;
                    }
                }
                Accumulate(p, post, counts, priorSum);
            }
            logLikelihood += Math.Log(product);
            double maxChange = 0;
            for (var lane = 0; lane < Vector<double>.Count; lane++) maxChange = Math.Max(maxChange, changes[lane]);
            block.MaxChange = maxChange;
            block.LogLikelihood = logLikelihood;
        }

        public DawidSkeneResult ToResult(RatingSet set, int[]? gold, bool clamped)
        {
            var l = _labelCount;
            var priors = new double[l];
            for (var c = 0; c < _k; c++) priors[_labelOfClass[c]] = _prior[c];

            // Posteriors stay per pattern; items point at their pattern's row.
            var patternPosterior = new double[checked(_patterns.Count * l)];
            var patternLabel = new int[_patterns.Count];
            var patternConfidence = new double[_patterns.Count];
            for (var p = 0; p < _patterns.Count; p++)
            {
                var row = patternPosterior.AsSpan(p * l, l);
                var post = _posterior.AsSpan(p * _s, _k);
                var best = 0;
                for (var c = 0; c < _k; c++)
                {
                    row[_labelOfClass[c]] = post[c];
                    if (post[c] > post[best]) best = c;   // strict: the smallest label wins an exact tie
                }
                patternLabel[p] = _labelOfClass[best];
                patternConfidence[p] = post[best];
            }
            var labels = new int[set.ItemCount];
            for (var i = 0; i < labels.Length; i++)
                labels[i] = _patterns.PatternOfItem[i] >= 0 ? patternLabel[_patterns.PatternOfItem[i]] : -1;

            var confusion = new ConfusionTable(_raterCount, l, _s, _labelOfClass, _cellRater, _cellLabel, _error);

            Proportion? accuracy = null;
            string? accuracyReason;
            if (gold is null) accuracyReason = "no gold labels were given";
            else if (clamped) accuracyReason = "gold was clamped into the posteriors, so the consensus equals gold on gold items by construction; fit with ClampGold = false to score it";
            else
            {
                accuracy = ConsensusAgreement.AccuracyVsGold(labels, gold);
                accuracyReason = accuracy.Reason;
            }

            return new DawidSkeneResult(set.ItemCount, set.RaterCount, l, Iterations, Converged, LogLikelihood,
                LogLikelihoodHistory.ToArray(), priors, _patterns.PatternOfItem, patternPosterior, patternConfidence,
                labels, confusion, ConsensusAgreement.PerAnnotator(set, labels), accuracy, accuracyReason,
                _itemsWithAnswers == 0 ? "no item has an answer: there is nothing to fit" : null);
        }
    }

    private sealed class Block(int from, int to, int countLength, int vectorsPerRow)
    {
        public readonly int From = from;
        public readonly int To = to;
        public readonly double[] Counts = new double[countLength];
        public readonly double[] PriorSum = new double[vectorsPerRow * Vector<double>.Count];
        public readonly Vector<double>[] Scratch = new Vector<double>[vectorsPerRow];
        public double MaxChange;
        public double LogLikelihood;
    }
}

/// <summary>A fitted Dawid–Skene model: class priors, annotators' confusion matrices, item posteriors and labels.</summary>
public sealed class DawidSkeneResult
{
    private readonly int[] _patternOfItem;
    private readonly double[] _patternPosterior;
    private readonly double[] _patternConfidence;
    private readonly ConfusionTable _confusion;

    internal DawidSkeneResult(int itemCount, int raterCount, int labelCount, int iterations, bool converged,
        double logLikelihood, double[] logLikelihoodHistory, double[] priors, int[] patternOfItem,
        double[] patternPosterior, double[] patternConfidence, int[] labels, ConfusionTable confusion, AnnotatorScore[] annotatorAgreement,
        Proportion? accuracyVsGold, string? accuracyVsGoldReason, string? reason)
    {
        ItemCount = itemCount;
        RaterCount = raterCount;
        LabelCount = labelCount;
        Iterations = iterations;
        Converged = converged;
        LogLikelihood = reason is null ? logLikelihood : null;
        LogLikelihoodHistory = logLikelihoodHistory;
        Priors = priors;
        _patternOfItem = patternOfItem;
        _patternPosterior = patternPosterior;
        _patternConfidence = patternConfidence;
        Labels = labels;
        _confusion = confusion;
        AnnotatorAgreement = annotatorAgreement;
        AccuracyVsGold = accuracyVsGold;
        AccuracyVsGoldReason = accuracyVsGoldReason;
        Reason = reason;
    }

    public int ItemCount { get; }
    public int RaterCount { get; }
    public int LabelCount { get; }

    /// <summary>E/M iterations run (one E-step and one M-step each, after the majority-vote initialisation).</summary>
    public int Iterations { get; }
    /// <summary>Whether the stopping rule was met before the iteration cap.</summary>
    public bool Converged { get; }
    /// <summary>Log-likelihood (natural log) of all answers at the last E-step; null when there was nothing to fit.</summary>
    public double? LogLikelihood { get; }
    /// <summary>The log-likelihood after each iteration.</summary>
    public double[] LogLikelihoodHistory { get; }
    /// <summary>Why the fit is empty (no answers at all); null otherwise.</summary>
    public string? Reason { get; }

    /// <summary>Estimated class prior per label code (0 for a label no one used).</summary>
    public double[] Priors { get; }
    /// <summary>Consensus label per item: the posterior's argmax (smallest code on an exact tie); −1 without answers.</summary>
    public int[] Labels { get; }
    /// <summary>Per annotator: the share of their answers equal to the consensus label (their own answer included).</summary>
    public AnnotatorScore[] AnnotatorAgreement { get; }
    /// <summary>Share of gold items whose consensus label is the gold label; null when gold was absent or clamped.</summary>
    public Proportion? AccuracyVsGold { get; }
    /// <summary>Why <see cref="AccuracyVsGold"/> is null or undefined.</summary>
    public string? AccuracyVsGoldReason { get; }

    /// <summary>Whether the label is a class of the model (someone used it, or it is a clamped gold label).</summary>
    public bool IsModelled(int label) => _confusion.IsModelled(label);

    /// <summary>Posterior over label codes for the item (the priors for an item without answers).</summary>
    public ReadOnlySpan<double> Posterior(int item)
    {
        var p = _patternOfItem[item];
        return p >= 0 ? _patternPosterior.AsSpan(p * LabelCount, LabelCount) : Priors;
    }

    /// <summary>Largest posterior probability of the item; null for an item without answers.</summary>
    public double? Confidence(int item)
    {
        var p = _patternOfItem[item];
        return p >= 0 ? _patternConfidence[p] : null;
    }

    /// <summary>
    /// The annotator's estimated P(answer = l | true label = <paramref name="trueLabel"/>) for every label l, or
    /// null when the true label is not a class of the model (no one used it).
    /// </summary>
    public double[]? ConfusionRow(int rater, int trueLabel) => _confusion.Row(rater, trueLabel);
}

/// <summary>The fitted confusion probabilities, stored only for the (rater, answered label) pairs that occur.</summary>
internal sealed class ConfusionTable
{
    private readonly int _labelCount;
    private readonly int _stride;
    private readonly int[] _classOfLabel;
    private readonly int[] _raterStart;
    private readonly int[] _cells;
    private readonly int[] _cellLabel;
    private readonly double[] _error;

    /// <param name="stride">Row length of <paramref name="error"/> (classes, padded).</param>
    public ConfusionTable(int raterCount, int labelCount, int stride, int[] labelOfClass, int[] cellRater,
        int[] cellLabel, double[] error)
    {
        _labelCount = labelCount;
        _stride = stride;
        _classOfLabel = new int[labelCount];
        Array.Fill(_classOfLabel, -1);
        for (var c = 0; c < labelOfClass.Length; c++) _classOfLabel[labelOfClass[c]] = c;
        _cellLabel = cellLabel;
        _error = error;
        _raterStart = new int[raterCount + 1];
        foreach (var r in cellRater) _raterStart[r + 1]++;
        for (var r = 0; r < raterCount; r++) _raterStart[r + 1] += _raterStart[r];
        var next = (int[])_raterStart.Clone();
        _cells = new int[cellRater.Length];
        for (var cell = 0; cell < cellRater.Length; cell++) _cells[next[cellRater[cell]]++] = cell;
    }

    public bool IsModelled(int label) => _classOfLabel[label] >= 0;

    public double[]? Row(int rater, int trueLabel)
    {
        var c = _classOfLabel[trueLabel];
        if (c < 0) return null;
        var row = new double[_labelCount];
        for (var j = _raterStart[rater]; j < _raterStart[rater + 1]; j++)
        {
            var cell = _cells[j];
            row[_cellLabel[cell]] = _error[cell * _stride + c];
        }
        return row;
    }
}
