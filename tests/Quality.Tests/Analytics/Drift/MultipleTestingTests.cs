using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class MultipleTestingTests
{
    [Fact]
    public void Holm_FourPValues_StepDownAdjustedInInputOrder()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
        var adjusted = MultipleTesting.Holm([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_LargePValues_CappedAtOne()
    {
        Assert.Equal([1.0, 1.0], MultipleTesting.Holm([0.6, 0.9]));
    }

    [Fact]
    public void Holm_Empty_IsEmpty()
    {
        Assert.Empty(MultipleTesting.Holm([]));
    }
}
