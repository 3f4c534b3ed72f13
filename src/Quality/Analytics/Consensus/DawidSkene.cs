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
    private const int ItemsPerBlock = 16384;
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
        if (!(options.Floor >= 0 && options.Floor < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Floor must be in [0, 1)");
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
        private readonly int _k;                 // active classes
        private readonly int[] _classOfLabel;    // −1 for a label no one used
        private readonly int[] _labelOfClass;
        private readonly int[] _itemStart;
        private readonly int[] _answerCell;      // answers grouped by item, as (rater, label) cell ids
        private readonly int[] _cellRater;
        private readonly int[] _cellLabel;
        private readonly int[] _clampedClass;    // per item: class fixed by gold, or −1
        private readonly int _raterCount;
        private readonly int _itemsWithAnswers;
        private readonly double[] _posterior;    // item × class
        private readonly double[] _logError;     // cell × class: log π[rater][class][label]
        private readonly double[] _error;
        private readonly double[] _prior;
        private readonly double[] _logPrior;
        private readonly Block[] _blocks;
        private readonly double[] _counts;       // cell × class
        private readonly double[] _priorSum;

        public int Iterations;
        public bool Converged;
        public double LogLikelihood;
        public readonly List<double> LogLikelihoodHistory = [];

        public Model(RatingSet set, AnswerIndex index, int[]? clampGold, DawidSkeneOptions options)
        {
            _options = options;
            _labelCount = set.LabelCount;
            _raterCount = set.RaterCount;
            _itemStart = index.Start;
            var itemCount = set.ItemCount;

            // Classes are the labels someone used (plus clamped gold labels): a label no one used would get prior 0,
            // which is a fixed point of EM, so it is left out of the model rather than carried as a floor value.
            var active = new bool[_labelCount];
            foreach (var l in index.Labels) active[l] = true;
            _clampedClass = new int[itemCount];
            Array.Fill(_clampedClass, -1);
            if (clampGold is not null)
                for (var i = 0; i < itemCount; i++)
                    if (clampGold[i] >= 0 && index.AnswerCount(i) > 0) active[clampGold[i]] = true;
            _classOfLabel = new int[_labelCount];
            var labelOfClass = new List<int>();
            for (var l = 0; l < _labelCount; l++)
            {
                _classOfLabel[l] = active[l] ? labelOfClass.Count : -1;
                if (active[l]) labelOfClass.Add(l);
            }
            _labelOfClass = labelOfClass.ToArray();
            _k = _labelOfClass.Length;
            if (clampGold is not null)
                for (var i = 0; i < itemCount; i++)
                    if (clampGold[i] >= 0 && index.AnswerCount(i) > 0) _clampedClass[i] = _classOfLabel[clampGold[i]];

            // Only (rater, label) pairs that occur get a confusion cell: a label the rater never gave is never
            // looked up in the E-step, and its probability is 0 in that rater's matrix (crowd-kit does the same).
            _answerCell = new int[index.Raters.Length];
            var cellRater = new List<int>();
            var cellLabel = new List<int>();
            var dense = (long)_raterCount * _labelCount <= 1L << 24;
            var denseMap = dense ? new int[_raterCount * _labelCount] : null;
            var sparseMap = dense ? null : new Dictionary<long, int>();
            for (var a = 0; a < _answerCell.Length; a++)
            {
                int r = index.Raters[a], l = index.Labels[a];
                int cell;
                if (denseMap is not null)
                {
                    ref var slot = ref denseMap[r * _labelCount + l];
                    if (slot == 0) { cellRater.Add(r); cellLabel.Add(l); slot = cellRater.Count; }
                    cell = slot - 1;
                }
                else
                {
                    var key = (long)r * _labelCount + l;
                    if (!sparseMap!.TryGetValue(key, out cell)) { cell = cellRater.Count; cellRater.Add(r); cellLabel.Add(l); sparseMap[key] = cell; }
                }
                _answerCell[a] = cell;
            }
            _cellRater = cellRater.ToArray();
            _cellLabel = cellLabel.ToArray();
            var cells = _cellRater.Length;

            for (var i = 0; i < itemCount; i++)
                if (index.AnswerCount(i) > 0) _itemsWithAnswers++;

            _posterior = new double[checked(itemCount * _k)];
            _logError = new double[checked(cells * _k)];
            _error = new double[_logError.Length];
            _counts = new double[_logError.Length];
            _prior = new double[_k];
            _logPrior = new double[_k];
            _priorSum = new double[_k];

            var blockCount = (int)Math.Clamp((itemCount + ItemsPerBlock - 1) / ItemsPerBlock, 1, MaxBlocks);
            while (blockCount > 1 && (long)blockCount * cells * _k > MaxBlockCells) blockCount /= 2;
            _blocks = new Block[blockCount];
            for (var b = 0; b < blockCount; b++)
                _blocks[b] = new Block(
                    (int)((long)itemCount * b / blockCount), (int)((long)itemCount * (b + 1) / blockCount), cells * _k, _k);

            // Initial posteriors: the share of each item's answers per class (majority-vote proportions).
            for (var i = 0; i < itemCount; i++)
            {
                int from = _itemStart[i], to = _itemStart[i + 1];
                if (to == from) continue;
                var row = _posterior.AsSpan(i * _k, _k);
                if (_clampedClass[i] >= 0) { row[_clampedClass[i]] = 1; continue; }
                var w = 1.0 / (to - from);
                for (var a = from; a < to; a++) row[_classOfLabel[index.Labels[a]]] += w;
            }
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

        private void AccumulateInitialCounts()
        {
            Array.Clear(_counts);
            Array.Clear(_priorSum);
            for (var i = 0; i < _itemStart.Length - 1; i++)
            {
                int from = _itemStart[i], to = _itemStart[i + 1];
                if (to == from) continue;
                var row = _posterior.AsSpan(i * _k, _k);
                for (var k = 0; k < _k; k++) _priorSum[k] += row[k];
                for (var a = from; a < to; a++)
                {
                    var counts = _counts.AsSpan(_answerCell[a] * _k, _k);
                    for (var k = 0; k < _k; k++) counts[k] += row[k];
                }
            }
        }

        /// <summary>
        /// π[r][k][l] = max(n_rkl, floor) / Σ_l' max(n_rkl', floor) over the labels l' rater r used, where n_rkl is
        /// the posterior mass of class k on r's answers l; prior_k = mean posterior of k over items with answers.
        /// </summary>
        private void MStep()
        {
            var floor = _options.Floor;
            var denominators = new double[_raterCount * _k];
            for (var c = 0; c < _cellRater.Length; c++)
            {
                var rater = _cellRater[c];
                for (var k = 0; k < _k; k++)
                {
                    var v = Math.Max(_counts[c * _k + k], floor);
                    _error[c * _k + k] = v;
                    denominators[rater * _k + k] += v;
                }
            }
            for (var c = 0; c < _cellRater.Length; c++)
            {
                var rater = _cellRater[c];
                for (var k = 0; k < _k; k++)
                {
                    // A zero denominator needs floor 0 and no mass on class k: that column stays all-zero.
                    var d = denominators[rater * _k + k];
                    var e = d > 0 ? _error[c * _k + k] / d : 0.0;
                    _error[c * _k + k] = e;
                    _logError[c * _k + k] = Math.Log(e);
                }
            }
            for (var k = 0; k < _k; k++)
            {
                _prior[k] = _priorSum[k] / _itemsWithAnswers;
                _logPrior[k] = Math.Log(Math.Max(_prior[k], floor));
            }
        }

        /// <summary>
        /// Posterior_ik ∝ prior_k Π_answers π[r][k][l], in log space shifted by the row maximum before exp. The same
        /// pass adds the new posteriors into the block's counts for the next M-step.
        /// </summary>
        private void EStep(Block block)
        {
            var k = _k;
            var acc = block.Scratch;
            var counts = block.Counts;
            var priorSum = block.PriorSum;
            Array.Clear(counts);
            Array.Clear(priorSum);
            double maxChange = 0, logLikelihood = 0;
            for (var i = block.From; i < block.To; i++)
            {
                int from = _itemStart[i], to = _itemStart[i + 1];
                if (to == from) continue;
                _logPrior.CopyTo(acc, 0);
                for (var a = from; a < to; a++)
                {
                    var row = _logError.AsSpan(_answerCell[a] * k, k);
                    for (var c = 0; c < k; c++) acc[c] += row[c];
                }
                var post = _posterior.AsSpan(i * k, k);
                var clamped = _clampedClass[i];
                if (clamped >= 0)
                {
                    // Gold is observed: the item contributes log P(answers, true class = gold).
                    logLikelihood += acc[clamped];
                }
                else
                {
                    var max = double.NegativeInfinity;
                    for (var c = 0; c < k; c++) if (acc[c] > max) max = acc[c];
                    double sum = 0;
                    for (var c = 0; c < k; c++) { acc[c] = Math.Exp(acc[c] - max); sum += acc[c]; }
                    logLikelihood += max + Math.Log(sum);
                    for (var c = 0; c < k; c++)
                    {
                        var p = acc[c] / sum;
                        var change = Math.Abs(p - post[c]);
                        if (change > maxChange) maxChange = change;
                        post[c] = p;
                    }
                }
                for (var c = 0; c < k; c++) priorSum[c] += post[c];
                for (var a = from; a < to; a++)
                {
                    var row = counts.AsSpan(_answerCell[a] * k, k);
                    for (var c = 0; c < k; c++) row[c] += post[c];
                }
            }
            block.MaxChange = maxChange;
            block.LogLikelihood = logLikelihood;
        }

        public DawidSkeneResult ToResult(RatingSet set, int[]? gold, bool clamped)
        {
            int itemCount = set.ItemCount, l = _labelCount;
            var priors = new double[l];
            for (var c = 0; c < _k; c++) priors[_labelOfClass[c]] = _prior[c];

            var posteriors = new double[checked(itemCount * l)];
            var labels = new int[itemCount];
            var confidence = new double[itemCount];
            for (var i = 0; i < itemCount; i++)
            {
                var row = posteriors.AsSpan(i * l, l);
                if (_itemStart[i + 1] == _itemStart[i])
                {
                    priors.CopyTo(row);
                    labels[i] = -1;
                    continue;
                }
                var post = _posterior.AsSpan(i * _k, _k);
                var best = 0;
                for (var c = 0; c < _k; c++)
                {
                    row[_labelOfClass[c]] = post[c];
                    if (post[c] > post[best]) best = c;   // strict: the smallest label wins an exact tie
                }
                labels[i] = _labelOfClass[best];
                confidence[i] = post[best];
            }

            var confusion = new ConfusionTable(_raterCount, l, _k, _labelOfClass, _cellRater, _cellLabel, _error);

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
                LogLikelihoodHistory.ToArray(), priors, posteriors, labels, confidence, confusion,
                ConsensusAgreement.PerAnnotator(set, labels), accuracy, accuracyReason,
                _itemsWithAnswers == 0 ? "no item has an answer: there is nothing to fit" : null);
        }
    }

    private sealed class Block(int from, int to, int cellsTimesClasses, int classes)
    {
        public readonly int From = from;
        public readonly int To = to;
        public readonly double[] Counts = new double[cellsTimesClasses];
        public readonly double[] PriorSum = new double[classes];
        public readonly double[] Scratch = new double[classes];
        public double MaxChange;
        public double LogLikelihood;
    }
}

/// <summary>A fitted Dawid–Skene model: class priors, annotators' confusion matrices, item posteriors and labels.</summary>
public sealed class DawidSkeneResult
{
    private readonly double[] _posteriors;
    private readonly double[] _confidence;
    private readonly ConfusionTable _confusion;

    internal DawidSkeneResult(int itemCount, int raterCount, int labelCount, int iterations, bool converged,
        double logLikelihood, double[] logLikelihoodHistory, double[] priors, double[] posteriors,
        int[] labels, double[] confidence, ConfusionTable confusion, AnnotatorScore[] annotatorAgreement,
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
        _posteriors = posteriors;
        Labels = labels;
        _confidence = confidence;
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
    public ReadOnlySpan<double> Posterior(int item) => _posteriors.AsSpan(item * LabelCount, LabelCount);

    /// <summary>Largest posterior probability of the item; null for an item without answers.</summary>
    public double? Confidence(int item) => Labels[item] >= 0 ? _confidence[item] : null;

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
    private readonly int _classCount;
    private readonly int[] _classOfLabel;
    private readonly int[] _raterStart;
    private readonly int[] _cells;
    private readonly int[] _cellLabel;
    private readonly double[] _error;

    public ConfusionTable(int raterCount, int labelCount, int classCount, int[] labelOfClass, int[] cellRater,
        int[] cellLabel, double[] error)
    {
        _labelCount = labelCount;
        _classCount = classCount;
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
            row[_cellLabel[cell]] = _error[cell * _classCount + c];
        }
        return row;
    }
}
