using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Thalian.Gateway.Tenancy;

namespace Thalian.Gateway.Authenticating;

/// <summary>Turns a validated token from the configured issuer into the gateway's principal (tenant and role from configured claims).</summary>
public static class OidcTokens
{
    public const string Scheme = "oidc";

    public static void Configure(JwtBearerOptions jwt, OidcOptions oidc)
    {
        jwt.Authority = oidc.Authority;
        jwt.Audience = oidc.Audience;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.ValidateAudience = true;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context => MapAsync(context, oidc),
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemResponses.Unauthorized(context.HttpContext, context.AuthenticateFailure is null
                    ? "Send an API key or a bearer token from the configured identity provider."
                    : "The bearer token was rejected: " + (context.ErrorDescription ?? context.AuthenticateFailure.Message));
            },
            OnForbidden = context => ProblemResponses.Forbidden(context.HttpContext, ApiKeyAuthenticationHandler.ForbiddenDetail(context.HttpContext)),
        };
    }

    private static async Task MapAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        var token = context.SecurityToken as JsonWebToken;
        var tenant = token?.Claims.FirstOrDefault(c => c.Type == oidc.TenantClaim)?.Value;
        var subject = token?.Subject;
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(subject))
        {
            context.Fail($"The token carries no '{oidc.TenantClaim}' or 'sub' claim.");
            return;
        }
        var directory = context.HttpContext.RequestServices.GetRequiredService<TenantDirectory>();
        if (!await directory.TenantExistsAsync(tenant, context.HttpContext.RequestAborted))
        {
            context.Fail($"The tenant '{tenant}' named by the token does not exist.");
            return;
        }
        var isAdmin = token!.Claims.Any(c => c.Type == oidc.RoleClaim && c.Value == oidc.AdminRoleValue);
        context.Principal = CallerClaims.Create(Scheme, tenant, isAdmin ? Roles.Admin : Roles.Reader,
            $"oidc:{subject}", $"oidc:{token.Issuer}:{subject}");
    }
}
