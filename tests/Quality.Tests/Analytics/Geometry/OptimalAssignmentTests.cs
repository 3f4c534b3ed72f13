using Quality.Analytics.Geometry;

namespace Quality.Tests.Analytics.Geometry;

public class OptimalAssignmentTests
{
    [Fact]
    public void Maximize_ClassicThreeByThree_FindsKnownOptimum()
    {
        // Costs [[4,1,3],[2,0,5],[3,2,2]] have the minimum 1 + 2 + 2 = 5 at (0,1), (1,0), (2,2); weight = 10 − cost.
        double[] weights = [6, 9, 7, 8, 10, 5, 7, 8, 8];

        var assignment = OptimalAssignment.Maximize(weights, 3, 3);

        Assert.Equal([1, 0, 2], assignment);
    }

    [Fact]
    public void Maximize_RandomRectangularWithForbiddenPairs_EqualsBruteForce()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            int rows = random.Next(1, 6), cols = random.Next(1, 6);
            var weights = new double[rows * cols];
            for (var k = 0; k < weights.Length; k++) weights[k] = random.NextDouble() < 0.4 ? 0 : Math.Round(random.NextDouble(), 3);

            var assignment = OptimalAssignment.Maximize(weights, rows, cols);

            var used = new HashSet<int>();
            double total = 0;
            for (var r = 0; r < rows; r++)
            {
                if (assignment[r] < 0) continue;
                Assert.True(used.Add(assignment[r]));
                Assert.True(weights[r * cols + assignment[r]] > 0);
                total += weights[r * cols + assignment[r]];
            }
            Assert.Equal(BruteForce(weights, rows, cols, 0, new bool[cols]), total, 9);
        }
    }

    private static double BruteForce(double[] w, int rows, int cols, int row, bool[] used)
    {
        if (row == rows) return 0;
        var best = BruteForce(w, rows, cols, row + 1, used);
        for (var c = 0; c < cols; c++)
        {
            if (used[c] || w[row * cols + c] <= 0) continue;
            used[c] = true;
            best = Math.Max(best, w[row * cols + c] + BruteForce(w, rows, cols, row + 1, used));
            used[c] = false;
        }
        return best;
    }
}
