namespace Quality.Analytics.Redundancy;

/// <summary>
/// The exact expected accuracy of majority vote when the annotators' confusion matrices are known: k annotators
/// drawn uniformly without replacement from the team, each answering independently given the true label, ties broken
/// uniformly at random. It is the truth a <see cref="RedundancyCurve"/> estimate is checked against on simulated data,
/// and a planning figure for a team whose matrices are known.
/// </summary>
public static class MajorityVoteTheory
{
    private const int MaxStates = 5_000_000;

    /// <param name="confusions">Per annotator, rows = true label, columns = P(answer | true label); each row sums to 1.</param>
    /// <param name="prior">P(true label); sums to 1.</param>
    public static double ExpectedAccuracy(IReadOnlyList<double[][]> confusions, IReadOnlyList<double> prior, int k)
    {
        ArgumentNullException.ThrowIfNull(confusions);
        ArgumentNullException.ThrowIfNull(prior);
        var labels = prior.Count;
        if (labels < 1) throw new ArgumentException("the prior needs at least one label", nameof(prior));
        if (k < 1 || k > confusions.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{confusions.Count}");
        Check(Math.Abs(prior.Sum() - 1) < 1e-9 && prior.All(p => p >= 0), "the prior must be a distribution");
        foreach (var m in confusions)
        {
            Check(m.Length == labels && m.All(r => r.Length == labels), "every confusion matrix must be labels × labels");
            Check(m.All(r => Math.Abs(r.Sum() - 1) < 1e-9 && r.All(p => p >= 0)), "every confusion row must be a distribution");
        }
        // Count vectors are keys in base k + 1; the number of vectors with sum ≤ k is C(k + labels, labels).
        Check(Math.Pow(k + 1, labels) < 9e18, "too many labels for this k");
        var states = 1.0;
        for (var j = 1; j <= labels; j++) states = states * (k + j) / j;
        Check(states <= MaxStates, $"{labels} labels and k = {k} give {states:0} vote-count states; the exact sum is limited to {MaxStates}");

        var radix = new long[labels];
        for (var l = 0; l < labels; l++) radix[l] = l == 0 ? 1 : radix[l - 1] * (k + 1);
        var subsets = 1.0;
        for (var j = 1; j <= k; j++) subsets = subsets * (confusions.Count - k + j) / j;

        double accuracy = 0;
        var counts = new int[labels];
        for (var truth = 0; truth < labels; truth++)
        {
            if (prior[truth] == 0) continue;
            // level[j]: vote-count vector → Σ over j-subsets of the annotators seen so far of P(those votes).
            var level = new Dictionary<long, double>[k + 1];
            for (var j = 0; j <= k; j++) level[j] = [];
            level[0][0] = 1;
            foreach (var m in confusions)
            {
                var row = m[truth];
                for (var j = Math.Min(k, confusions.Count) - 1; j >= 0; j--)
                    foreach (var (key, p) in level[j])
                        for (var l = 0; l < labels; l++)
                        {
                            if (row[l] == 0) continue;
                            var to = key + radix[l];
                            level[j + 1][to] = level[j + 1].GetValueOrDefault(to) + p * row[l];
                        }
            }
            double correct = 0;
            foreach (var (key, p) in level[k])
            {
                var rest = key;
                for (var l = 0; l < labels; l++) { counts[l] = (int)(rest % (k + 1)); rest /= k + 1; }
                var top = counts.Max();
                if (counts[truth] != top) continue;
                correct += p / counts.Count(c => c == top);
            }
            accuracy += prior[truth] * correct / subsets;
        }
        return accuracy;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
