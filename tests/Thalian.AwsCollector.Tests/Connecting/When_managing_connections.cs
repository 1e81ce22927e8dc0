using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Connecting;

public sealed class When_managing_connections(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    [Fact]
    public async Task List_sync_now_rotate_and_delete_work_for_admins_only()
    {
        var (tenant, id, first) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(9));
        using var admin = fixture.Host.CreateClientFor(tenant);
        using var viewer = fixture.Host.CreateClientFor(tenant, "viewer");

        var list = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/integrations/aws");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(("aws", "100000000009", "synced", true), (item.GetProperty("type").GetString(), item.GetProperty("accountId").GetString(),
            item.GetProperty("status").GetString(), item.GetProperty("lastSyncComplete").GetBoolean()));
        Assert.Equal(3, item.GetProperty("counts").GetProperty("users").GetInt32());
        foreach (var field in new[] { "id", "displayName", "lastSyncStartedAt", "lastSyncCompletedAt", "lastError", "createdAt" })
        {
            Assert.True(item.TryGetProperty(field, out _), field);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/integrations/aws/{id}/sync", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/integrations/aws/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/integrations/aws/{id}/sync", null)).StatusCode);
        var second = await fixture.Recorder.SyncOf(tenant, "100000000009", skip: 1);
        Assert.NotEqual(first.Completed.SyncRunId, second.Completed.SyncRunId);
        Assert.True(second.Completed.Complete);

        using var otherAccount = await admin.PutAsJsonAsync($"/api/v1/integrations/aws/{id}/credentials", EmulatorCollectorFixture.Keys(10));
        Assert.Equal(HttpStatusCode.Conflict, otherAccount.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/integrations/aws/{id}")).StatusCode);
        var removed = await Testing.Eventually.Get(() => Task.FromResult(fixture.Recorder.Removed.FirstOrDefault(r => r.ConnectionId == id)));
        Assert.Equal(("100000000009", tenant), (removed.AccountId, removed.TenantId));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/integrations/aws/{id}")).StatusCode);
        using var otherTenant = fixture.Host.CreateClientFor("someone-else");
        Assert.Empty((await otherTenant.GetFromJsonAsync<JsonElement>("/api/v1/integrations/aws")).EnumerateArray());
    }

    [Fact]
    public async Task Requests_without_a_gateway_token_are_rejected()
    {
        using var client = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/integrations/aws")).StatusCode);
    }
}

public sealed class When_a_sync_is_already_running(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    [Fact]
    public async Task A_second_request_for_the_same_connection_is_dropped_while_the_lock_is_held()
    {
        var (tenant, id, _) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(9));
        var locks = fixture.Host.Services.GetRequiredService<Thalian.ServiceDefaults.Locking.AdvisoryLocks>();
        using var admin = fixture.Host.CreateClientFor(tenant);

        await using (var held = await locks.TryAcquireAsync($"sync/{tenant}/{id}", default))
        {
            Assert.NotNull(held);
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/integrations/aws/{id}/sync", null)).StatusCode);
            await Testing.Eventually.True(() => Task.FromResult(fixture.Host.LogLines.Any(l => l.Contains($"sync of AWS connection {id} is already running", StringComparison.Ordinal))),
                what: "the dropped sync request");
        }
        Assert.Single(fixture.Recorder.Completed, c => c.TenantId == tenant);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/integrations/aws/{id}/sync", null)).StatusCode);
        var next = await fixture.Recorder.SyncOf(tenant, "100000000009", skip: 1);
        Assert.True(next.Completed.Complete);
    }
}
