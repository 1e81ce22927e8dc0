using System.Globalization;

namespace Thalian.IdpCollector.ReadingDirectories.OneLogin;

/// <summary>OneLogin: X-RateLimit-Reset is the seconds remaining in the window (relative, unlike Okta's epoch).</summary>
public sealed class OneLoginThrottle : IThrottleSignal
{
    public ValueTask<bool> IsThrottledAsync(HttpResponseMessage response) => ValueTask.FromResult(RetryAfter.IsTooManyRequests(response));

    public TimeSpan? RequestedDelay(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
        && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : RetryAfter.Read(response);
}
