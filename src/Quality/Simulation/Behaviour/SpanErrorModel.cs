using Quality.Simulation.Randomness;
using Quality.Simulation.Text;

namespace Quality.Simulation.Behaviour;

/// <summary>
/// How an annotator gets NER spans wrong: per true entity, a miss, a boundary shift or a wrong label, each
/// independent; per item, a chance of one spurious span on a capitalised word that is no entity.
/// </summary>
/// <param name="Miss">P(a true entity is not marked at all).</param>
/// <param name="Boundary">P(a marked entity has a start or end off).</param>
/// <param name="Mislabel">P(a marked entity has a wrong type).</param>
/// <param name="Spurious">P(an item gets one extra span on a non-entity word).</param>
public sealed record SpanErrorModel(double Miss, double Boundary, double Mislabel, double Spurious)
{
    // Rows PER, ORG, LOC: which wrong type a mislabel picks. ORG ↔ LOC is the classic confusion ("Kyoto Bank").
    private static readonly double[][] MislabelAffinity = [[0, 0.6, 0.4], [0.45, 0, 0.55], [0.3, 0.7, 0]];

    /// <summary>P(a true entity comes back with exactly its start, end and type): the field's accuracy.</summary>
    public double Accuracy => (1 - Miss) * (1 - Boundary) * (1 - Mislabel);

    /// <summary>The same error mix scaled so that <see cref="Accuracy"/> is <paramref name="target"/> (as near as the mix allows).</summary>
    public SpanErrorModel AtAccuracy(double target)
    {
        var largest = Math.Max(Miss, Math.Max(Boundary, Mislabel));
        if (largest <= 0) throw new InvalidOperationException("an error-free span model has no mix to scale");
        double lo = 0, hi = 0.999 / largest;
        // Accuracy falls monotonically in the scale factor: bisection needs only arithmetic.
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (Scaled(mid).Accuracy > target) lo = mid; else hi = mid;
        }
        return Scaled((lo + hi) / 2);
    }

    private SpanErrorModel Scaled(double f) => this with { Miss = Miss * f, Boundary = Boundary * f, Mislabel = Mislabel * f };

    public IReadOnlyList<EntitySpan> Annotate(ItemText text, IReadOnlyList<EntitySpan> truth, ref Xoshiro256 rng)
    {
        var result = new List<EntitySpan>(truth.Count + 1);
        foreach (var span in truth)
        {
            var missed = rng.Chance(Miss);
            var shifted = rng.Chance(Boundary);
            var relabelled = rng.Chance(Mislabel);
            if (missed) continue;
            var s = shifted ? ShiftBoundary(text, span, ref rng) : span;
            if (relabelled) s = s with { Label = OtherLabel(s.Label, ref rng) };
            result.Add(s);
        }
        if (rng.Chance(Spurious))
        {
            var candidates = text.Words
                .Where(w => IsCapitalised(text, w.Start))
                .Where(w => !truth.Any(t => t.Start < w.End && w.Start < t.End) && !result.Any(t => t.Start < w.End && w.Start < t.End))
                .ToList();
            if (candidates.Count > 0)
            {
                var (start, end) = candidates[rng.NextInt(candidates.Count)];
                result.Add(new EntitySpan(start, end, SimulatedFields.EntityLabels[rng.NextInt(SimulatedFields.EntityLabels.Count)]));
            }
        }
        result.Sort();
        return result;
    }

    private static bool IsCapitalised(ItemText text, int start) =>
        System.Text.Rune.IsUpper(new System.Text.Rune(text.CodePoints[start]));

    /// <summary>The boundary errors people make: half a name, a trailing full stop, a preceding word, a lost first letter.</summary>
    private static EntitySpan ShiftBoundary(ItemText text, EntitySpan span, ref Xoshiro256 rng)
    {
        Span<int> options = stackalloc int[4];
        var n = 0;
        var lastSpace = -1;
        for (var i = span.Start + 1; i < span.End - 1; i++)
            if (text.CodePoints[i] == ' ') lastSpace = i;
        if (lastSpace > 0) options[n++] = 0;
        if (span.End < text.Length) options[n++] = 1;
        var previousWord = -1;
        foreach (var w in text.Words)
            if (w.End == span.Start - 1 && text.CodePoints[span.Start - 1] == ' ') previousWord = w.Start;
        if (previousWord >= 0) options[n++] = 2;
        if (span.End - span.Start >= 3) options[n++] = 3;
        if (n == 0) return span;
        return options[rng.NextInt(n)] switch
        {
            0 => span with { End = lastSpace },
            1 => span with { End = span.End + 1 },
            2 => span with { Start = previousWord },
            _ => span with { Start = span.Start + 1 },
        };
    }

    private static string OtherLabel(string label, ref Xoshiro256 rng)
    {
        var labels = SimulatedFields.EntityLabels;
        var from = -1;
        for (var i = 0; i < labels.Count; i++) if (labels[i] == label) from = i;
        if (from < 0) return labels[rng.NextInt(labels.Count)];
        return labels[rng.NextWeighted(MislabelAffinity[from])];
    }
}
