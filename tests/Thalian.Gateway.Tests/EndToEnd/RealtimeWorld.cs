using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// The demo's production AWS account and its Okta, connected through a gateway on a real port (Okta must reach its hooks),
/// with both first syncs settled: frank (deprovisioned in Okta) is a stale IAM user, alice is not.
/// </summary>
public sealed class OktaRealtimeWorld : IAsyncDisposable
{
    public const string AliceOkta = "00ualice0001";
    public const string AliceArn = "arn:aws:iam::111122223333:user/alice@kestrel-dynamics.example";

    private DemoEmulators emulators = null!;
    private DemoPlatform platform = null!;

    public HttpClient Api { get; } = new();
    public HttpClient Anonymous { get; } = new();
    public HttpClient Emulator { get; } = new();
    public string OktaId { get; private set; } = "";
    public string GatewayUrl => platform.GatewayUrl!;
    public string ApiKey { get; private set; } = "";

    public static async Task<OktaRealtimeWorld> StartAsync(IsolatedInfrastructure infrastructure)
    {
        var world = new OktaRealtimeWorld();
        world.emulators = await DemoEmulators.StartAsync(new DemoOptions().DemoDir);
        world.platform = await DemoPlatform.StartAsync(infrastructure, world.emulators, gatewayOnPort: true);
        var directory = world.platform.Gateway.Services.GetRequiredService<TenantDirectory>();
        var tenant = await directory.CreateTenantAsync("Realtime", CancellationToken.None, sandbox: true);
        (_, world.ApiKey) = await directory.CreateKeyAsync(tenant.Id, "admin", Roles.Admin, null, "test", CancellationToken.None);
        world.Api.BaseAddress = world.Anonymous.BaseAddress = new Uri(world.GatewayUrl);
        world.Emulator.BaseAddress = new Uri(world.emulators.Idp);
        world.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.ApiKey);
        world.OktaId = await world.ConnectAsync("/api/v1/integrations/okta",
            new { displayName = "Okta", orgUrl = $"{world.emulators.Idp}/okta", apiToken = "kestrel-okta-demo-token" });
        await world.ConnectAsync("/api/v1/integrations/aws",
            new { displayName = "Production", accessKeyId = "AKIADEMOPRODAUDIT001", secretAccessKey = "DemoProdAuditSecretKey00000000000000001A", region = "us-east-1" });
        await Settling.WaitForFindingsAsync(world.Api, TimeSpan.FromMinutes(3),
            f => f.Any(x => x.RuleId == "stale-iam-user" && x.ResourceArn.EndsWith("/frank@kestrel-dynamics.example", StringComparison.Ordinal)));
        return world;
    }

    public Task<HttpResponseMessage> EnableRealtimeAsync() =>
        Api.PutAsJsonAsync($"/api/v1/integrations/idp/{OktaId}/realtime", new { publicUrl = GatewayUrl });

    /// <summary>An Okta admin changes a user (the emulator then delivers the event to every verified hook); returns its answer.</summary>
    public async Task<JsonElement> ChangeUserAsync(string oktaUserId, string action)
    {
        using var response = await Emulator.PostAsync($"/_emulator/okta/users/{oktaUserId}/lifecycle/{action}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> ConnectAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Anonymous.Dispose();
        Emulator.Dispose();
        await platform.DisposeAsync();
        await emulators.DisposeAsync();
    }
}
