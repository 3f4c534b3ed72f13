using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Quality.Alerts;

/// <summary>
/// How the webhook retries: up to <paramref name="Attempts"/> POSTs, waiting FirstDelay × Factor^(k−1) (at most
/// MaxDelay) after failed attempt k. Each attempt gives up after <paramref name="Timeout"/>.
/// </summary>
public sealed record WebhookRetry(int Attempts, TimeSpan FirstDelay, double Factor, TimeSpan MaxDelay, TimeSpan Timeout)
{
    /// <summary>5 attempts, waiting 2, 4, 8 and 16 s between them, 10 s per attempt.</summary>
    public static WebhookRetry Default { get; } = new(5, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var seconds = FirstDelay.TotalSeconds * Math.Pow(Factor, attempt - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }
}

/// <summary>The outcome of posting one alert: delivered or not, after how many attempts, and the last failure.</summary>
public sealed record WebhookDelivery(bool Delivered, int Attempts, int? StatusCode, string? Error);

/// <summary>Posts a drift alert as JSON to a configured URL, retrying transient failures with exponential backoff.</summary>
public static class AlertWebhook
{
    /// <summary>The body: {"event": "drift_alert", "project": name, "alert": the alert's JSON}.</summary>
    public static string Payload(DriftAlert alert, string? projectName) => new JsonObject
    {
        ["event"] = "drift_alert",
        ["project"] = projectName,
        ["alert"] = alert.ToJson(),
    }.ToJsonString();

    /// <summary>
    /// POSTs <paramref name="payload"/> until a 2xx answer. Network errors, timeouts, 408, 429 and 5xx are retried;
    /// any other status is final (the receiver refused the request, and sending it again will not change that).
    /// </summary>
    public static async Task<WebhookDelivery> SendAsync(HttpClient http, Uri url, string payload, WebhookRetry retry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(retry);
        if (retry.Attempts < 1) throw new ArgumentOutOfRangeException(nameof(retry), "at least one attempt");
        int? status = null;
        string? error = null;
        for (var attempt = 1; attempt <= retry.Attempts; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(retry.Timeout);
            try
            {
                using var content = new StringContent(payload, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) return new WebhookDelivery(true, attempt, status, null);
                error = $"HTTP {status} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode)) return new WebhookDelivery(false, attempt, status, error);
            }
            catch (HttpRequestException ex)
            {
                status = null;
                error = ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = null;
                error = $"no answer within {retry.Timeout.TotalSeconds:0.###} s";
            }
            if (attempt < retry.Attempts) await Task.Delay(retry.DelayAfter(attempt), cancellationToken).ConfigureAwait(false);
        }
        return new WebhookDelivery(false, retry.Attempts, status, error);
    }

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;
}
