using System.Globalization;
using System.Net;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>Okta: 429 with X-Rate-Limit-Reset (UTC epoch seconds), measured against the server's Date header.</summary>
public sealed class OktaThrottle : IThrottleSignal
{
    public ValueTask<bool> IsThrottledAsync(HttpResponseMessage response) => ValueTask.FromResult(response.StatusCode == HttpStatusCode.TooManyRequests);

    /// <summary>
    /// Below 10 % of the bucket left, waits for the reset before the next call instead of running into a 429
    /// (other clients of the same org share the bucket).
    /// </summary>
    public static async Task PaceAsync(HttpResponseMessage response, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (Header(response, "X-Rate-Limit-Limit") is { } limit && Header(response, "X-Rate-Limit-Remaining") is { } remaining
            && limit > 0 && remaining < limit / 10 && new OktaThrottle().RequestedDelay(response) is { } wait && wait <= maxWait)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public TimeSpan? RequestedDelay(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Rate-Limit-Reset", out var values))
        {
            return null;
        }
        // Several reset headers can arrive (org and concurrency limits); the smallest is the one that frees us.
        var resets = values.SelectMany(v => v.Split(',')).Select(v => long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (long?)null)
            .Where(s => s is not null).Select(s => s!.Value).ToList();
        if (resets.Count == 0)
        {
            return null;
        }
        var serverNow = response.Headers.Date ?? DateTimeOffset.UtcNow;
        var wait = DateTimeOffset.FromUnixTimeSeconds(resets.Min()) - serverNow;
        return (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) + TimeSpan.FromSeconds(1);
    }
}
