using System.Net.Http.Headers;
using System.Security.Claims;
using Thalian.Gateway.Authenticating;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Forwarding;

/// <summary>
/// Replaces whatever credentials the caller sent with a short-lived token the gateway signs for the verified tenant and role.
/// Services trust nothing else, so the caller's own headers never reach them.
/// </summary>
public sealed class GatewayIdentity(GatewayTokenSigner tokens, TenantDirectory tenants, TimeProvider clock)
{
    public async ValueTask ApplyAsync(HttpRequestMessage request, ClaimsPrincipal caller, CancellationToken cancellation)
    {
        request.Headers.Remove("Authorization");
        request.Headers.Remove(ApiKeyAuthenticationHandler.HeaderName);
        request.Headers.Remove("Cookie");
        var tenant = caller.TenantId();
        var sandbox = await tenants.IsSandboxAsync(tenant, cancellation);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Issue(tenant, CallerClaims.RoleOf(caller), caller.Actor(), sandbox, clock.GetUtcNow()));
    }
}
