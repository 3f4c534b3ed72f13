namespace Quality.Analytics.Geometry;

/// <summary>An axis-aligned box: top-left corner (X, Y), width and height, in any one unit (usually pixels).</summary>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    public double Area => Width * Height;

    /// <summary>Why the box cannot be compared (non-finite, or zero or negative size), or null.</summary>
    public static string? Problem(Box box) =>
        !(double.IsFinite(box.X) && double.IsFinite(box.Y) && double.IsFinite(box.Width) && double.IsFinite(box.Height))
            ? "box coordinates must be finite numbers"
            : box.Width > 0 && box.Height > 0 ? null : $"box has zero or negative size ({box.Width} × {box.Height})";

    /// <summary>Intersection over union: |a ∩ b| / (|a| + |b| − |a ∩ b|); boxes touching only at an edge give 0.</summary>
    public static double IoU(Box a, Box b)
    {
        var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        var intersection = w * h;
        return intersection / (a.Area + b.Area - intersection);
    }
}
