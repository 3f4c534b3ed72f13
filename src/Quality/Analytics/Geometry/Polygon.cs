namespace Quality.Analytics.Geometry;

/// <summary>
/// A simple polygon (edges meet only at shared vertices; convex or not), stored counter-clockwise without a repeated
/// closing vertex. Create it with <see cref="Create"/> / <see cref="TryCreate"/>, which check simplicity.
/// </summary>
public readonly struct Polygon
{
    private readonly double[] _x;
    private readonly double[] _y;

    private Polygon(double[] x, double[] y, double area)
    {
        _x = x;
        _y = y;
        Area = area;
    }

    public int Count => _x?.Length ?? 0;
    public ReadOnlySpan<double> X => _x;
    public ReadOnlySpan<double> Y => _y;
    /// <summary>Enclosed area (shoelace formula), positive.</summary>
    public double Area { get; }

    /// <summary>Why the polygon cannot be used (a default, uninitialised value), or null.</summary>
    public static string? Problem(Polygon polygon) => polygon.Count == 0 ? "polygon has no vertices" : null;

    /// <summary>Builds a polygon from x0, y0, x1, y1, … (COCO's flat list); throws if it is not a simple polygon.</summary>
    public static Polygon Create(ReadOnlySpan<double> xy) =>
        TryCreate(xy, out var polygon, out var problem) ? polygon : throw new ArgumentException(problem, nameof(xy));

    /// <summary>
    /// Builds a polygon from x0, y0, x1, y1, …. Repeated consecutive vertices (and a closing vertex equal to the first)
    /// are dropped; fewer than three distinct vertices, zero area, crossing or touching edges make it fail with a reason.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<double> xy, out Polygon polygon, out string? problem)
    {
        polygon = default;
        if (xy.Length % 2 != 0) { problem = "polygon needs an even number of coordinates (x, y pairs)"; return false; }
        var xs = new List<double>();
        var ys = new List<double>();
        for (var k = 0; k < xy.Length; k += 2)
        {
            double x = xy[k], y = xy[k + 1];
            if (!double.IsFinite(x) || !double.IsFinite(y)) { problem = "polygon coordinates must be finite numbers"; return false; }
            if (xs.Count > 0 && xs[^1] == x && ys[^1] == y) continue;
            xs.Add(x);
            ys.Add(y);
        }
        while (xs.Count > 1 && xs[^1] == xs[0] && ys[^1] == ys[0]) { xs.RemoveAt(xs.Count - 1); ys.RemoveAt(ys.Count - 1); }
        if (xs.Count < 3) { problem = "polygon needs at least three distinct vertices"; return false; }

        double[] px = xs.ToArray(), py = ys.ToArray();
        var signed = SignedArea(px, py);
        if (signed == 0) { problem = "polygon has zero area"; return false; }
        problem = SelfIntersection(px, py);
        if (problem is not null) return false;
        if (signed < 0) { Array.Reverse(px); Array.Reverse(py); }
        polygon = new Polygon(px, py, Math.Abs(signed));
        return true;
    }

    /// <summary>Area of the intersection of two simple polygons, exact up to floating-point rounding.</summary>
    /// <remarks>
    /// By Green's theorem the area of P ∩ Q is ½∮(x dy − y dx) around its boundary, and that boundary is made of
    /// the pieces of P's edges inside Q, the pieces of Q's edges inside P, and the stretches where the two
    /// boundaries run together in the same direction (both polygons being counter-clockwise). Each edge is cut at
    /// every point where it meets the other polygon's boundary; each piece lies wholly inside or outside, which
    /// its midpoint decides. No output polygon is built, so holes in the result or several pieces need no care.
    /// </remarks>
    public static double IntersectionArea(Polygon a, Polygon b)
    {
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("uninitialised polygon");
        if (!BoxesOverlap(a, b)) return 0;
        var twice = EdgesInside(a, b, countShared: true) + EdgesInside(b, a, countShared: false);
        return Math.Clamp(twice / 2, 0, Math.Min(a.Area, b.Area));
    }

    /// <summary>Area intersection over union of two simple polygons.</summary>
    public static double IoU(Polygon a, Polygon b)
    {
        var intersection = IntersectionArea(a, b);
        return intersection / (a.Area + b.Area - intersection);
    }

    private static bool BoxesOverlap(Polygon a, Polygon b)
    {
        static (double, double, double, double) Bounds(Polygon p)
        {
            double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
            for (var k = 0; k < p.Count; k++)
            {
                x0 = Math.Min(x0, p._x[k]); x1 = Math.Max(x1, p._x[k]);
                y0 = Math.Min(y0, p._y[k]); y1 = Math.Max(y1, p._y[k]);
            }
            return (x0, y0, x1, y1);
        }
        var (ax0, ay0, ax1, ay1) = Bounds(a);
        var (bx0, by0, bx1, by1) = Bounds(b);
        return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1;
    }

    /// <summary>
    /// Twice the line integral of x dy − y dx over the pieces of <paramref name="p"/>'s edges strictly inside
    /// <paramref name="q"/>, plus, when <paramref name="countShared"/>, the pieces running along q's boundary in
    /// the same direction.
    /// </summary>
    private static double EdgesInside(Polygon p, Polygon q, bool countShared)
    {
        var extent = Extent(p, q);
        var cuts = new List<double>();
        var shared = new List<(double From, double To, bool SameDirection)>();
        double sum = 0;
        int n = p.Count, m = q.Count;
        for (var i = 0; i < n; i++)
        {
            double x0 = p._x[i], y0 = p._y[i], x1 = p._x[(i + 1) % n], y1 = p._y[(i + 1) % n];
            double dx = x1 - x0, dy = y1 - y0;
            var length = Math.Sqrt(dx * dx + dy * dy);
            cuts.Clear();
            shared.Clear();
            cuts.Add(0);
            cuts.Add(1);
            for (var j = 0; j < m; j++)
            {
                double qx0 = q._x[j], qy0 = q._y[j], qx1 = q._x[(j + 1) % m], qy1 = q._y[(j + 1) % m];
                double gx = qx1 - qx0, gy = qy1 - qy0;
                double ex = qx0 - x0, ey = qy0 - y0;
                var denominator = dx * gy - dy * gx;
                var gLength = Math.Sqrt(gx * gx + gy * gy);
                if (Math.Abs(denominator) > 1e-12 * length * gLength)
                {
                    var t = (ex * gy - ey * gx) / denominator;
                    var u = (ex * dy - ey * dx) / denominator;
                    // Extra cuts are harmless (a piece is split in two, each classified alike); a missed cut is not,
                    // so the window is generous.
                    const double slack = 1e-9;
                    if (t >= -slack && t <= 1 + slack && u >= -slack && u <= 1 + slack) cuts.Add(Math.Clamp(t, 0, 1));
                }
                else if (Math.Abs(ex * dy - ey * dx) <= 1e-12 * length * extent)
                {
                    // Collinear: the overlap of the two edges, in p's edge parameter.
                    var s0 = (ex * dx + ey * dy) / (length * length);
                    var s1 = ((qx1 - x0) * dx + (qy1 - y0) * dy) / (length * length);
                    double from = Math.Max(0, Math.Min(s0, s1)), to = Math.Min(1, Math.Max(s0, s1));
                    if (to > from)
                    {
                        cuts.Add(from);
                        cuts.Add(to);
                        shared.Add((from, to, dx * gx + dy * gy > 0));
                    }
                }
            }
            cuts.Sort();
            for (var c = 0; c + 1 < cuts.Count; c++)
            {
                double ta = cuts[c], tb = cuts[c + 1];
                if (tb - ta <= 1e-15) continue;
                var tm = (ta + tb) / 2;
                var along = Along(shared, tm);
                bool counts;
                if (along is { } sameDirection) counts = countShared && sameDirection;
                else counts = Contains(q, x0 + dx * tm, y0 + dy * tm);
                if (!counts) continue;
                double ax = ta == 0 ? x0 : x0 + dx * ta, ay = ta == 0 ? y0 : y0 + dy * ta;
                double bx = tb == 1 ? x1 : x0 + dx * tb, by = tb == 1 ? y1 : y0 + dy * tb;
                sum += ax * by - bx * ay;
            }
        }
        return sum;
    }

    private static bool? Along(List<(double From, double To, bool SameDirection)> shared, double t)
    {
        foreach (var (from, to, same) in shared)
            if (t > from && t < to) return same;
        return null;
    }

    private static double Extent(Polygon p, Polygon q)
    {
        double extent = 0;
        for (var k = 0; k < p.Count; k++) extent = Math.Max(extent, Math.Max(Math.Abs(p._x[k]), Math.Abs(p._y[k])));
        for (var k = 0; k < q.Count; k++) extent = Math.Max(extent, Math.Max(Math.Abs(q._x[k]), Math.Abs(q._y[k])));
        return Math.Max(extent, 1);
    }

    /// <summary>Even-odd ray test; only asked about points off the boundary.</summary>
    private static bool Contains(Polygon q, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = q.Count - 1; i < q.Count; j = i++)
        {
            double xi = q._x[i], yi = q._y[i], xj = q._x[j], yj = q._y[j];
            if (yi > y != yj > y && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    private static double SignedArea(double[] x, double[] y)
    {
        double twice = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var j = (i + 1) % x.Length;
            twice += x[i] * y[j] - x[j] * y[i];
        }
        return twice / 2;
    }

    /// <summary>Why the closed polyline is not simple (two edges cross or touch away from their shared vertex), or null.</summary>
    private static string? SelfIntersection(double[] x, double[] y)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                int i1 = (i + 1) % n, j1 = (j + 1) % n;
                var adjacent = i1 == j || j1 == i;
                if (adjacent)
                {
                    // Neighbouring edges share a vertex; they must not fold back over each other.
                    int shared = i1 == j ? i1 : i, far = i1 == j ? j1 : j, other = i1 == j ? i : i1;
                    if (Orientation(x, y, other, shared, far) == 0 && OnSegment(x, y, shared, other, far))
                        return $"polygon edges {i} and {j} overlap (the outline doubles back on itself)";
                    continue;
                }
                if (SegmentsMeet(x, y, i, i1, j, j1)) return $"polygon edges {i} and {j} cross or touch: it is not a simple polygon";
            }
        return null;
    }

    private static int Orientation(double[] x, double[] y, int a, int b, int c) =>
        Math.Sign((x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]));

    /// <summary>Whether vertex c lies on the closed segment from a through b, given that the three are collinear, beyond a.</summary>
    private static bool OnSegment(double[] x, double[] y, int a, int b, int c) =>
        // c is on the same side of a as b (the edges a→b and a→c point the same way).
        (x[b] - x[a]) * (x[c] - x[a]) + (y[b] - y[a]) * (y[c] - y[a]) > 0;

    private static bool SegmentsMeet(double[] x, double[] y, int a, int b, int c, int d)
    {
        int o1 = Orientation(x, y, a, b, c), o2 = Orientation(x, y, a, b, d);
        int o3 = Orientation(x, y, c, d, a), o4 = Orientation(x, y, c, d, b);
        if (o1 != o2 && o3 != o4) return true;
        return (o1 == 0 && Within(x, y, a, b, c)) || (o2 == 0 && Within(x, y, a, b, d))
            || (o3 == 0 && Within(x, y, c, d, a)) || (o4 == 0 && Within(x, y, c, d, b));
    }

    /// <summary>For collinear points: whether p lies within the bounding box of segment a–b.</summary>
    private static bool Within(double[] x, double[] y, int a, int b, int p) =>
        x[p] >= Math.Min(x[a], x[b]) && x[p] <= Math.Max(x[a], x[b]) && y[p] >= Math.Min(y[a], y[b]) && y[p] <= Math.Max(y[a], y[b]);
}
