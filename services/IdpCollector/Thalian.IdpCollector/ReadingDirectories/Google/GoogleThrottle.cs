using System.Net;
using System.Text.Json;

namespace Thalian.IdpCollector.ReadingDirectories.Google;

/// <summary>
/// Google throttles with 403 userRateLimitExceeded/quotaExceeded/rateLimitExceeded or 429, without a reset header:
/// exponential back-off. Any other 403 (delegation, permission) is not a throttle and is never retried.
/// </summary>
public sealed class GoogleThrottle : IThrottleSignal
{
    private static readonly string[] RateReasons = ["userRateLimitExceeded", "quotaExceeded", "rateLimitExceeded", "RESOURCE_EXHAUSTED"];

    public async ValueTask<bool> IsThrottledAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden && IsRateReason(await ReasonAsync(response)));

    private static bool IsRateReason(string? reason) => reason is not null && RateReasons.Contains(reason);

    public TimeSpan? RequestedDelay(HttpResponseMessage response) => RetryAfter.Read(response);

    /// <summary>The first <c>error.errors[].reason</c> (or <c>error.status</c>) of a Google error body.</summary>
    public static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var error = json.RootElement.Get("error");
            if (error?.Get("errors") is { ValueKind: JsonValueKind.Array } errors)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    if (e.Str("reason") is { } reason)
                    {
                        return reason;
                    }
                }
            }
            return error?.Str("status");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
