using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Thalian.Gateway.Authenticating;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Sessions;

/// <summary>
/// The console's session: an encrypted, HttpOnly, SameSite=Strict cookie holding the principal the API key (or OIDC sign-in)
/// produced, plus a CSRF token. Short-lived and sliding; the key behind it is re-checked on every request, so revoking the
/// key ends its sessions at once.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "session";
    public const string Name = "thalian_session";
    public const string CsrfClaim = "thalian_csrf";
    public const string IssuedClaim = "thalian_session_issued";

    public static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder authentication, SessionOptions options) =>
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = Name;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = options.SecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => ProblemResponses.Unauthorized(context.HttpContext, "The console session has ended; sign in again."),
                OnRedirectToAccessDenied = context =>
                    ProblemResponses.Forbidden(context.HttpContext, ApiKeyAuthenticationHandler.ForbiddenDetail(context.HttpContext)),
                OnValidatePrincipal = context => ValidateAsync(context, options),
            };
        });

    /// <summary>A request authenticates with the session only when it carries no other credentials.</summary>
    public static bool IsOnlyCredential(HttpRequest request) =>
        request.Cookies.ContainsKey(Name)
        && string.IsNullOrEmpty(request.Headers.Authorization.ToString())
        && string.IsNullOrEmpty(request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString());

    private static async Task ValidateAsync(CookieValidatePrincipalContext context, SessionOptions options)
    {
        var user = context.Principal!;
        var issued = DateTimeOffset.TryParse(user.FindFirst(IssuedClaim)?.Value, out var at) ? at : DateTimeOffset.MinValue;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (now - issued > options.MaxLifetime || !await StillUsableAsync(context.HttpContext, user, now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>Sessions signed in with an API key end when the key is revoked or expires.</summary>
    private static async Task<bool> StillUsableAsync(HttpContext http, System.Security.Claims.ClaimsPrincipal user, DateTimeOffset now)
    {
        var subject = user.Actor();
        if (!subject.StartsWith("key:", StringComparison.Ordinal))
        {
            return true;
        }
        if (!Guid.TryParse(subject["key:".Length..], out var keyId))
        {
            return false;
        }
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(user.TenantId());
        var key = await session.LoadAsync<ApiKey>(keyId, http.RequestAborted);
        return key is not null && key.IsUsableAt(now);
    }
}
