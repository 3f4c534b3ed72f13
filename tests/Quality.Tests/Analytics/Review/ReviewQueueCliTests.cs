using System.Text;
using System.Text.Json;
using Quality.Tests.Costs;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Review;

[Collection(SampleProjectCollection.Name)]
public sealed class ReviewQueueCliTests(SampleProjectFixture sample)
{
    [Fact]
    public void ReviewQueue_SampleJsonAndCsv_TopItemsWithExpectedErrors()
    {
        var csv = sample.Db.File("queue-" + Guid.NewGuid().ToString("N") + ".csv", "");

        var (code, stdout, stderr) = CostCliTests.Run("review-queue", "--project", SampleProjectFixture.Project, "--top", "50",
            "--csv", csv, "--db", sample.Db.Database.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(50, items.Count);
        var expected = items.Sum(i => i.GetProperty("uncertainty").GetDouble());
        Assert.Equal(expected, root.GetProperty("expected_errors_in_top").GetDouble(), 9);
        Assert.Equal(expected / root.GetProperty("expected_errors_remaining").GetDouble(), root.GetProperty("share_of_remaining_errors").GetDouble(), 12);
        Assert.Equal(3600, root.GetProperty("queued_items").GetInt32());   // 1,800 regular items × 2 categorical fields
        var first = items[0];
        Assert.Equal(first.GetProperty("answers").GetInt32(), first.GetProperty("labels").GetArrayLength());
        Assert.Equal(first.GetProperty("answers").GetInt32(), first.GetProperty("votes").EnumerateObject().Sum(v => v.Value.GetInt32()));

        var lines = File.ReadAllLines(csv, Encoding.UTF8);
        Assert.Equal(51, lines.Length);
        Assert.Equal("rank,field,item,consensus,confidence,uncertainty,answers,votes,labels", lines[0]);
        Assert.StartsWith("1," + first.GetProperty("field").GetString() + "," + first.GetProperty("item").GetString() + ",", lines[1]);
    }

    [Fact]
    public void ReviewQueue_CellsThatLookLikeFormulas_ExportedWithApostrophe()
    {
        using var db = new TempDatabase();
        db.Import(db.File("a.csv", "item,annotator,label\n=cmd|' /C calc'!A0,@evil,+1\n=cmd|' /C calc'!A0,bob,-1\nplain,bob,+1\n"));
        var csv = Path.Combine(db.Dir, "queue.csv");

        var (code, _, stderr) = CostCliTests.Run("review-queue", "--project", "P", "--top", "10", "--csv", csv, "--db", db.Database.Path);

        Assert.True(code == 0, stderr);
        var text = File.ReadAllText(csv, Encoding.UTF8);
        Assert.Contains(",'=cmd|' /C calc'!A0,", text);
        Assert.Contains("'@evil=", text);
        Assert.DoesNotContain(",=", text);
        Assert.DoesNotContain(",@", text);
        Assert.DoesNotContain(",+", text);
    }

    [Fact]
    public void ReviewQueue_TopZero_UsageError()
    {
        var (code, _, stderr) = CostCliTests.Run("review-queue", "--project", "P", "--top", "0", "--db", sample.Db.Database.Path);

        Assert.Equal(2, code);
        Assert.Contains("--top", stderr);
    }
}
