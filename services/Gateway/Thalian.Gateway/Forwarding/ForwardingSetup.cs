using Thalian.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Transforms;

namespace Thalian.Gateway.Forwarding;

public static class ForwardingSetup
{
    /// <summary>YARP routes from the ReverseProxy section; every proxied request carries the gateway token instead of the caller's credentials.</summary>
    public static IHostApplicationBuilder AddForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(GatewayTokenSigner.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<GatewayIdentity>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context =>
            {
                if (IsPublicHook(context.Route.Metadata))
                {
                    // A vendor's hook: its own Authorization (the hook secret) goes through for the service to verify.
                    context.AddRequestTransform(transform =>
                    {
                        transform.ProxyRequest.Headers.Remove(Authenticating.ApiKeyAuthenticationHandler.HeaderName);
                        transform.ProxyRequest.Headers.Remove("Cookie");
                        return ValueTask.CompletedTask;
                    });
                    return;
                }
                context.AddRequestTransform(transform =>
                    transform.HttpContext.RequestServices.GetRequiredService<GatewayIdentity>()
                        .ApplyAsync(transform.ProxyRequest, transform.HttpContext.User, transform.HttpContext.RequestAborted));
            });
        return builder;
    }

    public const string PublicHookMetadata = "Thalian.PublicHook";

    private static bool IsPublicHook(IReadOnlyDictionary<string, string>? metadata) =>
        metadata?.GetValueOrDefault(PublicHookMetadata) == "true";
}
