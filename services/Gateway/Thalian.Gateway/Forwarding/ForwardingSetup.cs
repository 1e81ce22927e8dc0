using Thalian.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Transforms;

namespace Thalian.Gateway.Forwarding;

public static class ForwardingSetup
{
    /// <summary>YARP routes from the ReverseProxy section; every proxied request carries the gateway token instead of the caller's credentials.</summary>
    public static IHostApplicationBuilder AddForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetGatewayTokens());
        builder.Services.AddSingleton<GatewayIdentity>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context => context.AddRequestTransform(transform =>
            {
                var identity = transform.HttpContext.RequestServices.GetRequiredService<GatewayIdentity>();
                identity.Apply(transform.ProxyRequest, transform.HttpContext.User);
                return ValueTask.CompletedTask;
            }));
        return builder;
    }
}
