using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

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
        var tokens = builder.Configuration.GetGatewayTokens();
        builder.Services.AddSingleton(tokens);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = GatewayTokens.Issuer,
                ValidAudience = GatewayTokens.Audience,
                IssuerSigningKey = tokens.Key,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = GatewayTokens.RoleClaim,
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(GatewayTokens.TenantClaim).Build())
            .AddPolicy(AdminPolicy, p => p.RequireClaim(GatewayTokens.TenantClaim).RequireRole("admin"));
        return builder;
    }

    public static GatewayTokens GetGatewayTokens(this IConfiguration configuration) =>
        new(configuration["Thalian:Internal:SigningKey"] ?? "");

    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(GatewayTokens.TenantClaim) ?? throw new InvalidOperationException("No tenant on an authorised request.");

    public static string Actor(this ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";
}
