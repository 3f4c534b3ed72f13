using Quality.Simulation.Randomness;

namespace Quality.Simulation.Behaviour;

/// <summary>
/// An annotator's answer distribution for a choice field: row t gives P(answer j | true label t).
/// Sampling walks the row's cumulative sums, so it needs no transcendental functions.
/// </summary>
public sealed class ConfusionModel
{
    private readonly double[][] _rows;
    private readonly double[][] _cumulative;

    public ConfusionModel(double[][] rows)
    {
        _rows = rows.Select(r => Normalise(r)).ToArray();
        _cumulative = _rows.Select(r =>
        {
            var c = new double[r.Length];
            var s = 0.0;
            for (var j = 0; j < r.Length; j++) c[j] = s += r[j];
            return c;
        }).ToArray();
    }

    public int LabelCount => _rows.Length;

    /// <summary>P(answer = <paramref name="given"/> | truth = <paramref name="truth"/>).</summary>
    public double this[int truth, int given] => _rows[truth][given];

    public int Sample(int truth, ref Xoshiro256 rng)
    {
        var u = rng.NextDouble();
        var row = _cumulative[truth];
        for (var j = 0; j < row.Length - 1; j++)
            if (u < row[j]) return j;
        return row.Length - 1;
    }

    /// <summary>Expected share of correct answers when true labels follow <paramref name="prior"/>.</summary>
    public double ExpectedAccuracy(IReadOnlyList<double> prior)
    {
        var a = 0.0;
        for (var t = 0; t < _rows.Length; t++) a += prior[t] * _rows[t][t];
        return a;
    }

    /// <summary>Expected share of answers equal to <paramref name="label"/> under <paramref name="prior"/>.</summary>
    public double ExpectedShare(IReadOnlyList<double> prior, int label)
    {
        var s = 0.0;
        for (var t = 0; t < _rows.Length; t++) s += prior[t] * _rows[t][label];
        return s;
    }

    /// <summary>A copy of row <paramref name="truth"/>.</summary>
    public double[] Row(int truth) => (double[])_rows[truth].Clone();

    /// <summary>
    /// The same annotator after they start over-using <paramref name="label"/>: <paramref name="redirect"/> of
    /// every error now lands on it, and <paramref name="leak"/> of each correct non-label answer turns into it.
    /// </summary>
    public ConfusionModel LeaningTowards(int label, double redirect, double leak)
    {
        var rows = _rows.Select(r => (double[])r.Clone()).ToArray();
        for (var t = 0; t < rows.Length; t++)
        {
            if (t == label) continue;
            var row = rows[t];
            for (var j = 0; j < row.Length; j++)
            {
                if (j == t || j == label) continue;
                var moved = row[j] * redirect;
                row[j] -= moved;
                row[label] += moved;
            }
            var leaked = row[t] * leak;
            row[t] -= leaked;
            row[label] += leaked;
        }
        return new ConfusionModel(rows);
    }

    /// <summary>An answer distribution that ignores the truth: how a spammer clicks.</summary>
    public static ConfusionModel IgnoringTruth(double[] answerShares) =>
        new(Enumerable.Range(0, answerShares.Length).Select(_ => (double[])answerShares.Clone()).ToArray());

    private static double[] Normalise(double[] row)
    {
        var sum = PortableMath.Sum(row);
        if (!(sum > 0) || row.Any(v => v < 0)) throw new ArgumentException("a confusion row needs non-negative values that sum above zero");
        return row.Select(v => v / sum).ToArray();
    }
}
