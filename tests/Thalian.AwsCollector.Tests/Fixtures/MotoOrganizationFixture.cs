using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>
/// moto seeded with an organisation (moto_org_seed.py), the collector, and the real correlation and findings services on
/// the same bus, so the test sees what the organisation's accounts become downstream.
/// </summary>
public sealed class MotoOrganizationFixture : CollectorFixture
{
    public MotoServer Moto { get; } = new("moto_org_seed.py");
    public ServiceFactory<Thalian.Correlation.CorrelationService> Correlation { get; private set; } = null!;
    public ServiceFactory<Thalian.Findings.FindingsService> Findings { get; private set; } = null!;

    public JsonElement Seed => Moto.SeedOutput;
    public string Member(string name) => Seed.GetProperty("members").GetProperty(name).GetString()!;
    public string ManagementAccount => Seed.GetProperty("management").GetString()!;
    public string Key(string which, int part) => Seed.GetProperty(which)[part].GetString()!;

    protected override IDictionary<string, string?>? ExtraSettings => new Dictionary<string, string?>
    {
        // ListOrganizationsFeatures is not implemented by moto (HTTP 500): give up on it quickly.
        ["Thalian:Aws:RetryAttempts"] = "2",
    };

    protected override async Task<Uri> StartAwsAsync()
    {
        await Moto.InitializeAsync();
        return Moto.Endpoint;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation");
        Findings = new ServiceFactory<Thalian.Findings.FindingsService>(this, "findings");
        _ = Correlation.Server;
        _ = Findings.Server;
        await Correlation.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await Findings.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public override async Task DisposeAsync()
    {
        await Findings.DisposeAsync();
        await Correlation.DisposeAsync();
        await base.DisposeAsync();
        await Moto.DisposeAsync();
    }

    public object ManagementKeys() => new
    {
        accessKeyId = Key("managementKey", 0), secretAccessKey = Key("managementKey", 1), memberExternalId = Seed.GetProperty("externalId").GetString(),
    };

    public async Task<HttpResponseMessage> ConnectOrganizationAsync(string tenant, object body)
    {
        using var client = Host.CreateClientFor(tenant);
        return await client.PostAsJsonAsync("/api/v1/integrations/aws-organization", body);
    }

    /// <summary>Creates an account in the organisation as its administrator would (not with the collector's credentials).</summary>
    public async Task<string> CreateAccountAsync(string name)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "moto_org_admin.py");
        var start = new ProcessStartInfo("python3", $"{script} {Moto.Endpoint} {Key("adminKey", 0)} {Key("adminKey", 1)} {name}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var run = Process.Start(start)!;
        var output = await run.StandardOutput.ReadToEndAsync();
        var errors = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, errors);
        return output.Trim();
    }
}
