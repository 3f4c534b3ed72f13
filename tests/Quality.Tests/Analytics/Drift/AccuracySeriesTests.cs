using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class AccuracySeriesTests
{
    private static DateTime Utc(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(10, 5, 0, 10, 5)]     // Monday 00:00 starts its own week
    [InlineData(10, 11, 23, 10, 5)]   // Sunday night belongs to the week that began on Monday
    [InlineData(10, 12, 9, 10, 12)]
    [InlineData(11, 1, 12, 10, 26)]
    public void WeekStart_AnyInstant_IsTheMondayBefore(int month, int day, int hour, int mondayMonth, int mondayDay)
    {
        var start = AccuracySeries.WeekStart(Utc(month, day, hour));

        Assert.Equal(new DateTime(2026, mondayMonth, mondayDay, 0, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
    }

    [Fact]
    public void Weekly_AnswersOverThreeWeeksWithAGap_OnePointPerWeekWithAnswers()
    {
        long[] ticks = [Utc(10, 5).Ticks, Utc(10, 7).Ticks, Utc(10, 11, 22).Ticks, Utc(10, 26).Ticks, Utc(10, 27).Ticks];
        bool[] outcomes = [true, false, true, true, true];

        var weekly = AccuracySeries.Weekly(outcomes, ticks);

        Assert.Equal(2, weekly.Count);
        Assert.Equal(Utc(10, 5, 0), weekly[0].WeekStart);
        Assert.Equal((2L, 3L), (weekly[0].Accuracy.Successes, weekly[0].Accuracy.Trials));
        Assert.Equal(Utc(10, 26, 0), weekly[1].WeekStart);
        Assert.Equal((2L, 2L), (weekly[1].Accuracy.Successes, weekly[1].Accuracy.Trials));
        // Wilson 95% for 2 of 3, from the textbook formula evaluated outside the code.
        Assert.Equal(0.20766, weekly[0].Accuracy.Lower!.Value, 5);
        Assert.Equal(0.93851, weekly[0].Accuracy.Upper!.Value, 5);
    }

    [Fact]
    public void Rolling_WindowOfThree_SlidesOverTheLastThreeAnswers()
    {
        bool[] outcomes = [true, true, false, false, true];
        var ticks = Enumerable.Range(0, 5).Select(i => Utc(10, 5 + i).Ticks).ToArray();

        var rolling = AccuracySeries.Rolling(outcomes, ticks, 3);

        Assert.Equal([2, 3, 4], rolling.Select(r => r.Index));
        Assert.Equal([2L, 1L, 1L], rolling.Select(r => r.Accuracy.Successes));
        Assert.All(rolling, r => Assert.Equal(3, r.Accuracy.Trials));
        Assert.Equal(Utc(10, 9), rolling[^1].At);
    }

    [Fact]
    public void Rolling_StreamShorterThanTheWindow_HasNoPoint()
    {
        Assert.Empty(AccuracySeries.Rolling([true, false], [1, 2], 3));
    }
}
