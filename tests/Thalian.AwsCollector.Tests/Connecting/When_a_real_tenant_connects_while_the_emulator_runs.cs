using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.AwsCollector.Tests.Fixtures;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Tests.Connecting;

/// <summary>The endpoint override points at a loopback listener that records whether anything connects to it.</summary>
public sealed class ListeningEndpointFixture : CollectorFixture
{
    public TcpListener Listener { get; } = new(IPAddress.Loopback, 0);

    protected override Task<Uri> StartAwsAsync()
    {
        Listener.Start();
        return Task.FromResult(new Uri($"http://127.0.0.1:{((IPEndPoint)Listener.LocalEndpoint).Port}/"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Listener.Stop();
        Listener.Dispose();
    }
}

public sealed class When_a_real_tenant_connects_while_the_emulator_runs(ListeningEndpointFixture fixture) : IClassFixture<ListeningEndpointFixture>
{
    [Fact]
    public async Task Its_signed_calls_never_reach_the_override_endpoint()
    {
        var accepted = fixture.Listener.AcceptTcpClientAsync();
        using var client = fixture.Host.CreateClientFor("real-tenant", sandbox: false);

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/aws", EmulatorCollectorFixture.Keys(3));

        // Real AWS is not reachable from the test machine, so the connect fails — but not against the listener.
        Assert.NotEqual(HttpStatusCode.Created, response.StatusCode);
        await Task.Delay(200);
        Assert.False(accepted.IsCompleted);
    }

    [Fact]
    public async Task A_300_region_connect_is_a_400_that_names_the_limit()
    {
        var regions = Enumerable.Range(1, 300).Select(i => $"us-east-{i}").ToArray();

        using var response = await fixture.Host.ConnectAsync("tenant-regions", new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = EmulatorCollectorFixture.Secret(7), cloudTrailRegions = regions,
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("At most ", problem.GetProperty("errors").GetProperty("cloudTrailRegions")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "eu-west-9")]
    [InlineData("us-east-1", "cn-north-1")]
    [InlineData("us-gov-west-1", "eu-west-1")]
    public async Task A_region_outside_the_home_partitions_real_list_is_a_400(string home, string trailRegion)
    {
        using var response = await fixture.Host.ConnectAsync("tenant-regions", new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = EmulatorCollectorFixture.Secret(7), region = home,
            cloudTrailRegions = new[] { trailRegion },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(trailRegion, problem.GetProperty("errors").GetProperty("cloudTrailRegions")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_holds_at_most_its_share_of_sync_slots_and_other_tenants_are_unaffected()
    {
        var slots = fixture.Host.Services.GetRequiredService<TenantSlots>();

        var held = new List<IAsyncDisposable?>();
        for (var i = 0; i < slots.PerTenant; i++)
        {
            held.Add(await slots.TryAcquireAsync("test-sync", "busy-tenant", CancellationToken.None));
        }
        var beyond = await slots.TryAcquireAsync("test-sync", "busy-tenant", CancellationToken.None);
        await using var otherTenant = await slots.TryAcquireAsync("test-sync", "quiet-tenant", CancellationToken.None);
        Assert.Equal(4, slots.PerTenant);
        Assert.All(held, Assert.NotNull);
        Assert.Null(beyond);
        Assert.NotNull(otherTenant);

        var first = held[0]!;
        await first.DisposeAsync();
        await using var afterRelease = await slots.TryAcquireAsync("test-sync", "busy-tenant", CancellationToken.None);
        Assert.NotNull(afterRelease);
        foreach (var slot in held.Skip(1))
        {
            await slot!.DisposeAsync();
        }
    }
}
