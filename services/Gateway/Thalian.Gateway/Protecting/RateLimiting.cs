using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Thalian.Gateway.Authenticating;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Protecting;

/// <summary>
/// Two fixed windows chained: one per API key (or OIDC subject) and one per tenant, so many keys of one tenant cannot
/// take the capacity of the rest. Unauthenticated callers share a window per remote address, which also slows key
/// guessing. Vendor hooks have a window per hook address. Health endpoints are never limited.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Thalian:Gateway:RateLimit:PermitsPerWindow", 600);
        var tenantPermits = configuration.GetValue("Thalian:Gateway:RateLimit:TenantPermitsPerWindow", 1800);
        var window = configuration.GetValue("Thalian:Gateway:RateLimit:Window", TimeSpan.FromMinutes(1));
        var hookPermits = configuration.GetValue("Thalian:Gateway:RateLimit:HookPermitsPerWindow", 300);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("health")
                    // Vendor hooks carry no key: each hook address (one per connection) has its own window.
                    : context.Request.Path.StartsWithSegments("/hooks", out var hook)
                    ? FixedWindow("hook:" + hook.Value, hookPermits, window)
                    : FixedWindow(CallerClaims.ClientOf(context.User) ?? "anonymous:" + context.Connection.RemoteIpAddress, permits, window));
            var perTenant = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirstValue(GatewayTokens.TenantClaim) is { } tenant && !context.Request.Path.StartsWithSegments("/health")
                    ? FixedWindow("tenant:" + tenant, tenantPermits, window)
                    : RateLimitPartition.GetNoLimiter("no tenant"));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, perTenant);
            options.OnRejected = async (context, cancellation) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Each key may make {permits} requests and each tenant {tenantPermits} (all its keys together) per {window.TotalSeconds:0} s; retry later.");
            };
        });
    }

    private static RateLimitPartition<string> FixedWindow(string partition, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
}
