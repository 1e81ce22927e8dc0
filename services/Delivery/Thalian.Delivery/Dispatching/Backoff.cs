namespace Thalian.Delivery.Dispatching;

/// <summary>Exponential back-off with jitter: base × 2^(failures−1), capped, drawn from its upper half; a longer Retry-After wins.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int consecutiveFailures, TimeSpan? retryAfter, DeliveryOptions options)
    {
        var exponent = Math.Min(Math.Max(consecutiveFailures - 1, 0), 30);
        var ceiling = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.RetryMaxDelay.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
        return retryAfter is { } wait && wait > jittered ? Min(wait, TimeSpan.FromHours(24)) : jittered;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
