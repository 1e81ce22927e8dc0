using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Thalian.AwsEmulator;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>The AWS emulator on a free loopback port, from a scenario given as JSON text.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmulatorServer(WebApplication app) => this.app = app;

    public Uri Endpoint => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public EmulatorState State => app.Services.GetRequiredService<EmulatorState>();

    public static async Task<EmulatorServer> StartAsync(string scenarioJson)
    {
        var app = EmulatorApp.Create(["--urls", "http://127.0.0.1:0"], Scenario.Parse(scenarioJson));
        await app.StartAsync();
        return new EmulatorServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
