using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Quality.Storage;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Imports;

public sealed class UploadTests
{
    private static string BigCsv(int rows)
    {
        var sb = new StringBuilder("item,field,annotator,label,created_at,lead_time_s\n");
        for (var i = 0; i < rows; i++)
            sb.Append("item-").Append(i / 3).Append(",sentiment,ann").Append(i % 3).Append(i % 5 == 0 ? ",neg" : ",pos")
              .Append(",2026-09-").Append((7 + i % 20).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("T10:00:00Z,").Append(i % 17).Append('\n');
        return sb.ToString();
    }

    private static MultipartFormDataContent Form(string project, string fileName, string content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(project), "project" },
            { new StringContent(""), "format" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private static async Task<List<JsonElement>> FollowAsync(HttpClient client, string statusUrl)
    {
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var s = await client.GetFromJsonAsync<JsonElement>(statusUrl);
            seen.Add(s);
            if (s.GetProperty("done").GetBoolean()) return seen;
            await Task.Delay(50);
        }
        throw new TimeoutException("the import job did not finish in two minutes");
    }

    [Fact]
    public async Task Upload_CsvThroughTheWeb_JobCompletesWithSummaryAndMonotonicProgress()
    {
        using var factory = new QualityWebFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.PostAsync("/imports", Form("Web upload", "big.csv", BigCsv(300_000)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = response.Headers.Location!.ToString();
        var seen = await FollowAsync(client, statusUrl);
        var last = seen[^1];
        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.Equal(100.0, last.GetProperty("percent").GetDouble());
        var summary = last.GetProperty("summary");
        Assert.Equal(300_000, summary.GetProperty("annotations").GetInt64());
        Assert.Equal(100_000, summary.GetProperty("items").GetInt64());
        Assert.Equal("csv", summary.GetProperty("format").GetString());

        var percents = seen.Select(s => s.GetProperty("percent").GetDouble()).ToList();
        for (var i = 1; i < percents.Count; i++) Assert.True(percents[i] >= percents[i - 1], $"progress went back from {percents[i - 1]} to {percents[i]}");

        using var c = QualityDatabase.InDataDir(factory.DataDir).Open();
        Assert.Equal(300_000, c.ScalarLong("SELECT count(*) FROM annotations"));
    }

    [Fact]
    public async Task Upload_BadCsv_JobFailsWithTheErrorAndNothingImported()
    {
        using var factory = new QualityWebFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.PostAsync("/imports", Form("Bad", "ragged.csv", "item,annotator,label\ni1,a,x\ni2,b\n"));
        var seen = await FollowAsync(client, response.Headers.Location!.ToString());

        var last = seen[^1];
        Assert.Equal("failed", last.GetProperty("status").GetString());
        Assert.Equal("ragged.csv:3: the row has 2 fields but the header has 3", last.GetProperty("error").GetString());
        using var c = QualityDatabase.InDataDir(factory.DataDir).Open();
        Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM annotations"));
    }

    [Fact]
    public async Task Upload_WithoutProject_IsRejectedWithAReason()
    {
        using var factory = new QualityWebFactory();
        var response = await factory.CreateClient().PostAsync("/imports", Form("", "x.csv", "item,annotator,label\ni,a,x\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Name the project", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_IsRejectedAndNotKept()
    {
        using var factory = new QualityWebFactory();
        var client = factory.WithWebHostBuilder(b => b.UseSetting("Quality:MaxUploadBytes", "1000")).CreateClient();

        var response = await client.PostAsync("/imports", Form("P", "big.csv", BigCsv(1000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var uploads = Path.Combine(factory.DataDir, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0);
    }

    [Fact]
    public async Task Jobs_FinishedImport_IsStillRecordedAfterARestart()
    {
        string statusUrl;
        var first = new QualityWebFactory { KeepData = true };
        {
            var client = first.CreateClient();
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var response = await client.PostAsync("/imports", Form("Restart", "r.csv", BigCsv(100)));
            statusUrl = response.Headers.Location!.ToString();
            await FollowAsync(client, statusUrl);
        }
        first.Dispose();
        Assert.True(File.Exists(Path.Combine(first.DataDir, "hangfire.db")), "Hangfire keeps its jobs in the data folder");

        using var second = new QualityWebFactory(first.DataDir);
        try
        {
            var s = await second.CreateClient().GetFromJsonAsync<JsonElement>(statusUrl);
            Assert.Equal("succeeded", s.GetProperty("status").GetString());
            var monitor = JobStorage.Current.GetMonitoringApi();
            Assert.True(monitor.SucceededListCount() >= 1, "the succeeded job is read back from the SQLite storage");
            // The dashboard is mapped at /jobs and, showing file paths, answers only local requests:
            // the test server's requests have no remote address, so they are refused.
            var jobs = await second.CreateClient().GetAsync("/jobs");
            Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        }
        finally
        {
            second.DeleteData();
        }
    }
}
