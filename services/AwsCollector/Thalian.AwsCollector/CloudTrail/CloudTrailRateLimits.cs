using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.CloudTrail;

/// <summary>LookupEvents allows 2 requests per second per account and region: one token bucket each, per process.</summary>
public sealed class CloudTrailRateLimits(IOptions<AwsCollectorOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> limiters = new(StringComparer.Ordinal);

    public async Task WaitAsync(string accountId, string region, CancellationToken ct)
    {
        var perSecond = Math.Max(1, options.Value.CloudTrailRequestsPerSecond);
        var limiter = limiters.GetOrAdd($"{accountId}/{region}", _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        using var lease = await limiter.AcquireAsync(1, ct);
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
