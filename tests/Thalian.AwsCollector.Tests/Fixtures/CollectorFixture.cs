using System.Net.Http.Json;
using System.Text.Json;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>
/// One test class's world: isolated infrastructure, one AWS endpoint (moto or the emulator), the collector and a recorder.
/// Tests in the class use their own tenants, so they never see each other's connections.
/// </summary>
public abstract class CollectorFixture : IsolatedInfrastructure
{
    public CollectorHost Host { get; private set; } = null!;
    public SyncRecorder Recorder { get; private set; } = null!;

    protected abstract Task<Uri> StartAwsAsync();

    protected virtual IDictionary<string, string?>? ExtraSettings => null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var endpoint = await StartAwsAsync();
        Recorder = await SyncRecorder.StartAsync(RabbitMqUri);
        Host = new CollectorHost(this, endpoint, ExtraSettings);
        using var client = Host.CreateClient();
        await Eventually.True(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, what: "collector ready");
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Recorder.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Connects with the given body under a fresh tenant and waits for the first sync.</summary>
    public async Task<(string Tenant, Guid Id, SyncResult Sync)> ConnectAndSyncAsync(object body)
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Host.ConnectAsync(tenant, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"connect failed: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        var account = json.RootElement.GetProperty("accountId").GetString()!;
        var id = json.RootElement.GetProperty("id").GetGuid();
        return (tenant, id, await Recorder.SyncOf(tenant, account));
    }

    public async Task<JsonElement> GetConnectionAsync(string tenant, Guid id)
    {
        using var client = Host.CreateClientFor(tenant);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/aws/{id}");
    }
}

public sealed class MotoCollectorFixture : CollectorFixture
{
    public MotoServer Moto { get; } = new();

    protected override async Task<Uri> StartAwsAsync()
    {
        await Moto.InitializeAsync();
        return Moto.Endpoint;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Moto.DisposeAsync();
    }

    public object Keys(string which, object? extra = null) =>
        new { accessKeyId = Moto.Seed.Keys[which][0], secretAccessKey = Moto.Seed.Keys[which][1] };
}

/// <summary>The emulator with Fixtures/emulator-scenario.json: ten accounts, each with its own keys (key n = AKIATESTACCOUNT0000n).</summary>
public class EmulatorCollectorFixture : CollectorFixture
{
    public EmulatorServer Emulator { get; private set; } = null!;

    protected override async Task<Uri> StartAwsAsync()
    {
        Emulator = await EmulatorServer.StartAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emulator-scenario.json")));
        return Emulator.Endpoint;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    public static string AccountId(int n) => $"1000000000{n:00}";

    public static string KeyId(int n) => $"AKIATESTACCOUNT{n:00000}";

    public static string Secret(int n) => $"emulatorSecret{n:00000000000000000000000000}";

    public static object Keys(int n, object? extra = null) => new { accessKeyId = KeyId(n), secretAccessKey = Secret(n) };
}
