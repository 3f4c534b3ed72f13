using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quality.Alerts;
using Quality.Analytics.Drift;

namespace Quality.Tests.Alerts;

public sealed class AlertWebhookTests
{
    private static readonly DriftAlert Alert = new(7, 1, "mei.lin@example.com", "sentiment", DriftKind.GoldAccuracy,
        AlertTestData.Episode, AlertTestData.Episode.AddDays(9), AlertTestData.Episode.AddDays(1),
        new AlertLevel(0.9, 0.83, 0.94, 100), new AlertLevel(0.6, 0.46, 0.72, 50), -0.3,
        new JsonObject { ["cusum"] = 8.5, ["limit"] = 7.6 }, AlertStatus.Open, null, null, null,
        AlertTestData.Episode.AddDays(9), AlertTestData.Episode.AddDays(9), true, null);

    private static readonly WebhookRetry Fast = new(4, TimeSpan.FromMilliseconds(60), 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task SendAsync_FirstAttemptFailsThenSucceeds_DeliveredOnTheSecondAttemptAfterTheBackoff()
    {
        using var server = new ScriptedServer(503, 200);
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();

        var delivery = await AlertWebhook.SendAsync(http, server.Url, AlertWebhook.Payload(Alert, "Sample"), Fast);

        Assert.True(delivery.Delivered, delivery.Error);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(200, delivery.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(60), "waited the first backoff");
        Assert.Equal(2, server.Bodies.Count);
        Assert.Equal(server.Bodies.First(), server.Bodies.Last());
        Assert.All(server.ContentTypes, t => Assert.StartsWith("application/json", t));
        using var body = JsonDocument.Parse(server.Bodies.Last());
        Assert.Equal("drift_alert", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("Sample", body.RootElement.GetProperty("project").GetString());
        var alert = body.RootElement.GetProperty("alert");
        Assert.Equal(7, alert.GetProperty("id").GetInt64());
        Assert.Equal("mei.lin@example.com", alert.GetProperty("annotator").GetString());
        Assert.Equal("gold_accuracy", alert.GetProperty("kind").GetString());
        Assert.Equal("2026-10-14T09:30:00.000000Z", alert.GetProperty("detected_at").GetString());
        Assert.Equal(0.6, alert.GetProperty("after").GetProperty("level").GetDouble());
        Assert.Equal(8.5, alert.GetProperty("evidence").GetProperty("cusum").GetDouble());
    }

    [Fact]
    public async Task SendAsync_ClientError_IsNotRetried()
    {
        using var server = new ScriptedServer(400);
        using var http = new HttpClient();

        var delivery = await AlertWebhook.SendAsync(http, server.Url, "{}", Fast);

        Assert.False(delivery.Delivered);
        Assert.Equal((1, 400), (delivery.Attempts, delivery.StatusCode!.Value));
        Assert.Single(server.Bodies);
    }

    [Fact]
    public async Task SendAsync_ServerKeepsFailing_GivesUpAfterEveryAttempt()
    {
        using var server = new ScriptedServer(500, 502, 503, 429);
        using var http = new HttpClient();

        var delivery = await AlertWebhook.SendAsync(http, server.Url, "{}", Fast);

        Assert.False(delivery.Delivered);
        Assert.Equal((4, 429), (delivery.Attempts, delivery.StatusCode!.Value));
        Assert.Equal(4, server.Bodies.Count);
    }

    [Fact]
    public async Task SendAsync_NothingListening_RetriesTheConnectionErrors()
    {
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{ScriptedServer.FreePort()}/hook/");

        var delivery = await AlertWebhook.SendAsync(http, url, "{}", Fast with { Attempts = 2 });

        Assert.False(delivery.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Null(delivery.StatusCode);
        Assert.False(string.IsNullOrEmpty(delivery.Error));
    }

    [Fact]
    public void DelayAfter_Attempts_DoubleUpToTheCap()
    {
        var retry = WebhookRetry.Default with { MaxDelay = TimeSpan.FromSeconds(20) };

        Assert.Equal([2.0, 4, 8, 16, 20], Enumerable.Range(1, 5).Select(a => retry.DelayAfter(a).TotalSeconds));
    }

    /// <summary>A real HTTP listener on 127.0.0.1 and a free port, answering each request with the next scripted status.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Queue<int> _statuses;
        private readonly Task _loop;

        public ScriptedServer(params int[] statuses)
        {
            _statuses = new Queue<int>(statuses);
            var port = FreePort();
            Url = new Uri($"http://127.0.0.1:{port}/hook/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public Uri Url { get; }
        public ConcurrentQueue<string> Bodies { get; } = new();
        public ConcurrentQueue<string> ContentTypes { get; } = new();

        public static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                using (var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding))
                    Bodies.Enqueue(await reader.ReadToEndAsync());
                ContentTypes.Enqueue(context.Request.ContentType ?? "");
                int status;
                lock (_statuses) status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
                context.Response.StatusCode = status;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        }
    }
}
