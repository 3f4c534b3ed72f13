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
        var start = new int[1024];
        var cells = new int[4096];
        var clamp = new int[1024];
        var weight = new double[1024];
        var hashes = new int[1024];
        var count = 0;
        var slots = new int[2048];          // pattern id + 1, 0 = empty; open addressing, load ≤ ½
        var key = new int[16];

        for (var i = 0; i < itemCount; i++)
        {
            int from = itemStart[i], n = itemStart[i + 1] - from;
            if (n == 0) { patternOfItem[i] = -1; continue; }
            if (key.Length < n) key = new int[Math.Max(n, key.Length * 2)];
            // Insertion sort: items have a handful of answers.
            for (var j = 0; j < n; j++)
            {
                var c = answerCell[from + j];
                var k = j - 1;
                while (k >= 0 && key[k] > c) { key[k + 1] = key[k]; k--; }
                key[k + 1] = c;
            }
            var sortedKey = key.AsSpan(0, n);
            var itemClamp = clampOfItem[i];
            var hash = Hash(sortedKey, itemClamp);

            var mask = slots.Length - 1;
            var slot = hash & mask;
            var found = -1;
            while (slots[slot] != 0)
            {
                var p = slots[slot] - 1;
                if (hashes[p] == hash && clamp[p] == itemClamp && cells.AsSpan(start[p], start[p + 1] - start[p]).SequenceEqual(sortedKey))
                {
                    found = p;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (found < 0)
            {
                found = count++;
                if (count + 1 > start.Length)
                {
                    Array.Resize(ref start, start.Length * 2);
                    Array.Resize(ref clamp, start.Length);
                    Array.Resize(ref weight, start.Length);
                    Array.Resize(ref hashes, start.Length);
                }
                var end = start[found];
                if (end + n > cells.Length) Array.Resize(ref cells, Math.Max(end + n, cells.Length * 2));
                sortedKey.CopyTo(cells.AsSpan(end));
                start[found + 1] = end + n;
                clamp[found] = itemClamp;
                hashes[found] = hash;
                slots[slot] = found + 1;
                if (count * 2 > slots.Length) slots = Rehash(hashes, count, slots.Length * 2);
            }
            weight[found]++;
            patternOfItem[i] = found;
        }
        return new AnswerPatterns(start[..(count + 1)], cells[..start[count]], clamp[..count], weight[..count], patternOfItem);
    }

    private static int[] Rehash(int[] hashes, int count, int size)
    {
        var slots = new int[size];
        var mask = size - 1;
        for (var p = 0; p < count; p++)
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
