using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.Sessions;

/// <summary>
/// Console sign-in through the configured OIDC issuer: authorization code with PKCE, then the same principal an OIDC
/// bearer token gives (tenant and role from the configured claims), kept in the session cookie. On when Thalian:Oidc has an
/// Authority and a ClientId (ClientSecret optional: public clients use PKCE alone).
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc-signin";
    public const string CallbackPath = "/api/v1/session/oidc/callback";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Thalian:Oidc:Authority"]) && !string.IsNullOrWhiteSpace(configuration["Thalian:Oidc:ClientId"]);

    public static AuthenticationBuilder AddOidcSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Thalian:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        return authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = configuration["Thalian:Oidc:ClientId"];
            o.ClientSecret = configuration["Thalian:Oidc:ClientSecret"];
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query; // a top-level GET back, so the Lax correlation cookies arrive
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = SessionCookie.Scheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context => MapAsync(context, oidc),
                OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    context.Response.Redirect("/signin?error=" + Uri.EscapeDataString(context.Failure?.Message ?? "The identity provider sign-in failed."));
                    return Task.CompletedTask;
                },
            };
        });
    }

    public static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/session/oidc", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task MapAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        var claims = context.Principal!;
        var (caller, failure) = await OidcTokens.CallerAsync(context.HttpContext, claims.Claims, claims.FindFirst("sub")?.Value,
            claims.FindFirst("iss")?.Value, oidc, SessionCookie.Scheme);
        if (caller is null)
        {
            context.Fail(failure!);
            return;
        }
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        context.Principal = SessionEndpoints.ForSession(caller, clock.GetUtcNow());
    }
}
