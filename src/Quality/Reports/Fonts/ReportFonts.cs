using ScottPlot;
using SkiaSharp;

namespace Quality.Reports.Fonts;

/// <summary>The typefaces reports are set in, loaded from this assembly so a report never depends on the fonts a machine has.</summary>
public static class ReportFonts
{
    /// <summary>Family name under which ScottPlot finds the embedded typefaces (it resolves fonts by name).</summary>
    public const string ChartFamily = "Quality Report Sans";

    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly Lock RegisterLock = new();
    private static bool registered;

    /// <summary>DejaVu Sans.</summary>
    public static SKTypeface Regular => LazyRegular.Value;

    /// <summary>DejaVu Sans Bold.</summary>
    public static SKTypeface Bold => LazyBold.Value;

    /// <summary>Lets charts ask for <see cref="ChartFamily"/>; idempotent. Other font names are left to ScottPlot's own resolvers.</summary>
    public static void RegisterForCharts()
    {
        lock (RegisterLock)
        {
            if (registered) return;
            // Appended, not inserted: ScottPlot's system resolver answers null for a family the machine lacks,
            // and this family exists nowhere else, so order does not matter and other charts are untouched.
            ScottPlot.Fonts.FontResolvers.Add(new EmbeddedFontResolver());
            registered = true;
        }
    }

    private static SKTypeface Load(string file)
    {
        var name = "Quality.Reports.Fonts." + file;
        using var resource = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded font {name} is missing from the assembly");
        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        // A memory stream over immutable data: Skia reads the font again when it embeds it in a PDF, possibly
        // from several renders at once, and duplicating an SKMemoryStream only shares the bytes.
        return SKTypeface.FromStream(new SKMemoryStream(SKData.CreateCopy(bytes)))
            ?? throw new InvalidOperationException($"embedded font {name} could not be read");
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == ChartFamily ? (bold ? Bold : Regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
