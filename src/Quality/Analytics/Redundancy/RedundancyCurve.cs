using System.Globalization;
using Quality.Analytics.Agreement;
using Quality.Analytics.Consensus;
using Quality.Analytics.Intervals;

namespace Quality.Analytics.Redundancy;

/// <summary>Settings of a <see cref="RedundancyCurve"/>.</summary>
public sealed record RedundancyOptions
{
    /// <summary>Random k-subsets per gold item for Dawid–Skene (all subsets are used when there are no more than this).</summary>
    public int Resamples { get; init; } = 200;

    /// <summary>At most this many gold items are used (a seeded random choice among them), which bounds the work.</summary>
    public int MaxGoldItems { get; init; } = 2000;

    /// <summary>The curve stops at this k even when gold items have more answers.</summary>
    public int MaxK { get; init; } = 25;

    public ulong Seed { get; init; } = 20260907;

    /// <summary>The accuracy the recommended k must reach.</summary>
    public double TargetAccuracy { get; init; } = 0.95;

    /// <summary>A k is only recommended when at least this many gold items have k answers.</summary>
    public int MinItemsForRecommendation { get; init; } = 30;

    /// <summary>Mean cost of one answer, for the cost per item at k; null when unknown (see <see cref="CostReason"/>).</summary>
    public double? CostPerAnswer { get; init; }

    public string? CostReason { get; init; }

    public double Z { get; init; } = WilsonInterval.Z95;

    internal void Validate()
    {
        if (Resamples < 1) throw new ArgumentOutOfRangeException(nameof(Resamples), "at least one resample");
        if (MaxGoldItems < 1) throw new ArgumentOutOfRangeException(nameof(MaxGoldItems), "at least one gold item");
        if (MaxK is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(MaxK), "MaxK must be in 1..1000");
        if (!(TargetAccuracy > 0 && TargetAccuracy <= 1)) throw new ArgumentOutOfRangeException(nameof(TargetAccuracy), "the target is in (0, 1]");
        if (MinItemsForRecommendation < 1) throw new ArgumentOutOfRangeException(nameof(MinItemsForRecommendation));
        if (CostPerAnswer is { } c && !(double.IsFinite(c) && c >= 0)) throw new ArgumentOutOfRangeException(nameof(CostPerAnswer));
    }
}

/// <summary>An estimated consensus accuracy: the mean over gold items and its 95% Wilson interval over those items.</summary>
public readonly record struct EstimatedAccuracy(double Mean, double Lower, double Upper);

/// <summary>One point of the curve: k annotators per item.</summary>
/// <param name="Items">Gold items with at least k answers (the ones the point is estimated on).</param>
/// <param name="DawidSkene">Null when no model was given.</param>
/// <param name="CostPerItem">k × the mean cost per answer; null when the cost is unknown.</param>
public sealed record RedundancyPoint(int K, int Items, EstimatedAccuracy MajorityVote, EstimatedAccuracy? DawidSkene, double? CostPerItem);

/// <summary>The smallest k whose estimate reaches the target (<see cref="K"/>) and whose lower bound does (<see cref="ConservativeK"/>).</summary>
public sealed record RecommendedK(int? K, int? ConservativeK, string? Reason);

/// <summary>The redundancy curve of one field.</summary>
public sealed record RedundancyResult(
    double TargetAccuracy,
    IReadOnlyList<RedundancyPoint> Points,
    RecommendedK MajorityVote,
    RecommendedK? DawidSkene,
    int GoldItems,
    int GoldItemsUsed,
    int Resamples,
    string? DawidSkeneReason,
    string? CostReason,
    string? Reason);

/// <summary>
/// Expected consensus accuracy with k = 1…K annotators per item, estimated from the project's own gold items: for
/// each gold item with at least k answers, k of its answers are drawn without replacement, their consensus is
/// scored against gold, and the item's share of correct draws is averaged over items.
/// Majority vote (random tie-break) is averaged over all k-subsets exactly, which is what unlimited resampling
/// converges to; Dawid–Skene combines the k answers with the annotators' fitted confusion matrices and class priors
/// (argmax of prior·Π π[t][answer]) over <see cref="RedundancyOptions.Resamples"/> seeded random subsets, or all
/// subsets when there are no more. The interval is Wilson's over the n items: each item's share is a success
/// probability in [0, 1], so their mean has at most the binomial variance p(1−p)/n, and the interval is conservative.
/// </summary>
public static class RedundancyCurve
{
    /// <param name="gold">Gold label code per item, −1 where unknown.</param>
    /// <param name="model">
    /// A Dawid–Skene fit of <paramref name="set"/> made WITHOUT gold (so the scored gold labels did not shape the
    /// confusion matrices); null leaves the Dawid–Skene column out.
    /// </param>
    public static RedundancyResult Compute(RatingSet set, int[] gold, DawidSkeneResult? model, RedundancyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(gold);
        options ??= new RedundancyOptions();
        options.Validate();
        GoldLabels.Validate(set, gold);
        if (model is not null && (model.ItemCount != set.ItemCount || model.RaterCount != set.RaterCount || model.LabelCount != set.LabelCount))
            throw new ArgumentException("the model is not a fit of this rating set", nameof(model));

        var index = AnswerIndex.Build(set);
        var goldItems = Enumerable.Range(0, set.ItemCount).Where(i => gold[i] >= 0 && index.AnswerCount(i) > 0).ToArray();
        var used = Choose(goldItems, options.MaxGoldItems, options.Seed);
        var dsReason = model is null ? "no Dawid–Skene model was given" : null;
        if (used.Length == 0)
            return new RedundancyResult(options.TargetAccuracy, [], new RecommendedK(null, null, "the field has no gold item with answers"),
                null, 0, 0, options.Resamples, dsReason, options.CostReason, "the field has no gold item with answers");

        var maxAnswers = used.Max(index.AnswerCount);
        var maxK = Math.Min(maxAnswers, options.MaxK);
        var binomial = new BinomialTable(maxAnswers, maxK);
        var mvSum = new double[maxK + 1];
        var dsSum = new double[maxK + 1];
        var itemsAtK = new int[maxK + 1];
        var scorer = model is null ? null : new ModelScorer(model, set.LabelCount);

        var wins = new double[maxK + 1];
        var majority = new SubsetMajority(maxK, set.LabelCount);
        var counts = new int[set.LabelCount];
        var others = new int[set.LabelCount - 1 < 0 ? 0 : set.LabelCount - 1];
        foreach (var item in used)
        {
            int from = index.Start[item], n = index.AnswerCount(item), g = gold[item];
            Array.Clear(counts);
            for (var a = from; a < from + n; a++) counts[index.Labels[a]]++;
            var o = 0;
            for (var l = 0; l < counts.Length; l++) if (l != g) others[o++] = counts[l];
            Array.Clear(wins);
            majority.AddWins(counts[g], others.AsSpan(0, o), binomial, wins);
            for (var k = 1; k <= Math.Min(n, maxK); k++)
            {
                itemsAtK[k]++;
                mvSum[k] += wins[k] / binomial[n, k];
                if (scorer is not null) dsSum[k] += scorer.SubsetAccuracy(index, item, g, k, binomial[n, k], options, binomial);
            }
        }

        var points = new List<RedundancyPoint>(maxK);
        for (var k = 1; k <= maxK; k++)
        {
            var n = itemsAtK[k];
            points.Add(new RedundancyPoint(k, n, Estimate(mvSum[k], n, options.Z),
                scorer is null ? null : Estimate(dsSum[k], n, options.Z),
                options.CostPerAnswer is { } c ? k * c : null));
        }
        var reason = maxAnswers > options.MaxK
            ? string.Create(CultureInfo.InvariantCulture, $"the curve stops at k = {options.MaxK}; gold items have up to {maxAnswers} answers")
            : null;
        return new RedundancyResult(options.TargetAccuracy, points,
            Recommend(points, p => p.MajorityVote, options),
            scorer is null ? null : Recommend(points, p => p.DawidSkene!.Value, options),
            goldItems.Length, used.Length, options.Resamples, dsReason, options.CostReason, reason);
    }

    private static EstimatedAccuracy Estimate(double sum, int items, double z)
    {
        // Clamp rounding of a sum of shares in [0, 1] so the mean stays a proportion.
        var mean = Math.Clamp(sum / items, 0, 1);
        var (lower, upper) = WilsonInterval.Bounds(mean, items, z);
        return new EstimatedAccuracy(mean, lower, upper);
    }

    private static RecommendedK Recommend(IReadOnlyList<RedundancyPoint> points, Func<RedundancyPoint, EstimatedAccuracy> pick, RedundancyOptions options)
    {
        var eligible = points.Where(p => p.Items >= options.MinItemsForRecommendation).ToList();
        int? k = eligible.FirstOrDefault(p => pick(p).Mean >= options.TargetAccuracy)?.K;
        int? conservative = eligible.FirstOrDefault(p => pick(p).Lower >= options.TargetAccuracy)?.K;
        string? reason = null;
        if (k is null)
        {
            if (eligible.Count == 0)
                reason = string.Create(CultureInfo.InvariantCulture, $"no k has {options.MinItemsForRecommendation} or more gold items to estimate it on");
            else
            {
                var best = eligible.MaxBy(p => pick(p).Mean)!;
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"no k up to {eligible[^1].K} reaches {options.TargetAccuracy}; the best is {pick(best).Mean:0.000} at k = {best.K}");
            }
        }
        else if (conservative is null)
            reason = string.Create(CultureInfo.InvariantCulture, $"no k's lower 95% bound reaches {options.TargetAccuracy}");
        return new RecommendedK(k, conservative, reason);
    }

    /// <summary>A seeded random choice of at most <paramref name="max"/> items, in ascending order.</summary>
    private static int[] Choose(int[] items, int max, ulong seed)
    {
        if (items.Length <= max) return items;
        var copy = (int[])items.Clone();
        var rng = new SeededRandom(seed);
        for (var j = 0; j < max; j++)
        {
            var swap = j + NextInt(rng, copy.Length - j);
            (copy[j], copy[swap]) = (copy[swap], copy[j]);
        }
        var chosen = copy[..max];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Uniform in [0, bound): Lemire's multiply-shift; the bias, below bound / 2³², is immaterial here.</summary>
    internal static int NextInt(SeededRandom rng, int bound) => (int)(((rng.NextUInt64() >> 32) * (ulong)bound) >> 32);

    /// <summary>The Dawid–Skene decision for a subset of an item's answers, from the fitted model's log tables.</summary>
    private sealed class ModelScorer
    {
        private readonly int _labels;
        private readonly double[] _logPrior;      // −∞ for a class outside the model
        private readonly double[] _logConfusion;  // (rater · labels + answered) · labels + class
        private readonly double[] _score;
        private int[] _positions = [];
        private readonly int[] _combination = new int[1001];

        public ModelScorer(DawidSkeneResult model, int labels)
        {
            _labels = labels;
            _logPrior = new double[labels];
            for (var t = 0; t < labels; t++)
                _logPrior[t] = model.Priors[t] > 0 && model.IsModelled(t) ? Math.Log(model.Priors[t]) : double.NegativeInfinity;
            _logConfusion = new double[model.RaterCount * labels * labels];
            Array.Fill(_logConfusion, double.NegativeInfinity);
            for (var r = 0; r < model.RaterCount; r++)
                for (var t = 0; t < labels; t++)
                {
                    if (double.IsNegativeInfinity(_logPrior[t]) || model.ConfusionRow(r, t) is not { } row) continue;
                    for (var l = 0; l < labels; l++)
                        _logConfusion[(r * labels + l) * labels + t] = row[l] > 0 ? Math.Log(row[l]) : double.NegativeInfinity;
                }
            _score = new double[labels];
        }

        /// <summary>The share of k-subsets of the item's answers whose decision is gold (ties split evenly).</summary>
        public double SubsetAccuracy(AnswerIndex index, int item, int gold, int k, double subsets, RedundancyOptions options, BinomialTable binomial)
        {
            int from = index.Start[item], n = index.AnswerCount(item);
            if (_positions.Length < n) _positions = new int[Math.Max(n, 2 * _positions.Length)];
            var positions = _positions.AsSpan(0, n);
            for (var j = 0; j < n; j++) positions[j] = from + j;

            if (subsets <= options.Resamples)
            {
                // Few enough to score every subset: exact, no sampling error.
                var c = _combination.AsSpan(0, k);
                for (var j = 0; j < k; j++) c[j] = j;
                double total = 0;
                long count = 0;
                while (true)
                {
                    total += Decide(index, positions, c, gold);
                    count++;
                    var p = k - 1;
                    while (p >= 0 && c[p] == n - k + p) p--;
                    if (p < 0) break;
                    c[p]++;
                    for (var q = p + 1; q < k; q++) c[q] = c[q - 1] + 1;
                }
                return total / count;
            }

            var rng = new SeededRandom(Mix(options.Seed, item, k));
            var chosen = _combination.AsSpan(0, k);
            double sum = 0;
            for (var b = 0; b < options.Resamples; b++)
            {
                // A partial Fisher–Yates shuffle: the first k positions are a uniform k-subset, whatever order they were in.
                for (var j = 0; j < k; j++)
                {
                    var swap = j + NextInt(rng, n - j);
                    (positions[j], positions[swap]) = (positions[swap], positions[j]);
                    chosen[j] = j;
                }
                sum += Decide(index, positions, chosen, gold);
            }
            return sum / options.Resamples;
        }

        /// <summary>1 when the decision is gold, 1/t when gold is one of t tied classes, else 0.</summary>
        private double Decide(AnswerIndex index, Span<int> positions, ReadOnlySpan<int> chosen, int gold)
        {
            var score = _score;
            Array.Copy(_logPrior, score, _labels);
            foreach (var j in chosen)
            {
                var a = positions[j];
                var row = (index.Raters[a] * _labels + index.Labels[a]) * _labels;
                for (var t = 0; t < _labels; t++) score[t] += _logConfusion[row + t];
            }
            var best = double.NegativeInfinity;
            for (var t = 0; t < _labels; t++) if (score[t] > best) best = score[t];
            if (double.IsNegativeInfinity(best)) return 0;
            if (score[gold] != best) return 0;
            var ties = 0;
            for (var t = 0; t < _labels; t++) if (score[t] == best) ties++;
            return 1.0 / ties;
        }

        private static ulong Mix(ulong seed, int item, int k)
        {
            var z = seed ^ ((ulong)(uint)item << 20) ^ (ulong)(uint)k;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
