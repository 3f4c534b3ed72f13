using Quality.Analytics.Intervals;

namespace Quality.Analytics.Geometry;

/// <summary>
/// One-to-one matching of two annotators' objects on an item, and its totals over items and annotator pairs.
/// Annotator A is the reference: a matched pair is a true positive, an unmatched A object a false negative, an
/// unmatched B object a false positive (so precision and recall swap when A and B do, and F1 is symmetric).
/// </summary>
public sealed class ObjectMatcher<T> where T : struct
{
    private readonly Func<T, T, double> _score;
    private readonly Func<double, bool> _eligible;
    private readonly bool _sameLabel;
    private readonly bool _cardinalityFirst;

    /// <param name="score">Similarity of two objects (IoU, overlap).</param>
    /// <param name="eligible">Whether a score allows the two objects to be paired at all.</param>
    /// <param name="sameLabel">Only objects with the same label may be paired.</param>
    /// <param name="cardinalityFirst">
    /// Maximise the number of pairs first and the total score only among matchings with that many pairs; otherwise
    /// maximise the total score (which can pair fewer objects).
    /// </param>
    public ObjectMatcher(Func<T, T, double> score, Func<double, bool> eligible, bool sameLabel, bool cardinalityFirst)
    {
        _score = score;
        _eligible = eligible;
        _sameLabel = sameLabel;
        _cardinalityFirst = cardinalityFirst;
    }

    /// <summary>The optimal pairs between the objects <paramref name="a"/> (labels <paramref name="labelsA"/>) and <paramref name="b"/>.</summary>
    public List<MatchedPair> Match(ReadOnlySpan<T> a, ReadOnlySpan<int> labelsA, ReadOnlySpan<T> b, ReadOnlySpan<int> labelsB)
    {
        int n = a.Length, m = b.Length;
        var pairs = new List<MatchedPair>();
        if (n == 0 || m == 0) return pairs;

        // Eligible edges, then connected components: each component is solved on its own, which keeps the cubic
        // assignment small when objects form separate clusters (the usual case).
        var edges = new List<(int I, int J, double Score)>();
        var parent = new int[n + m];
        for (var x = 0; x < parent.Length; x++) parent[x] = x;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
            {
                if (_sameLabel && labelsA[i] != labelsB[j]) continue;
                var s = _score(a[i], b[j]);
                if (!_eligible(s)) continue;
                edges.Add((i, j, s));
                Union(parent, i, n + j);
            }
        if (edges.Count == 0) return pairs;

        foreach (var component in edges.GroupBy(e => Find(parent, e.I)))
        {
            var rows = component.Select(e => e.I).Distinct().Order().ToArray();
            var cols = component.Select(e => e.J).Distinct().Order().ToArray();
            var rowIndex = rows.Select((r, k) => (r, k)).ToDictionary(p => p.r, p => p.k);
            var colIndex = cols.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k);
            // With scores in (0, 1], a pair weighted bonus + score outweighs any number of extra score below the
            // bonus, so the assignment first maximises the count of pairs (needs bonus > min(rows, cols)).
            var bonus = _cardinalityFirst ? Math.Min(rows.Length, cols.Length) + 1.0 : 0.0;
            var weights = new double[rows.Length * cols.Length];
            var scores = new double[weights.Length];
            foreach (var (i, j, s) in component)
            {
                var cell = rowIndex[i] * cols.Length + colIndex[j];
                scores[cell] = s;
                weights[cell] = bonus + s;
            }
            var assigned = OptimalAssignment.Maximize(weights, rows.Length, cols.Length);
            for (var r = 0; r < rows.Length; r++)
                if (assigned[r] >= 0)
                    pairs.Add(new MatchedPair(rows[r], cols[assigned[r]], scores[r * cols.Length + assigned[r]]));
        }
        pairs.Sort((x, y) => x.A.CompareTo(y.A));
        return pairs;
    }

    /// <summary>
    /// Every pair of annotators (A before B in annotator order) over the items both annotated, with counts summed
    /// over those items (micro-average), overall and per label.
    /// </summary>
    public List<PairAgreement> Pairwise(AnnotationSet<T> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var labelCount = set.LabelNames.Count;
        var totals = new SortedDictionary<(int A, int B), PairTotals>();
        for (var first = 0; first < set.DocCount;)
        {
            var end = first;
            while (end < set.DocCount && set.DocItems[end] == set.DocItems[first]) end++;
            for (var da = first; da < end; da++)
                for (var db = da + 1; db < end; db++)
                {
                    var key = (set.DocAnnotators[da], set.DocAnnotators[db]);
                    if (!totals.TryGetValue(key, out var total)) totals[key] = total = new PairTotals(labelCount);
                    total.Add(set.DocLabels(da), set.DocLabels(db),
                        Match(set.DocObjects(da), set.DocLabels(da), set.DocObjects(db), set.DocLabels(db)));
                }
            first = end;
        }
        return totals.Select(t => t.Value.ToResult(set, t.Key.A, t.Key.B, _sameLabel)).ToList();
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }

    private static void Union(int[] parent, int x, int y) => parent[Find(parent, x)] = Find(parent, y);

    private sealed class PairTotals(int labelCount)
    {
        private readonly long[] _tp = new long[labelCount], _fp = new long[labelCount], _fn = new long[labelCount];
        private readonly double[] _score = new double[labelCount];
        private long _allTp, _allFp, _allFn, _mismatches;
        private double _allScore;
        private int _items;

        public void Add(ReadOnlySpan<int> labelsA, ReadOnlySpan<int> labelsB, List<MatchedPair> pairs)
        {
            _items++;
            _allTp += pairs.Count;
            _allFn += labelsA.Length - pairs.Count;
            _allFp += labelsB.Length - pairs.Count;
            foreach (var l in labelsA) _fn[l]++;
            foreach (var l in labelsB) _fp[l]++;
            foreach (var pair in pairs)
            {
                _allScore += pair.Score;
                int la = labelsA[pair.A], lb = labelsB[pair.B];
                if (la != lb) { _mismatches++; continue; }
                _tp[la]++;
                _fn[la]--;
                _fp[la]--;
                _score[la] += pair.Score;
            }
        }

        public PairAgreement ToResult(AnnotationSet<T> set, int a, int b, bool perLabel)
        {
            var labels = new List<LabelMatchCounts>();
            if (perLabel)
                for (var l = 0; l < _tp.Length; l++)
                    if (_tp[l] + _fp[l] + _fn[l] > 0)
                        labels.Add(new LabelMatchCounts(l, set.LabelNames[l], new MatchCounts(_tp[l], _fp[l], _fn[l], _score[l])));
            return new PairAgreement(a, b, set.AnnotatorNames[a], set.AnnotatorNames[b], _items,
                new MatchCounts(_allTp, _allFp, _allFn, _allScore), labels, _mismatches);
        }
    }
}

/// <summary>Object <see cref="A"/> of the reference paired with object <see cref="B"/> of the other annotator.</summary>
public readonly record struct MatchedPair(int A, int B, double Score);

/// <summary>True positives (matched pairs), false positives (unmatched B objects), false negatives (unmatched A objects).</summary>
public sealed record MatchCounts(long TruePositives, long FalsePositives, long FalseNegatives, double MatchedScoreSum)
{
    /// <summary>TP / (TP + FP): the share of B's objects that A also marked.</summary>
    public Proportion Precision => new(TruePositives, TruePositives + FalsePositives, "the compared annotator marked nothing");
    /// <summary>TP / (TP + FN): the share of A's objects that B also marked.</summary>
    public Proportion Recall => new(TruePositives, TruePositives + FalseNegatives, "the reference annotator marked nothing");
    /// <summary>2TP / (2TP + FP + FN), the harmonic mean of precision and recall; symmetric in A and B.</summary>
    public Proportion F1 => new(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives, "neither annotator marked anything");
    /// <summary>Mean score (IoU) of the matched pairs; null when nothing matched.</summary>
    public double? MeanMatchedScore => TruePositives > 0 ? MatchedScoreSum / TruePositives : null;
}

/// <summary>Counts for one label.</summary>
public sealed record LabelMatchCounts(int Label, string LabelName, MatchCounts Counts);

/// <summary>
/// Agreement of annotator B with reference annotator A over the items both annotated. <see cref="PerLabel"/> is
/// empty in label-agnostic matching, where <see cref="LabelMismatches"/> counts pairs whose labels differ.
/// </summary>
public sealed record PairAgreement(int AnnotatorA, int AnnotatorB, string NameA, string NameB, int ItemsCompared,
    MatchCounts Total, IReadOnlyList<LabelMatchCounts> PerLabel, long LabelMismatches);
