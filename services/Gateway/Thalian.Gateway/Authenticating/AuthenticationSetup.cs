using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Thalian.Gateway.Sessions;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.Authenticating;

public static class AuthenticationSetup
{
    public const string Selector = "thalian";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// API keys always, OIDC bearer tokens when configured. Every endpoint requires a tenant; readers may only read
    /// (fallback policy, which also covers the proxied routes); the key API needs admin.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection("Thalian:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Enabled && string.IsNullOrWhiteSpace(oidc.Audience))
        {
            throw new InvalidOperationException("Thalian:Oidc:Audience is required whenever Thalian:Oidc:Authority is set: without it, tokens " +
                "the same issuer minted for any other application would be accepted. Set it to the audience your IdP puts in Thalian's tokens.");
        }
        var authentication = builder.Services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or OIDC", o => o.ForwardDefaultSelector = context => SchemeFor(context, oidc))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (oidc.Enabled)
        {
            authentication.AddJwtBearer(OidcTokens.Scheme, jwt => OidcTokens.Configure(jwt, oidc));
        }
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireClaim(GatewayTokens.TenantClaim)
                .RequireAssertion(context => context.User.IsInRole(Roles.Admin) || IsReadOnly(context.Resource))
                .Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(GatewayTokens.TenantClaim).RequireRole(Roles.Admin));
        return builder;
    }

    private static string SchemeFor(HttpContext context, OidcOptions oidc) =>
        SessionCookie.IsOnlyCredential(context.Request) ? SessionCookie.Scheme
        : oidc.Enabled && ApiKeyAuthenticationHandler.PresentedKey(context.Request) is null
            && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? OidcTokens.Scheme
            : ApiKeyAuthenticationHandler.SchemeName;

    private static bool IsReadOnly(object? resource) =>
        resource is HttpContext http
        && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
}
