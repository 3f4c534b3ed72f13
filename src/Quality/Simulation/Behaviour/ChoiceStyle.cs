using Quality.Simulation.Randomness;

namespace Quality.Simulation.Behaviour;

/// <summary>
/// How an annotator's errors on a choice field are shaped, apart from how many there are. Keeping the shape
/// fixed and varying only the accuracy gives the same person before and after a drift.
/// </summary>
public abstract class ChoiceStyle
{
    /// <summary>The annotator's confusion matrix at overall accuracy <paramref name="accuracy"/> (under the field's prior).</summary>
    public abstract ConfusionModel AtAccuracy(double accuracy);
}

/// <summary>
/// Nominal errors: harder classes (mixed) are missed more often, and a miss lands on a plausible
/// neighbour (mixed ↔ positive, negative ↔ neutral) more than on the opposite; each annotator's weights are jittered.
/// </summary>
public sealed class NominalStyle : ChoiceStyle
{
    // Rows: true negative, neutral, positive, mixed; columns: the answer given instead.
    private static readonly double[][] Affinity =
    [
        [0, 0.45, 0.10, 0.45],
        [0.30, 0, 0.35, 0.35],
        [0.08, 0.42, 0, 0.50],
        [0.30, 0.30, 0.40, 0],
    ];

    private static readonly double[] Difficulty = [0.8, 1.1, 0.8, 1.6];

    private readonly IReadOnlyList<double> _prior;
    private readonly double[] _difficulty;
    private readonly double[][] _errorWeights;

    public NominalStyle(IReadOnlyList<double> prior, ref Xoshiro256 rng)
    {
        if (prior.Count != Affinity.Length) throw new ArgumentException("the nominal style is defined for four sentiment classes");
        _prior = prior;
        _difficulty = new double[Difficulty.Length];
        for (var t = 0; t < Difficulty.Length; t++) _difficulty[t] = Difficulty[t] * rng.NextDouble(0.85, 1.15);
        _errorWeights = new double[Affinity.Length][];
        for (var t = 0; t < Affinity.Length; t++)
        {
            _errorWeights[t] = new double[Affinity[t].Length];
            for (var j = 0; j < Affinity[t].Length; j++) _errorWeights[t][j] = Affinity[t][j] * rng.NextDouble(0.6, 1.4);
        }
    }

    public override ConfusionModel AtAccuracy(double accuracy)
    {
        var k = _difficulty.Length;
        var scale = 0.0;
        for (var t = 0; t < k; t++) scale += _prior[t] * _difficulty[t];
        var rows = new double[k][];
        for (var t = 0; t < k; t++)
        {
            // Error rate per class proportional to difficulty, scaled so the prior-weighted accuracy is the target.
            var diag = Math.Clamp(1 - (1 - accuracy) * _difficulty[t] / scale, 0.02, 1);
            var weightSum = PortableMath.Sum(_errorWeights[t]);
            rows[t] = new double[k];
            for (var j = 0; j < k; j++)
                rows[t][j] = j == t ? diag : (1 - diag) * _errorWeights[t][j] / weightSum;
        }
        return new ConfusionModel(rows);
    }
}

/// <summary>
/// Ordinal errors: a miss is mostly one step away (±1), rarely two or more, and each annotator leans
/// lenient (up) or strict (down) by a personal bias factor.
/// </summary>
public sealed class OrdinalStyle : ChoiceStyle
{
    private static readonly double[] DistanceWeight = [0, 1, 0.12, 0.03, 0.01];

    private readonly int _levels;

    public OrdinalStyle(int levels, ref Xoshiro256 rng)
    {
        if (levels < 2 || levels > DistanceWeight.Length) throw new ArgumentOutOfRangeException(nameof(levels));
        _levels = levels;
        UpwardBias = rng.NextDouble(0.6, 1.6);
    }

    /// <summary>How much more often this annotator errs upwards than downwards (1 = no lean).</summary>
    public double UpwardBias { get; }

    public override ConfusionModel AtAccuracy(double accuracy)
    {
        var rows = new double[_levels][];
        for (var t = 0; t < _levels; t++)
        {
            rows[t] = new double[_levels];
            var weights = new double[_levels];
            for (var j = 0; j < _levels; j++)
                if (j != t) weights[j] = DistanceWeight[Math.Abs(j - t)] * (j > t ? UpwardBias : 1 / UpwardBias);
            var weightSum = PortableMath.Sum(weights);
            for (var j = 0; j < _levels; j++)
                rows[t][j] = j == t ? accuracy : (1 - accuracy) * weights[j] / weightSum;
        }
        return new ConfusionModel(rows);
    }
}
