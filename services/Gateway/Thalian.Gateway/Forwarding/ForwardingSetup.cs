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
            .AddTransforms(context => context.AddRequestTransform(transform =>
                transform.HttpContext.RequestServices.GetRequiredService<GatewayIdentity>()
                    .ApplyAsync(transform.ProxyRequest, transform.HttpContext.User, transform.HttpContext.RequestAborted)));
        return builder;
    }
}
