using Quality.Costs;

namespace Quality.Tests.Costs;

public sealed class ParetoFrontierTests
{
    [Fact]
    public void Members_HandDrawnPoints_KeepsTheUndominated()
    {
        // By hand: (0.5, .40) cheapest; (1, .50) better than all cheaper; (2, .70) beats (2, .60) at equal cost;
        // (3, .70) is dominated by the cheaper (2, .70); both copies of (4, .90) are best overall; (5, .85) is dominated.
        double[] cost = [1, 2, 2, 3, 4, 0.5, 4, 5];
        double[] quality = [0.5, 0.7, 0.6, 0.7, 0.9, 0.4, 0.9, 0.85];

        var member = ParetoFrontier.Members(cost, quality);

        Assert.Equal([true, true, false, false, true, true, true, false], member);
    }

    [Fact]
    public void Members_OnePoint_IsOnTheFrontier()
    {
        Assert.Equal([true], ParetoFrontier.Members([3.0], [0.1]));
    }

    [Fact]
    public void Members_NonFiniteValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => ParetoFrontier.Members([1.0, double.NaN], [0.5, 0.5]));
    }
}
