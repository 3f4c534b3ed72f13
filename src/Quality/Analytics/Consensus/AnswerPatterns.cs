using System.Runtime.CompilerServices;

namespace Quality.Analytics.Consensus;

/// <summary>
/// Items folded into answer patterns: two items whose answers are the same multiset of (rater, label) cells, and
/// whose gold clamp is the same, have the same Dawid–Skene posterior in every iteration, so EM runs once per pattern
/// weighted by how many items share it. With few raters (a million items from five annotators have at most 6⁵
/// patterns) this removes almost all of the work; with many raters it degrades to one pattern per item.
/// </summary>
internal sealed class AnswerPatterns
{
    private AnswerPatterns(int[] start, int[] cells, int[] clamp, double[] weight, int[] patternOfItem)
    {
        Start = start;
        Cells = cells;
        Clamp = clamp;
        Weight = weight;
        PatternOfItem = patternOfItem;
    }

    /// <summary>Offsets into <see cref="Cells"/>, length Count + 1.</summary>
    public int[] Start { get; }
    /// <summary>Each pattern's cells, ascending.</summary>
    public int[] Cells { get; }
    /// <summary>The class the pattern's items are clamped to, or −1.</summary>
    public int[] Clamp { get; }
    /// <summary>Number of items with the pattern.</summary>
    public double[] Weight { get; }
    /// <summary>Pattern of each item, −1 for an item without answers.</summary>
    public int[] PatternOfItem { get; }
    public int Count => Weight.Length;

    /// <param name="itemStart">Answer offsets per item (length items + 1).</param>
    /// <param name="answerCell">Cell id of each answer, grouped by item.</param>
    /// <param name="clampOfItem">Clamped class per item, or −1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AnswerPatterns Build(int[] itemStart, int[] answerCell, int[] clampOfItem)
    {
        var itemCount = itemStart.Length - 1;
        var patternOfItem = new int[itemCount];
        var start = new List<int> { 0 };
        var cells = new List<int>();
        var clamp = new List<int>();
        var weight = new List<double>();
        var hashes = new List<int>();
        var slots = new int[1024];          // pattern id + 1, 0 = empty; open addressing
        var buffer = new int[16];

        for (var i = 0; i < itemCount; i++)
        {
            int from = itemStart[i], n = itemStart[i + 1] - from;
            if (n == 0) { patternOfItem[i] = -1; continue; }
            if (buffer.Length < n) buffer = new int[Math.Max(n, buffer.Length * 2)];
            answerCell.AsSpan(from, n).CopyTo(buffer);
            var key = buffer.AsSpan(0, n);
            key.Sort();
            var hash = Hash(key, clampOfItem[i]);

            var mask = slots.Length - 1;
            var slot = hash & mask;
            int found = -1;
            while (slots[slot] != 0)
            {
                var p = slots[slot] - 1;
                if (hashes[p] == hash && clamp[p] == clampOfItem[i] && Same(cells, start[p], start[p + 1], key)) { found = p; break; }
                slot = (slot + 1) & mask;
            }
            if (found < 0)
            {
                found = weight.Count;
                foreach (var c in key) cells.Add(c);
                start.Add(cells.Count);
                clamp.Add(clampOfItem[i]);
                weight.Add(0);
                hashes.Add(hash);
                slots[slot] = found + 1;
                if (weight.Count * 2 > slots.Length) slots = Rehash(hashes, slots.Length * 2);
            }
            weight[found]++;
            patternOfItem[i] = found;
        }
        return new AnswerPatterns(start.ToArray(), cells.ToArray(), clamp.ToArray(), weight.ToArray(), patternOfItem);
    }

    private static bool Same(List<int> cells, int from, int to, ReadOnlySpan<int> key)
    {
        if (to - from != key.Length) return false;
        for (var j = 0; j < key.Length; j++)
            if (cells[from + j] != key[j]) return false;
        return true;
    }

    private static int[] Rehash(List<int> hashes, int size)
    {
        var slots = new int[size];
        var mask = size - 1;
        for (var p = 0; p < hashes.Count; p++)
        {
            var slot = hashes[p] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = p + 1;
        }
        return slots;
    }

    private static int Hash(ReadOnlySpan<int> key, int clamp)
    {
        var h = (uint)clamp * 0x9E3779B1u + (uint)key.Length;
        foreach (var c in key) h = (h ^ (uint)c) * 0x85EBCA77u + 0x27D4EB2Fu;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return (int)(h & 0x7FFFFFFF);
    }
}
