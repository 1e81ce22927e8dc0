using System.Security.Claims;
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
        var (caller, failure) = await CallerAsync(context.HttpContext, token?.Claims ?? [], token?.Subject, token?.Issuer, oidc, Scheme);
        if (caller is null)
        {
            context.Fail(failure!);
            return;
        }
        context.Principal = caller;
    }

    /// <summary>
    /// The gateway principal of a validated identity from the configured issuer (a bearer token here, the console's OIDC
    /// sign-in too): tenant and role from the configured claims, the tenant must exist. Or why there is none.
    /// </summary>
    public static async Task<(ClaimsPrincipal? Caller, string? Failure)> CallerAsync(HttpContext http, IEnumerable<Claim> claims, string? subject,
        string? issuer, OidcOptions oidc, string scheme)
    {
        var all = claims.ToList();
        var tenant = all.FirstOrDefault(c => c.Type == oidc.TenantClaim)?.Value;
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(subject))
        {
            return (null, $"The token carries no '{oidc.TenantClaim}' or 'sub' claim.");
        }
        var directory = http.RequestServices.GetRequiredService<TenantDirectory>();
        if (!await directory.TenantExistsAsync(tenant, http.RequestAborted))
        {
            return (null, $"The tenant '{tenant}' named by the token does not exist.");
        }
        var isAdmin = all.Any(c => c.Type == oidc.RoleClaim && c.Value == oidc.AdminRoleValue);
        return (CallerClaims.Create(scheme, tenant, isAdmin ? Roles.Admin : Roles.Reader, $"oidc:{subject}", $"oidc:{issuer}:{subject}"), null);
    }
}
