using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Thalian.IdpEmulator.Vendors;

namespace Thalian.IdpEmulator;

/// <summary>Builds the emulator app: from the command line (<c>--scenario --urls --cert-out</c>) or in-process for tests.</summary>
public static class EmulatorHost
{
    public static WebApplication Build(string[] args, Scenario? scenario = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var path = ResolvePath(builder.Configuration["scenario"]);
        var state = new EmulatorState(scenario ?? (path is null ? new Scenario() : Scenario.Load(path)));
        var certificate = SelfSignedCertificate.Create();
        if (ResolvePath(builder.Configuration["cert-out"]) is { } certOut)
        {
            File.WriteAllText(certOut, SelfSignedCertificate.PublicPem(certificate));
        }
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(certificate);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/_emulator/requests", (EmulatorState s) => Results.Ok(s.Requests));
        app.MapPut("/_emulator/scenario", async (HttpRequest request, EmulatorState s) =>
        {
            s.Replace(await JsonSerializer.DeserializeAsync<Scenario>(request.Body, Scenario.Json) ?? new Scenario());
            return Results.NoContent();
        });
        OktaEmulation.Map(app);
        OktaEventHooks.Map(app);
        EntraEmulation.Map(app);
        GraphChangeNotifications.Map(app);
        GoogleEmulation.Map(app);
        JumpCloudEmulation.Map(app);
        OneLoginEmulation.Map(app);
        return app;
    }

    /// <summary>`dotnet run` starts the app in the project directory; relative paths are meant from the caller's shell directory.</summary>
    private static string? ResolvePath(string? path) =>
        path is null || Path.IsPathRooted(path) || Environment.GetEnvironmentVariable("PWD") is not { } shellDirectory
            ? path
            : Path.GetFullPath(Path.Combine(shellDirectory, path));

    /// <summary>Starts an emulator on free loopback ports (one http, one https) for a test.</summary>
    public static async Task<RunningEmulator> StartAsync(Scenario scenario)
    {
        var app = Build([], scenario, b => b.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps());
        }));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new RunningEmulator(app,
            addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal),
            addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)),
            app.Services.GetRequiredService<X509Certificate2>(),
            app.Services.GetRequiredService<EmulatorState>());
    }
}

public sealed record RunningEmulator(WebApplication App, string HttpUrl, string HttpsUrl, X509Certificate2 Certificate, EmulatorState State) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
