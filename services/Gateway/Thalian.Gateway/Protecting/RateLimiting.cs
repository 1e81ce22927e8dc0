using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.Protecting;

/// <summary>
/// A fixed window per API key (or OIDC subject); unauthenticated callers share a window per remote address, which also
/// slows key guessing. Health endpoints are never limited.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Thalian:Gateway:RateLimit:PermitsPerWindow", 600);
        var window = configuration.GetValue("Thalian:Gateway:RateLimit:Window", TimeSpan.FromMinutes(1));
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }
                var partition = CallerClaims.ClientOf(context.User) ?? "anonymous:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, cancellation) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This key may make {permits} requests per {window.TotalSeconds:0} s; retry later.");
            };
        });
    }
}
