using Microsoft.AspNetCore.Authentication;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.Gateway.Sessions;

public static class SessionSetup
{
    /// <summary>
    /// The session cookie scheme (and OIDC sign-in when configured). Cookies are encrypted with Data Protection keys kept in
    /// the gateway's schema, so every replica reads every session and a restart signs nobody out.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleSessions(this IHostApplicationBuilder builder)
    {
        builder.AddSecretProtection("thalian-gateway", "gateway");
        var authentication = builder.Services.AddAuthentication();
        var options = builder.Configuration.GetSection("Thalian:Session").Get<SessionOptions>() ?? new SessionOptions();
        authentication.AddSessionCookie(options);
        if (OidcSignIn.IsConfigured(builder.Configuration))
        {
            authentication.AddOidcSignIn(builder.Configuration);
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapConsoleSessions(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var oidc = OidcSignIn.IsConfigured(configuration);
        app.MapSessionEndpoints(oidc);
        if (oidc)
        {
            app.MapOidcSignIn();
        }
        return app;
    }
}
