namespace Quality.Simulation;

/// <summary>The project's days: weekdays are working days (numbered from 0); weekends are for the odd crowd worker.</summary>
public sealed class WorkCalendar
{
    private readonly DateTime[] _workdays;

    public WorkCalendar(DateTime start, int weeks)
    {
        Start = start;
        End = start.AddDays(7 * weeks);
        var days = new List<DateTime>();
        for (var d = start; d < End; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        _workdays = days.ToArray();
    }

    public DateTime Start { get; }

    /// <summary>Exclusive end of the period.</summary>
    public DateTime End { get; }

    public int WorkdayCount => _workdays.Length;

    /// <summary>Midnight of working day <paramref name="workday"/>.</summary>
    public DateTime Workday(int workday) => _workdays[workday];

    /// <summary>The Saturday (<paramref name="sunday"/> false) or Sunday after a working day, if still inside the period.</summary>
    public DateTime? WeekendAfter(int workday, bool sunday)
    {
        var d = _workdays[workday];
        while (d.DayOfWeek != DayOfWeek.Saturday) d = d.AddDays(1);
        if (sunday) d = d.AddDays(1);
        return d < End ? d : null;
    }
}
