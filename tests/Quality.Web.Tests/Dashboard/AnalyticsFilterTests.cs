using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Quality.Web.Features.Shared;

namespace Quality.Web.Tests.Dashboard;

public sealed class AnalyticsFilterTests
{
    private static AnalyticsFilter Parse(string query) => AnalyticsFilter.Parse(new QueryCollection(
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));

    private static readonly Dictionary<string, string?> Pools = new()
    {
        ["ann"] = "crowd", ["bob"] = "vendor", ["cy"] = "crowd", ["dee"] = null,
    };

    [Fact]
    public void Parse_FullQuery_RoundTripsThroughQuery()
    {
        var f = Parse("?from=2026-09-07&to=2026-10-04&field=sentiment&annotator=cy&annotator=ann&pool=crowd");

        Assert.Equal(new DateOnly(2026, 9, 7), f.From);
        Assert.Equal(new DateOnly(2026, 10, 4), f.To);
        Assert.Equal(["ann", "cy"], f.Annotators);
        Assert.Equal("?from=2026-09-07&to=2026-10-04&field=sentiment&annotator=ann&annotator=cy&pool=crowd", f.Query());
        Assert.Equal(f.Query(), Parse(f.Query()).Query());
        Assert.Empty(f.Problems);
    }

    [Fact]
    public void ToRatingFilter_InclusiveTo_BecomesTheNextMidnightUtc()
    {
        var r = Parse("?from=2026-09-07&to=2026-10-04").ToRatingFilter(Pools);

        Assert.Equal(new DateTime(2026, 9, 7, 0, 0, 0, DateTimeKind.Utc), r.From);
        Assert.Equal(new DateTime(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc), r.To);
        Assert.Null(r.Annotators);
    }

    [Fact]
    public void ToRatingFilter_PoolAndAnnotators_Intersect()
    {
        Assert.Equal(["ann", "cy"], Parse("?pool=crowd").ToRatingFilter(Pools).Annotators);
        Assert.Equal(["cy"], Parse("?pool=crowd&annotator=cy&annotator=bob").ToRatingFilter(Pools).Annotators);
    }

    [Fact]
    public void ToRatingFilter_NobodyLeft_MatchesNoAnnotatorRatherThanEveryone()
    {
        var r = Parse("?pool=vendor&annotator=ann").ToRatingFilter(Pools);

        Assert.Equal([AnalyticsFilter.NoAnnotator], r.Annotators);
    }

    [Fact]
    public void Parse_BadDateAndReversedRange_AreReportedAndIgnored()
    {
        var bad = Parse("?from=07/09/2026");
        var reversed = Parse("?from=2026-10-04&to=2026-09-07");

        Assert.Null(bad.From);
        Assert.Contains("'07/09/2026' is not a date like 2026-09-07", Assert.Single(bad.Problems));
        Assert.Null(reversed.From);
        Assert.Null(reversed.To);
        Assert.Contains("before the from date", Assert.Single(reversed.Problems));
    }

    [Fact]
    public void Query_ValueWithAmpersand_IsEscaped()
    {
        var f = new AnalyticsFilter { Pool = "R&D team" };

        Assert.Equal("?pool=R%26D%20team", f.Query());
        Assert.Equal("R&D team", Parse(f.Query()).Pool);
    }
}
