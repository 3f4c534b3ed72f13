using System.Runtime.CompilerServices;

namespace Quality.Analytics.Agreement;

/// <summary>
/// The q×q contingency table of every annotator pair that shares an item, built in one pass over items.
/// If an annotator answered an item more than once, each of the pair's answer combinations on that item gets
/// weight 1 / (answers of a × answers of b), so every shared item weighs 1 whatever the repeats.
/// </summary>
internal sealed class PairTables
{
    private const int DenseRaterLimit = 2048;

    private readonly int _q;
    private readonly int[]? _denseSlot;
    private readonly Dictionary<long, int>? _sparseSlot;
    private readonly int _raterCount;
    private double[] _cells;
    private int[] _a, _b, _items;

    private PairTables(int raterCount, int q)
    {
        _q = q;
        _raterCount = raterCount;
        if (raterCount <= DenseRaterLimit)
        {
            _denseSlot = new int[raterCount * raterCount];
            Array.Fill(_denseSlot, -1);
        }
        else _sparseSlot = new Dictionary<long, int>();
        _cells = new double[16 * q * q];
        _a = new int[16];
        _b = new int[16];
        _items = new int[16];
        SharedItemsOfRater = new int[raterCount];
    }

    public int PairCount { get; private set; }
    public int A(int slot) => _a[slot];
    public int B(int slot) => _b[slot];
    public int Items(int slot) => _items[slot];
    public ReadOnlySpan<double> Table(int slot) => _cells.AsSpan(slot * _q * _q, _q * _q);

    /// <summary>Items each annotator labelled together with at least one other annotator.</summary>
    public int[] SharedItemsOfRater { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PairTables Build(RatingIndex index)
    {
        var q = index.LabelCount;
        var tables = new PairTables(index.RaterCount, q);
        var raters = new int[16];
        var labels = new int[16];
        var groupStart = new int[17];
        for (var i = 0; i < index.ItemCount; i++)
        {
            int s = index.AnswerStart[i], m = index.AnswerStart[i + 1] - s;
            if (m < 2) continue;
            if (tables.AddDistinctRaters(index, s, m)) continue;
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
                    var slot = tables.Slot(raters[groupStart[g]], raters[groupStart[h]]);
                    tables._items[slot]++;
                    var offset = slot * q * q;
                    int gs = groupStart[g], ge = groupStart[g + 1], hs = groupStart[h], he = groupStart[h + 1];
                    var weight = 1.0 / ((ge - gs) * (he - hs));
                    for (var x = gs; x < ge; x++)
                        for (var y = hs; y < he; y++)
                            tables._cells[offset + labels[x] * q + labels[y]] += weight;
                }
            }
        }
        return tables;
    }

    /// <summary>The common case, every answer of the item from a different annotator: no sorting, weight 1. False if a rater repeats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddDistinctRaters(RatingIndex index, int s, int m)
    {
        var rater = index.AnswerRater;
        for (var x = s + 1; x < s + m; x++)
            for (var y = s; y < x; y++)
                if (rater[x] == rater[y]) return false;
        var label = index.AnswerLabel;
        var qq = _q * _q;
        for (var x = s; x < s + m; x++)
        {
            SharedItemsOfRater[rater[x]]++;
            for (var y = x + 1; y < s + m; y++)
            {
                int a = rater[x], b = rater[y], la = label[x], lb = label[y];
                if (a > b)
                {
                    (a, b) = (b, a);
                    (la, lb) = (lb, la);
                }
                var slot = Slot(a, b);
                _items[slot]++;
                _cells[slot * qq + la * _q + lb] += 1;
            }
        }
        return true;
    }

    private int Slot(int a, int b)
    {
        if (_denseSlot is not null)
        {
            ref var dense = ref _denseSlot[a * _raterCount + b];
            if (dense < 0) dense = NewSlot(a, b);
            return dense;
        }
        var key = (long)a * _raterCount + b;
        if (!_sparseSlot!.TryGetValue(key, out var slot))
        {
            slot = NewSlot(a, b);
            _sparseSlot[key] = slot;
        }
        return slot;
    }

    private int NewSlot(int a, int b)
    {
        if (PairCount == _a.Length)
        {
            Array.Resize(ref _a, PairCount * 2);
            Array.Resize(ref _b, PairCount * 2);
            Array.Resize(ref _items, PairCount * 2);
            Array.Resize(ref _cells, PairCount * 2 * _q * _q);
        }
        _a[PairCount] = a;
        _b[PairCount] = b;
        return PairCount++;
    }
}
