namespace Thalian.IdpCollector.ReadingDirectories.JumpCloud;

/// <summary>JumpCloud documents only 429; Retry-After is honoured when present, otherwise exponential back-off.</summary>
public sealed class JumpCloudThrottle : IThrottleSignal
{
    public ValueTask<bool> IsThrottledAsync(HttpResponseMessage response) => ValueTask.FromResult(RetryAfter.IsTooManyRequests(response));
    public TimeSpan? RequestedDelay(HttpResponseMessage response) => RetryAfter.Read(response);
}
