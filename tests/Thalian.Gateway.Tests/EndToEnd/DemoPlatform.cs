using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// All six services on the isolated infrastructure. The five behind the gateway listen on real local ports (the gateway
/// proxies over HTTP like in production); the gateway itself is reached in memory, or on a real port too when a vendor must
/// call it (<see cref="GatewayUrl"/>).
/// </summary>
public sealed class DemoPlatform : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly List<IAsyncDisposable> services = [];

    public ServiceFactory<GatewayService> Gateway { get; private set; } = null!;

    /// <summary>The gateway's real address ("http://127.0.0.1:port/") when started with <c>gatewayOnPort</c>.</summary>
    public string? GatewayUrl { get; private set; }

    public static async Task<DemoPlatform> StartAsync(IsolatedInfrastructure infrastructure, DemoEmulators emulators, bool gatewayOnPort = false)
    {
        var platform = new DemoPlatform();
        var settings = new Dictionary<string, string?>
        {
            ["Thalian:Aws:EndpointOverride"] = emulators.Aws,
            ["Thalian:Idp:AllowCustomEndpoints"] = "true",
            ["Thalian:Idp:TrustedCertificatePath"] = emulators.IdpCertificate,
            ["Thalian:DaemonMode"] = "Solo",
            ["Thalian:Idp:ChangeFeedInterval"] = "00:00:02",
            // Renew every expiring hook every few seconds, so a test sees a renewal.
            ["Thalian:Idp:HookRenewalInterval"] = "00:00:03",
            ["Thalian:Idp:HookRenewBefore"] = "30.00:00:00",
        };
        var gatewaySettings = new Dictionary<string, string?>(settings)
        {
            ["ReverseProxy:Clusters:aws-collector:Destinations:primary:Address"] = await platform.StartAsync<Thalian.AwsCollector.AwsCollectorService>(infrastructure, "aws_collector", settings),
            ["ReverseProxy:Clusters:idp-collector:Destinations:primary:Address"] = await platform.StartAsync<Thalian.IdpCollector.IdpCollectorService>(infrastructure, "idp_collector", settings),
            ["ReverseProxy:Clusters:correlation:Destinations:primary:Address"] = await platform.StartAsync<Thalian.Correlation.CorrelationService>(infrastructure, "correlation", settings),
            ["ReverseProxy:Clusters:findings:Destinations:primary:Address"] = await platform.StartAsync<Thalian.Findings.FindingsService>(infrastructure, "findings", settings),
            ["ReverseProxy:Clusters:delivery:Destinations:primary:Address"] = await platform.StartAsync<Thalian.Delivery.DeliveryService>(infrastructure, "delivery",
                new Dictionary<string, string?>(settings) { ["Delivery:AllowInsecureHttp"] = "true" }),
        };
        if (gatewayOnPort)
        {
            platform.GatewayUrl = await platform.StartAsync<GatewayService>(infrastructure, "gateway", gatewaySettings);
            platform.Gateway = (ServiceFactory<GatewayService>)platform.services[^1];
            return platform;
        }
        platform.Gateway = new ServiceFactory<GatewayService>(infrastructure, "gateway", gatewaySettings);
        platform.services.Add(platform.Gateway);
        await Task.Run(() => platform.Gateway.Server).WaitAsync(StartTimeout);
        return platform;
    }

    private async Task<string> StartAsync<TService>(IsolatedInfrastructure infrastructure, string name, Dictionary<string, string?> settings)
        where TService : class
    {
        var factory = new ServiceFactory<TService>(infrastructure, name, settings);
        services.Add(factory);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // A service that cannot start must fail the test, not hang it.
        try
        {
            await Task.Run(factory.StartServer).WaitAsync(StartTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The {name} service did not start within {StartTimeout.TotalSeconds:0} s.", e);
        }
        return factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(services))
        {
            await service.DisposeAsync();
        }
    }
}
