using Quality.Analytics.Intervals;

namespace Quality.Analytics.Drift;

/// <summary>Accuracy in one ISO week (Monday 00:00 UTC to the next Monday), with its Wilson 95% interval.</summary>
public sealed record WeeklyAccuracy(DateTime WeekStart, WilsonInterval Accuracy);

/// <summary>Accuracy over the <paramref name="Accuracy"/>.Trials answers ending at answer <paramref name="Index"/> (answered at <paramref name="At"/>).</summary>
public sealed record RollingAccuracy(int Index, DateTime At, WilsonInterval Accuracy);

/// <summary>Gold accuracy over time: per ISO week and as a rolling window of the last N answers.</summary>
public static class AccuracySeries
{
    /// <summary>The Monday 00:00 UTC that starts the ISO week of <paramref name="utc"/>.</summary>
    public static DateTime WeekStart(DateTime utc)
    {
        var date = utc.Date;
        var sinceMonday = ((int)date.DayOfWeek + 6) % 7;
        return DateTime.SpecifyKind(date.AddDays(-sinceMonday), DateTimeKind.Utc);
    }

    /// <summary>One point per ISO week that has answers, in time order; <paramref name="ticks"/> are UTC ticks, ascending.</summary>
    public static IReadOnlyList<WeeklyAccuracy> Weekly(ReadOnlySpan<bool> outcomes, ReadOnlySpan<long> ticks)
    {
        if (outcomes.Length != ticks.Length) throw new ArgumentException("need one time per outcome");
        var result = new List<WeeklyAccuracy>();
        var t = 0;
        while (t < outcomes.Length)
        {
            var week = WeekStart(new DateTime(ticks[t], DateTimeKind.Utc));
            var next = week.AddDays(7).Ticks;
            long k = 0, n = 0;
            for (; t < outcomes.Length && ticks[t] < next; t++)
            {
                if (ticks[t] < week.Ticks) throw new ArgumentException("times must be ascending");
                n++;
                if (outcomes[t]) k++;
            }
            result.Add(new WeeklyAccuracy(week, WilsonInterval.Compute(k, n)));
        }
        return result;
    }

    /// <summary>
    /// Accuracy of the last <paramref name="window"/> answers at every answer from the window-th on: a stream shorter
    /// than the window has no point (a partial window would not be comparable with the others).
    /// </summary>
    public static IReadOnlyList<RollingAccuracy> Rolling(ReadOnlySpan<bool> outcomes, ReadOnlySpan<long> ticks, int window)
    {
        if (outcomes.Length != ticks.Length) throw new ArgumentException("need one time per outcome");
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new List<RollingAccuracy>(Math.Max(0, outcomes.Length - window + 1));
        long k = 0;
        for (var t = 0; t < outcomes.Length; t++)
        {
            if (outcomes[t]) k++;
            if (t >= window && outcomes[t - window]) k--;
            if (t >= window - 1)
                result.Add(new RollingAccuracy(t, new DateTime(ticks[t], DateTimeKind.Utc), WilsonInterval.Compute(k, window)));
        }
        return result;
    }
}
