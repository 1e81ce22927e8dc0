using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Thalian.ServiceDefaults.Auth;

public static class AuthExtensions
{
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Services accept only requests carrying a gateway token. Every endpoint requires it (fallback policy);
    /// health endpoints opt out explicitly.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayTrust(this IHostApplicationBuilder builder)
    {
        var tokens = GatewayTokens.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = tokens.ValidationParameters();
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(GatewayTokens.TenantClaim).Build())
            .AddPolicy(AdminPolicy, p => p.RequireClaim(GatewayTokens.TenantClaim).RequireRole("admin"));
        return builder;
    }

    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(GatewayTokens.TenantClaim) ?? throw new InvalidOperationException("No tenant on an authorised request.");

    /// <summary>True only for tenants the gateway marked demo/test: the only ones whose calls may go to emulator or custom endpoints.</summary>
    public static bool IsSandbox(this ClaimsPrincipal user) => user.FindFirstValue(GatewayTokens.SandboxClaim) == "true";

    public static string Actor(this ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";
}
