using System.Security.Claims;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Authenticating;

/// <summary>The one principal shape every authentication method produces: tenant, role, subject and a rate-limit partition.</summary>
public static class CallerClaims
{
    public const string Client = "thalian_client";

    public static ClaimsPrincipal Create(string scheme, string tenantId, string role, string subject, string client) =>
        new(new ClaimsIdentity(
            [
                new Claim(GatewayTokens.TenantClaim, tenantId),
                new Claim(GatewayTokens.RoleClaim, role),
                new Claim("sub", subject),
                new Claim(Client, client),
            ],
            scheme, "sub", GatewayTokens.RoleClaim));

    public static string? ClientOf(ClaimsPrincipal user) => user.FindFirstValue(Client);

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirstValue(GatewayTokens.RoleClaim) ?? "";
}
