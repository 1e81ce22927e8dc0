using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Thalian.Gateway.Authenticating;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Sessions;

/// <summary>What the console knows about its caller. The CSRF token is only present for cookie sessions.</summary>
public sealed record SessionView(string TenantId, string Role, string Subject, string Method, string? CsrfToken);

/// <summary>How a person may sign in to the console here.</summary>
public sealed record SignInMethods(bool ApiKey, bool Oidc);

/// <summary>
/// POST /api/v1/session exchanges an API key (sent as usual, in Authorization or X-Api-Key — the normal API-key handler
/// authenticates it) for a session cookie carrying the same principal; DELETE signs out; GET says who the caller is.
/// </summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app, bool oidc)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Console session");
        session.MapGet("/methods", () => new SignInMethods(true, oidc)).AllowAnonymous()
            .WithSummary("Which sign-in methods the console offers").Produces<SignInMethods>();
        session.MapPost("", SignInAsync)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(GatewayTokens.TenantClaim))
            .WithSummary("Exchange the API key sent with this request for a console session cookie")
            .Produces<SessionView>();
        session.MapGet("", (HttpContext http) => View(http.User))
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireClaim(GatewayTokens.TenantClaim))
            .WithSummary("The signed-in caller: tenant, role and (for console sessions) the CSRF token").Produces<SessionView>();
        session.MapDelete("", async (HttpContext http) =>
            {
                await http.SignOutAsync(SessionCookie.Scheme);
                return Results.NoContent();
            })
            .RequireAuthorization(p => p.RequireAuthenticatedUser())
            .WithSummary("Sign out of the console").Produces(StatusCodes.Status204NoContent);
        return app;
    }

    /// <summary>Signs the principal in with a fresh CSRF token; the principal is exactly the one authentication produced.</summary>
    private static async Task<SessionView> SignInAsync(HttpContext http, TimeProvider clock)
    {
        var principal = ForSession(http.User, clock.GetUtcNow());
        await http.SignInAsync(SessionCookie.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return View(principal);
    }

    /// <summary>The caller's principal, unchanged but for the session's own claims: a fresh CSRF token and the sign-in time.</summary>
    public static ClaimsPrincipal ForSession(ClaimsPrincipal caller, DateTimeOffset now) =>
        new(new ClaimsIdentity(
            caller.Claims.Where(c => c.Type is not (SessionCookie.CsrfClaim or SessionCookie.IssuedClaim))
                .Append(new Claim(SessionCookie.CsrfClaim, CsrfProtection.NewToken()))
                .Append(new Claim(SessionCookie.IssuedClaim, now.ToString("O", CultureInfo.InvariantCulture))),
            SessionCookie.Scheme, "sub", GatewayTokens.RoleClaim));

    private static SessionView View(ClaimsPrincipal user) => new(user.TenantId(), CallerClaims.RoleOf(user), user.Actor(),
        user.Identity?.AuthenticationType ?? "", user.FindFirst(SessionCookie.CsrfClaim)?.Value);
}
