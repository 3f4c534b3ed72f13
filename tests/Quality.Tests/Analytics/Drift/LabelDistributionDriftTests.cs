using Quality.Analytics.Drift;

namespace Quality.Tests.Analytics.Drift;

public sealed class LabelDistributionDriftTests
{
    private static readonly DateTime Start = new(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc);

    // Labels X, Y, Z per block of ten answers: the team's 50/30/20 and a 30/50/20 that over-uses Y.
    private static readonly int[] Usual = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
    private static readonly int[] OverUsesY = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2];

    /// <summary>
    /// Five annotators, eight weeks, 60 answers each a week. Annotator 0 switches to over-using Y from week 5;
    /// annotator 1 over-uses Y all along; 2–4 never change.
    /// </summary>
    private static (int[] Raters, int[] Labels, long[] Ticks) Team()
    {
        var raters = new List<int>();
        var labels = new List<int>();
        var ticks = new List<long>();
        for (var week = 0; week < 8; week++)
            for (var j = 0; j < 60; j++)
                for (var r = 0; r < 5; r++)
                {
                    var pattern = r == 1 || (r == 0 && week >= 4) ? OverUsesY : Usual;
                    raters.Add(r);
                    labels.Add(pattern[j % 10]);
                    ticks.Add(Start.AddDays(7 * week).AddMinutes(5 * j + r).Ticks);
                }
        return (raters.ToArray(), labels.ToArray(), ticks.ToArray());
    }

    private static readonly DriftSettings Settings = DriftSettings.Default with { Permutations = 999 };

    [Fact]
    public void Analyze_AnnotatorStartsOverUsingALabel_IsFlaggedAtThatWeek()
    {
        var (raters, labels, ticks) = Team();

        var result = LabelDistributionDrift.Analyze(raters, labels, ticks, 5, 3, Settings, 1);

        var change = result[0].Change!;
        Assert.True(change.Flagged);
        Assert.Equal(Start.AddDays(28), change.ChangeWeek);
        Assert.Equal(240, change.ChangeIndex);
        Assert.Equal(1.0 / 1000, change.SelfPValue, 12);
        Assert.True(change.AdjustedTeamPValue < 0.05);
        Assert.True(change.JensenShannonAfter > change.JensenShannonBefore);
        Assert.Equal([120L, 72, 48], change.CountsBefore!);
        Assert.Equal([72L, 120, 48], change.CountsAfter!);
        Assert.Contains(change.Label!.Value, new[] { 0, 1 });
    }

    [Fact]
    public void Analyze_AnnotatorDifferentAllAlong_IsNotCalledDrift()
    {
        var (raters, labels, ticks) = Team();

        var result = LabelDistributionDrift.Analyze(raters, labels, ticks, 5, 3, Settings, 1);

        // Her distribution never changed, so the self test cannot reject, however different from the team she is.
        Assert.False(result[1].Change!.Flagged);
        Assert.True(result[1].Change!.SelfPValue > 0.5);
        Assert.True(result[1].Weekly[0].JensenShannon > 0.01);
        Assert.All(result.Skip(2), r => Assert.False(r.Change!.Flagged));
    }

    [Fact]
    public void Analyze_Weekly_ComparesWithTheRestOfTheTeamInThatWeek()
    {
        var (raters, labels, ticks) = Team();

        var result = LabelDistributionDrift.Analyze(raters, labels, ticks, 5, 3, Settings, 1);

        var week = result[2].Weekly[0];
        Assert.Equal(8, result[2].Weekly.Count);
        Assert.Equal(Start, week.WeekStart);
        Assert.Equal([30L, 18, 12], week.Counts);
        // The rest in week 1: annotators 0, 3, 4 usual, annotator 1 over-using Y.
        Assert.Equal([108L, 84, 48], week.TeamCounts);
        Assert.NotNull(week.AdjustedPValue);
        Assert.True(week.AdjustedPValue >= week.Test!.PValue);
    }

    [Fact]
    public void Analyze_TooFewAnswers_NoCandidateWeekAndAReason()
    {
        var (raters, labels, ticks) = Team();
        var few = Settings with { MinDistributionAnswers = 300 };

        var result = LabelDistributionDrift.Analyze(raters, labels, ticks, 5, 3, few, 1);

        Assert.All(result, r => Assert.Equal(0, r.Change!.CandidateWeeks));
        Assert.All(result, r => Assert.NotNull(r.Reason));
    }
}
