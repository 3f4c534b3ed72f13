namespace Quality.Analytics.Geometry;

/// <summary>
/// A binary mask in COCO's uncompressed run-length encoding: <c>{"size": [height, width], "counts": [...]}</c>.
/// Runs alternate background, foreground, background, …, always starting with background (possibly a 0-length run),
/// over the pixels in column-major order (down the first column, then the next), as pycocotools stores them.
/// </summary>
public readonly record struct RleMask(int Height, int Width, int[] Counts)
{
    /// <summary>Why the mask cannot be used (negative runs, runs not covering height × width pixels), or null.</summary>
    public static string? Problem(RleMask mask)
    {
        if (mask.Height < 0 || mask.Width < 0) return "mask size must not be negative";
        if (mask.Counts is null) return "mask has no counts";
        long total = 0;
        foreach (var c in mask.Counts)
        {
            if (c < 0) return "mask has a negative run length";
            total += c;
        }
        return total == (long)mask.Height * mask.Width
            ? null
            : $"mask runs cover {total} pixels but its size is {mask.Height} × {mask.Width} = {(long)mask.Height * mask.Width}";
    }

    /// <summary>Foreground pixels.</summary>
    public long Area
    {
        get
        {
            long area = 0;
            for (var k = 1; k < Counts.Length; k += 2) area += Counts[k];
            return area;
        }
    }

    /// <summary>The pixels, column-major (index x·Height + y), true for foreground.</summary>
    public bool[] Decode()
    {
        var pixels = new bool[checked(Height * Width)];
        var position = 0;
        for (var k = 0; k < Counts.Length; k++)
        {
            if (k % 2 == 1) pixels.AsSpan(position, Counts[k]).Fill(true);
            position += Counts[k];
        }
        return pixels;
    }

    /// <summary>Pixel-exact bounding box of the foreground (x, y, width, height in whole pixels); null when empty.</summary>
    public Box? BoundingBox()
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        long position = 0;
        for (var k = 0; k < Counts.Length; k++)
        {
            if (k % 2 == 1 && Counts[k] > 0)
            {
                long first = position, last = position + Counts[k] - 1;
                int x0 = (int)(first / Height), x1 = (int)(last / Height);
                minX = Math.Min(minX, x0);
                maxX = Math.Max(maxX, x1);
                // A run that wraps into a later column reaches the bottom row of one column and the top of the next.
                if (x1 > x0)
                {
                    minY = 0;
                    maxY = Height - 1;
                }
                else
                {
                    minY = Math.Min(minY, (int)(first % Height));
                    maxY = Math.Max(maxY, (int)(last % Height));
                }
            }
            position += Counts[k];
        }
        return maxX < 0 ? null : new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /// <summary>Foreground pixels in both masks, by walking the two run lists together (no decoding).</summary>
    public static long IntersectionArea(RleMask a, RleMask b)
    {
        if (a.Height != b.Height || a.Width != b.Width)
            throw new ArgumentException($"masks of different sizes ({a.Height}×{a.Width} and {b.Height}×{b.Width}) cannot be compared");
        long intersection = 0, endA = 0, endB = 0, position = 0;
        int ka = -1, kb = -1;
        var total = (long)a.Height * a.Width;
        while (position < total)
        {
            while (endA <= position && ka + 1 < a.Counts.Length) endA += a.Counts[++ka];
            while (endB <= position && kb + 1 < b.Counts.Length) endB += b.Counts[++kb];
            var next = Math.Min(endA, endB);
            if (next <= position) break;
            if (ka % 2 == 1 && kb % 2 == 1) intersection += next - position;
            position = next;
        }
        return intersection;
    }

    /// <summary>Pixel IoU of two masks of the same size; null when both are empty (0 / 0).</summary>
    public static double? IoU(RleMask a, RleMask b)
    {
        var intersection = IntersectionArea(a, b);
        var union = a.Area + b.Area - intersection;
        return union > 0 ? (double)intersection / union : null;
    }
}
