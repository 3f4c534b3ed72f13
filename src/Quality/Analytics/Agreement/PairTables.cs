using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// The q×q contingency table of every annotator pair that shares an item, built in one pass over items.
/// If an annotator answered an item more than once, each of the pair's answer combinations on that item gets
/// weight 1 / (answers of a × answers of b), so every shared item weighs 1 whatever the repeats.
/// Pairs are listed with a &lt; b (annotator codes), rows = a's label, in first-met order.
/// </summary>
internal sealed class PairTables
{
    // Up to this many cells (R² q²) every ordered pair gets its own table up front: no lookups while counting.
    private const int DenseCellLimit = 1 << 21;

    private readonly int _q, _qq, _raterCount;
    private readonly double[]? _dense;          // [(a·R + b)·q² + la·q + lb], either orientation
    private readonly int[]? _denseItems;        // [a·R + b]
    private readonly Dictionary<long, int>? _slotOf;
    private double[] _cells;
    private int[] _a, _b, _items;

    private PairTables(int raterCount, int q, bool dense)
    {
        _q = q;
        _qq = q * q;
        _raterCount = raterCount;
        if (dense)
        {
            _dense = new double[raterCount * raterCount * _qq];
            _denseItems = new int[raterCount * raterCount];
        }
        else _slotOf = new Dictionary<long, int>();
        _cells = new double[16 * _qq];
        _a = new int[16];
        _b = new int[16];
        _items = new int[16];
        SharedItemsOfRater = new int[raterCount];
    }

    public int PairCount { get; private set; }
    public int A(int slot) => _a[slot];
    public int B(int slot) => _b[slot];
    public int Items(int slot) => _items[slot];
    public ReadOnlySpan<double> Table(int slot) => _cells.AsSpan(slot * _qq, _qq);

    /// <summary>Items each annotator labelled together with at least one other annotator.</summary>
    public int[] SharedItemsOfRater { get; }

    public static PairTables Build(RatingIndex index) =>
        Build(index, dense: (long)index.RaterCount * index.RaterCount * index.LabelCount * index.LabelCount <= DenseCellLimit);

    /// <summary><paramref name="dense"/> chooses the layout (tests compare both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static PairTables Build(RatingIndex index, bool dense)
    {
        var tables = new PairTables(index.RaterCount, index.LabelCount, dense);
        var raters = new int[16];
        var labels = new int[16];
        var groupStart = new int[17];
        for (var i = 0; i < index.ItemCount; i++)
        {
            int s = index.AnswerStart[i], m = index.AnswerStart[i + 1] - s;
            if (m < 2 || tables.AddDistinctRaters(index, s, m)) continue;
            if (raters.Length < m)
            {
                raters = new int[m * 2];
                labels = new int[m * 2];
                groupStart = new int[m * 2 + 1];
            }
            // An annotator answered twice: sort the item's answers by rater and weigh each combination.
            for (var x = 0; x < m; x++)
            {
                int r = index.AnswerRater[s + x], l = index.AnswerLabel[s + x], y = x;
                while (y > 0 && raters[y - 1] > r)
                {
                    raters[y] = raters[y - 1];
                    labels[y] = labels[y - 1];
                    y--;
                }
                raters[y] = r;
                labels[y] = l;
            }
            var groups = 0;
            for (var x = 0; x < m; x++)
                if (x == 0 || raters[x] != raters[x - 1]) groupStart[groups++] = x;
            groupStart[groups] = m;
            if (groups < 2) continue;

            for (var g = 0; g < groups; g++)
            {
                tables.SharedItemsOfRater[raters[groupStart[g]]]++;
                for (var h = g + 1; h < groups; h++)
                {
                    int gs = groupStart[g], ge = groupStart[g + 1], hs = groupStart[h], he = groupStart[h + 1];
                    var weight = 1.0 / ((ge - gs) * (he - hs));
                    for (var x = gs; x < ge; x++)
                        for (var y = hs; y < he; y++)
                            tables.Add(raters[x], raters[y], labels[x], labels[y], weight, countItem: x == gs && y == hs);
                }
            }
        }
        tables.FoldDense();
        return tables;
    }

    /// <summary>The common case, every answer of the item from a different annotator: weight 1. False if a rater repeats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddDistinctRaters(RatingIndex index, int s, int m)
    {
        var rater = index.AnswerRater;
        var e = s + m;
        for (var x = s + 1; x < e; x++)
            for (var y = s; y < x; y++)
                if (rater[x] == rater[y]) return false;
        var label = index.AnswerLabel;
        for (var x = s; x < e; x++)
        {
            SharedItemsOfRater[rater[x]]++;
            if (_dense is not null)
            {
                // Either orientation goes to its own table; FoldDense adds them up.
                int row = rater[x] * _raterCount, la = label[x] * _q;
                for (var y = x + 1; y < e; y++)
                {
                    var pair = row + rater[y];
                    _denseItems![pair]++;
                    _dense[pair * _qq + la + label[y]] += 1;
                }
            }
            else
                for (var y = x + 1; y < e; y++) Add(rater[x], rater[y], label[x], label[y], 1, countItem: true);
        }
        return true;
    }

    private void Add(int a, int b, int la, int lb, double weight, bool countItem)
    {
        if (_dense is not null)
        {
            var pair = a * _raterCount + b;
            if (countItem) _denseItems![pair]++;
            _dense[pair * _qq + la * _q + lb] += weight;
            return;
        }
        if (a > b)
        {
            (a, b) = (b, a);
            (la, lb) = (lb, la);
        }
        var key = (long)a * _raterCount + b;
        if (!_slotOf!.TryGetValue(key, out var slot))
        {
            slot = NewSlot(a, b);
            _slotOf[key] = slot;
        }
        if (countItem) _items[slot]++;
        _cells[slot * _qq + la * _q + lb] += weight;
    }

    /// <summary>Turns the dense ordered-pair tables into one table per unordered pair (a &lt; b) that shares an item.</summary>
    private void FoldDense()
    {
        if (_dense is null) return;
        var r = _raterCount;
        for (var a = 0; a < r; a++)
            for (var b = a + 1; b < r; b++)
            {
                int ab = a * r + b, ba = b * r + a;
                var shared = _denseItems![ab] + _denseItems[ba];
                if (shared == 0) continue;
                var slot = NewSlot(a, b);
                _items[slot] = shared;
                for (var la = 0; la < _q; la++)
                    for (var lb = 0; lb < _q; lb++)
                        _cells[slot * _qq + la * _q + lb] = _dense[ab * _qq + la * _q + lb] + _dense[ba * _qq + lb * _q + la];
            }
    }

    private int NewSlot(int a, int b)
    {
        if (PairCount == _a.Length)
        {
            Array.Resize(ref _a, PairCount * 2);
            Array.Resize(ref _b, PairCount * 2);
            Array.Resize(ref _items, PairCount * 2);
            Array.Resize(ref _cells, PairCount * 2 * _qq);
        }
        _a[PairCount] = a;
        _b[PairCount] = b;
        return PairCount++;
    }
}
