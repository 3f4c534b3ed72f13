using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Quality.Reports.Audit;
using Quality.Web.Features.Reports;
using Quality.Web.Tests.Support;

namespace Quality.Web.Tests.Reports;

[Collection(SampleSiteCollection.Name)]
public sealed class ReportPagesTests(SampleSite site)
{
    private static async Task<JsonElement> FollowAsync(HttpClient client, string statusUrl)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var s = JsonDocument.Parse(await client.GetStringAsync(statusUrl)).RootElement.Clone();
            if (s.GetProperty("done").GetBoolean()) return s;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{statusUrl} did not finish");
    }

    private static HttpRequestMessage Post(string url, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    [Fact]
    public async Task Generate_Period_JobCompletesListedAndTheDownloadVerifies()
    {
        var client = site.Client;
        var response = await client.SendAsync(Post($"/projects/{SampleSite.ProjectId}/reports",
            new() { ["from"] = "2026-10-05", ["to"] = "2026-11-01", ["client"] = "Acme Labs" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = response.Headers.Location!.ToString();

        var done = await FollowAsync(client, statusUrl);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(100, done.GetProperty("percent").GetDouble());
        var download = done.GetProperty("download").GetString()!;

        var page = await client.GetStringAsync($"/projects/{SampleSite.ProjectId}/reports");
        Assert.Contains($"href=\"{download}\"", page, StringComparison.Ordinal);
        Assert.Contains("2026-10-05 – 2026-11-01", page, StringComparison.Ordinal);
        Assert.Contains("Acme Labs", page, StringComparison.Ordinal);
        Assert.Contains(">Reports</a>", page, StringComparison.Ordinal);

        var pdf = await client.GetAsync(download);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        var stamp = AuditReports.ReadStamp(bytes);
        Assert.Equal(new ReportPeriod(new DateOnly(2026, 10, 5), new DateOnly(2026, 11, 2)), stamp.Period);
        Assert.Equal("Acme Labs", stamp.Client);

        // The real CLI, against the site's database, says the downloaded file matches the data.
        var file = Path.Combine(site.Factory.DataDir, "downloaded.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        var verify = QualityCli.Run("report", "verify", file, "--project", SampleSite.ProjectName, "--db", Path.Combine(site.Factory.DataDir, "quality.duckdb"));
        Assert.Contains("match: the report was made from the data as it is now.", verify, StringComparison.Ordinal);
        Assert.Contains(stamp.Fingerprint, verify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_EndBeforeStart_IsRefusedWithAReason()
    {
        var response = await site.Client.SendAsync(Post($"/projects/{SampleSite.ProjectId}/reports", new() { ["from"] = "2026-10-05", ["to"] = "2026-10-01" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ends before it starts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_Weekly_IsAHangfireRecurringJobListedOnThePage()
    {
        var response = await site.Client.SendAsync(Post($"/projects/{SampleSite.ProjectId}/reports/schedules", new() { ["frequency"] = "weekly", ["client"] = "Acme Labs" }));
        response.EnsureSuccessStatusCode();
        var schedule = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = schedule.GetProperty("id").GetString()!;

        using (var connection = site.Factory.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == id);
            Assert.Equal("0 6 * * 1", recurring.Cron);
            Assert.Equal(nameof(ReportJob.RunSchedule), recurring.Job.Method.Name);
        }
        var page = await site.Client.GetStringAsync($"/projects/{SampleSite.ProjectId}/reports");
        Assert.Contains($"data-key=\"{id}\"", page, StringComparison.Ordinal);

        await site.Client.PostAsync($"/projects/{SampleSite.ProjectId}/reports/schedules/{id}/delete", new FormUrlEncodedContent([]));
        using (var connection = site.Factory.Services.GetRequiredService<JobStorage>().GetConnection())
            Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == id);
    }

    [Theory]
    [InlineData("weekly", "2026-11-04T06:00:00Z", "2026-10-26", "2026-11-02")]
    [InlineData("weekly", "2026-11-02T06:00:00Z", "2026-10-26", "2026-11-02")]
    [InlineData("monthly", "2026-11-01T06:00:00Z", "2026-10-01", "2026-11-01")]
    [InlineData("monthly", "2027-01-01T06:00:00Z", "2026-12-01", "2027-01-01")]
    public void PreviousPeriod_RunTime_IsTheLastWholeWeekOrMonth(string frequency, string now, string from, string to)
    {
        var (f, t) = ReportSchedules.PreviousPeriod(frequency, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), f);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), t);
    }

    [Fact]
    public async Task Download_UnknownReport_Is404()
    {
        var response = await site.Client.GetAsync($"/projects/{SampleSite.ProjectId}/reports/999999.pdf");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
