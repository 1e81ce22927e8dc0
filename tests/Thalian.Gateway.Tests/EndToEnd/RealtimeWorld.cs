using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Findings;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// One IdP with real time as the tests drive it: how it is connected, the person whose change is pushed (linked to an IAM
/// user of the demo's production account through this IdP alone) and the emulator's control endpoints that change them.
/// </summary>
public sealed record RealtimeVendor(string Name, string ConnectPath, Func<DemoEmulators, object> ConnectBody, string SubjectId, string SubjectArn,
    string Deprovision, string Restore, string SettledArn)
{
    public static readonly RealtimeVendor Okta = new("okta", "/api/v1/integrations/okta",
        e => new { displayName = "Okta", orgUrl = $"{e.Idp}/okta", apiToken = "kestrel-okta-demo-token" },
        "00ualice0001", "arn:aws:iam::111122223333:user/alice@kestrel-dynamics.example",
        "/_emulator/okta/users/{id}/lifecycle/deactivate", "/_emulator/okta/users/{id}/lifecycle/reactivate",
        "arn:aws:iam::111122223333:user/frank@kestrel-dynamics.example");

    public static readonly RealtimeVendor Entra = new("entra", "/api/v1/integrations/entra",
        e => new
        {
            displayName = "Entra ID", tenantId = "7e5f1a2b-0c3d-4e5f-8a9b-0c1d2e3f4a5b", clientId = "kestrel-thalian-reader",
            clientSecret = "kestrel-entra-demo-secret", authorityHost = $"{e.IdpHttps}/", graphBaseUrl = $"{e.IdpHttps}/graph/v1.0",
        },
        "e1000000-0000-0000-0000-00000000a1a0", "arn:aws:iam::111122223333:user/ivan@kestrel-dynamics.example",
        "/_emulator/entra/users/{id}/disable", "/_emulator/entra/users/{id}/enable",
        "arn:aws:iam::111122223333:user/nora");

    public static RealtimeVendor Named(string name) => name == Okta.Name ? Okta : name == Entra.Name ? Entra : throw new ArgumentException(name);

    public bool IsSubject(FindingDetails f) => f.RuleId == "stale-iam-user" && f.ResourceArn == SubjectArn;

    public bool IsSubject(Finding f) => f.RuleId == "stale-iam-user" && f.ResourceArn == SubjectArn;
}

/// <summary>
/// The demo's production AWS account and one of its IdPs, connected through a gateway on a real port (the vendor must reach
/// its hooks), with both first syncs settled: the vendor's subject is not a stale IAM user yet.
/// </summary>
public sealed class RealtimeWorld : IAsyncDisposable
{
    private DemoEmulators emulators = null!;
    private DemoPlatform platform = null!;

    public RealtimeVendor Vendor { get; private init; } = null!;
    public HttpClient Api { get; } = new();
    public HttpClient Anonymous { get; } = new();
    public HttpClient Emulator { get; } = new();
    public string ConnectionId { get; private set; } = "";
    public string GatewayUrl => platform.GatewayUrl!;
    public string ApiKey { get; private set; } = "";

    public static async Task<RealtimeWorld> StartAsync(IsolatedInfrastructure infrastructure, RealtimeVendor vendor)
    {
        var world = new RealtimeWorld { Vendor = vendor };
        world.emulators = await DemoEmulators.StartAsync(new DemoOptions().DemoDir);
        world.platform = await DemoPlatform.StartAsync(infrastructure, world.emulators, gatewayOnPort: true);
        var directory = world.platform.Gateway.Services.GetRequiredService<TenantDirectory>();
        var tenant = await directory.CreateTenantAsync("Realtime", CancellationToken.None, sandbox: true);
        (_, world.ApiKey) = await directory.CreateKeyAsync(tenant.Id, "admin", Roles.Admin, null, "test", CancellationToken.None);
        world.Api.BaseAddress = world.Anonymous.BaseAddress = new Uri(world.GatewayUrl);
        world.Emulator.BaseAddress = new Uri(world.emulators.Idp);
        world.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.ApiKey);
        world.ConnectionId = await world.ConnectAsync(vendor.ConnectPath, vendor.ConnectBody(world.emulators));
        await world.ConnectAsync("/api/v1/integrations/aws",
            new { displayName = "Production", accessKeyId = "AKIADEMOPRODAUDIT001", secretAccessKey = "DemoProdAuditSecretKey00000000000000001A", region = "us-east-1" });
        await Settling.WaitForFindingsAsync(world.Api, TimeSpan.FromMinutes(3), f => f.Any(x => x.RuleId == "stale-iam-user" && x.ResourceArn == vendor.SettledArn));
        return world;
    }

    public string RealtimePath => $"/api/v1/integrations/idp/{ConnectionId}/realtime";

    public Task<HttpResponseMessage> EnableRealtimeAsync() => Api.PutAsJsonAsync(RealtimePath, new { publicUrl = GatewayUrl });

    /// <summary>An admin changes a user in the vendor (the emulator then delivers the change to every registered hook); returns its answer.</summary>
    public async Task<JsonElement> ChangeUserAsync(string path)
    {
        using var response = await Emulator.PostAsync(path, null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<JsonElement> DeprovisionSubjectAsync() => ChangeUserAsync(Vendor.Deprovision.Replace("{id}", Vendor.SubjectId, StringComparison.Ordinal));

    public Task<JsonElement> RestoreSubjectAsync() => ChangeUserAsync(Vendor.Restore.Replace("{id}", Vendor.SubjectId, StringComparison.Ordinal));

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
