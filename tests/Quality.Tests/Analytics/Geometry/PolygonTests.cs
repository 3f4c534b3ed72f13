using Quality.Analytics.Geometry;

namespace Quality.Tests.Analytics.Geometry;

public class PolygonTests
{
    private static Polygon Rect(double x0, double y0, double x1, double y1) => Polygon.Create([x0, y0, x1, y0, x1, y1, x0, y1]);

    [Fact]
    public void IntersectionArea_OffsetSquares_IsQuarter()
    {
        var a = Rect(0, 0, 1, 1);
        var b = Rect(0.5, 0.5, 1.5, 1.5);

        Assert.Equal(0.25, Polygon.IntersectionArea(a, b), 14);
        Assert.Equal(0.25 / 1.75, Polygon.IoU(a, b), 14);
    }

    [Fact]
    public void IntersectionArea_ConcaveLShapeAndSquare_MatchesHandComputation()
    {
        // L = bar [0,4]×[0,1] plus bar [0,1]×[1,4], area 7. Square [0.5,2.5]², area 4.
        // L ∩ S = [0.5,2.5]×[0.5,1] (area 1) + [0.5,1]×[1,2.5] (area 0.75) = 1.75; IoU = 1.75 / 9.25 = 7/37.
        var l = Polygon.Create([0, 0, 4, 0, 4, 1, 1, 1, 1, 4, 0, 4]);
        var s = Rect(0.5, 0.5, 2.5, 2.5);

        Assert.Equal(7, l.Area, 14);
        Assert.Equal(1.75, Polygon.IntersectionArea(l, s), 14);
        Assert.Equal(7.0 / 37.0, Polygon.IoU(l, s), 14);
    }

    [Fact]
    public void IntersectionArea_BarAcrossUShape_AddsTwoSeparatePieces()
    {
        // U = [0,3]×[0,3] minus the notch [1,2]×[1,3]: area 7. The bar [−1,4]×[1.5,2.5] crosses both arms:
        // two unit squares, area 2; IoU = 2 / (7 + 5 − 2) = 0.2.
        var u = Polygon.Create([0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3]);
        var bar = Rect(-1, 1.5, 4, 2.5);

        Assert.Equal(2, Polygon.IntersectionArea(u, bar), 14);
        Assert.Equal(0.2, Polygon.IoU(u, bar), 14);
    }

    [Fact]
    public void IntersectionArea_DiamondOverSquare_CutsFourCorners()
    {
        // Square [−1,1]² (area 4); diamond |x| + |y| ≤ 1.5 (area 4.5). The diamond misses the square's four corner
        // triangles with legs 0.5: 4 − 4·0.125 = 3.5; IoU = 3.5 / 5 = 0.7.
        var square = Rect(-1, -1, 1, 1);
        var diamond = Polygon.Create([1.5, 0, 0, 1.5, -1.5, 0, 0, -1.5]);

        Assert.Equal(3.5, Polygon.IntersectionArea(square, diamond), 14);
        Assert.Equal(0.7, Polygon.IoU(diamond, square), 14);
    }

    [Fact]
    public void IntersectionArea_SharedEdges_CountOnceWhenSameSideAndZeroWhenOpposite()
    {
        var square = Rect(0, 0, 2, 2);

        Assert.Equal(4, Polygon.IntersectionArea(square, Rect(0, 0, 2, 2)), 14);
        Assert.Equal(1.0, Polygon.IoU(square, square), 14);
        // Shares part of the left and bottom edges, inside on the same side: [0,1]×[0,2].
        Assert.Equal(2, Polygon.IntersectionArea(square, Rect(0, 0, 1, 3)), 14);
        // Neighbours across the edge x = 2.
        Assert.Equal(0, Polygon.IntersectionArea(square, Rect(2, 0, 3, 2)));
        // A triangle touching the square at one vertex from outside.
        Assert.Equal(0, Polygon.IntersectionArea(square, Polygon.Create([2, 2, 3, 2, 3, 3])));
    }

    [Fact]
    public void IntersectionArea_ClockwiseInputAndContainment_GiveSameAreas()
    {
        var clockwise = Polygon.Create([0, 0, 0, 4, 4, 4, 4, 0]);
        var inner = Polygon.Create([1, 1, 1, 2, 2, 2]);

        Assert.Equal(16, clockwise.Area);
        Assert.Equal(0.5, Polygon.IntersectionArea(clockwise, inner), 14);
        Assert.Equal(0.5, Polygon.IntersectionArea(inner, clockwise), 14);
    }

    [Theory]
    [InlineData(new double[] { 0, 0, 2, 2, 2, 0, 0, 2 })]          // bow-tie
    [InlineData(new double[] { 0, 0, 1, 0, 2, 0 })]                // collinear: zero area
    [InlineData(new double[] { 0, 0, 1, 1 })]                      // two vertices
    [InlineData(new double[] { 0, 0, 4, 0, 4, 4, 2, 0, 0, 4 })]    // a vertex touching another edge
    public void TryCreate_NotASimplePolygon_FailsWithReason(double[] xy)
    {
        Assert.False(Polygon.TryCreate(xy, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void TryCreate_RepeatedClosingVertex_IsDropped()
    {
        var polygon = Polygon.Create([0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0]);

        Assert.Equal(4, polygon.Count);
        Assert.Equal(1, polygon.Area);
    }

    [Fact]
    public void IntersectionArea_RandomConvexPairs_EqualsSutherlandHodgmanClipping()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var a = RandomConvex(random);
            var b = RandomConvex(random);

            var expected = Shoelace(Clip(Points(a), Points(b)));

            Assert.Equal(expected, Polygon.IntersectionArea(a, b), 9);
        }
    }

    [Fact]
    public void IntersectionArea_RandomStarShapes_AgreesWithScanlineIntegration()
    {
        // Non-convex star-shaped polygons. Independent estimate: along 4000 horizontal lines, the exact length shared
        // by the two polygons' chords, integrated by the midpoint rule; the shared width is piecewise linear in y,
        // so the rule errs only near vertex heights, by far less than 1e-4 here.
        var random = new Random(5);
        for (var trial = 0; trial < 10; trial++)
        {
            var a = RandomStar(random, 0, 0);
            var b = RandomStar(random, random.NextDouble() * 0.6 - 0.3, random.NextDouble() * 0.6 - 0.3);

            const int rows = 4000;
            const double lo = -1.2, height = 2.4, step = height / rows;
            double area = 0;
            for (var r = 0; r < rows; r++)
                area += SharedLength(Chords(a, lo + (r + 0.5) * step), Chords(b, lo + (r + 0.5) * step)) * step;

            Assert.Equal(area, Polygon.IntersectionArea(a, b), 1e-4);
        }
    }

    /// <summary>The x-intervals where the horizontal line at y is inside the polygon (even-odd crossings).</summary>
    private static List<double> Chords(Polygon p, double y)
    {
        var xs = new List<double>();
        for (int i = 0, j = p.Count - 1; i < p.Count; j = i++)
            if (p.Y[i] > y != p.Y[j] > y)
                xs.Add(p.X[i] + (p.X[j] - p.X[i]) * (y - p.Y[i]) / (p.Y[j] - p.Y[i]));
        xs.Sort();
        return xs;
    }

    private static double SharedLength(List<double> a, List<double> b)
    {
        double shared = 0;
        for (var i = 0; i + 1 < a.Count; i += 2)
            for (var j = 0; j + 1 < b.Count; j += 2)
                shared += Math.Max(0, Math.Min(a[i + 1], b[j + 1]) - Math.Max(a[i], b[j]));
        return shared;
    }

    private static Polygon RandomConvex(Random random)
    {
        // Points on a circle in angle order form a convex polygon.
        var count = random.Next(3, 9);
        var angles = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 * Math.PI).Order().ToArray();
        double cx = random.NextDouble(), cy = random.NextDouble(), r = 0.3 + random.NextDouble();
        return Polygon.Create(angles.SelectMany(t => new[] { cx + r * Math.Cos(t), cy + r * Math.Sin(t) }).ToArray());
    }

    private static Polygon RandomStar(Random random, double cx, double cy)
    {
        var count = random.Next(5, 16);
        var xy = new List<double>();
        for (var k = 0; k < count; k++)
        {
            var t = 2 * Math.PI * (k + 0.8 * random.NextDouble()) / count;
            var r = 0.2 + 0.7 * random.NextDouble();
            xy.Add(cx + r * Math.Cos(t));
            xy.Add(cy + r * Math.Sin(t));
        }
        return Polygon.Create(xy.ToArray());
    }

    private static List<(double X, double Y)> Points(Polygon p) => Enumerable.Range(0, p.Count).Select(k => (p.X[k], p.Y[k])).ToList();

    /// <summary>Sutherland–Hodgman: clips a polygon by each edge of a convex counter-clockwise clip polygon.</summary>
    private static List<(double X, double Y)> Clip(List<(double X, double Y)> subject, List<(double X, double Y)> clip)
    {
        var output = subject;
        for (var e = 0; e < clip.Count && output.Count > 0; e++)
        {
            var (ax, ay) = clip[e];
            var (bx, by) = clip[(e + 1) % clip.Count];
            double Side((double X, double Y) p) => (bx - ax) * (p.Y - ay) - (by - ay) * (p.X - ax);
            var input = output;
            output = [];
            for (var k = 0; k < input.Count; k++)
            {
                var current = input[k];
                var previous = input[(k + input.Count - 1) % input.Count];
                double sc = Side(current), sp = Side(previous);
                if (sc >= 0)
                {
                    if (sp < 0) output.Add(Cross(previous, current, sp, sc));
                    output.Add(current);
                }
                else if (sp >= 0) output.Add(Cross(previous, current, sp, sc));
            }
        }
        return output;
    }

    private static (double, double) Cross((double X, double Y) p, (double X, double Y) q, double sp, double sq)
    {
        var t = sp / (sp - sq);
        return (p.X + t * (q.X - p.X), p.Y + t * (q.Y - p.Y));
    }

    private static double Shoelace(List<(double X, double Y)> points)
    {
        double twice = 0;
        for (var k = 0; k < points.Count; k++)
        {
            var (x0, y0) = points[k];
            var (x1, y1) = points[(k + 1) % points.Count];
            twice += x0 * y1 - x1 * y0;
        }
        return Math.Abs(twice) / 2;
    }
}
