using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Syncing;
using Thalian.ServiceDefaults.Locking;
using Thalian.Testing;

namespace Thalian.IdpCollector.Tests;

/// <summary>A collector whose schedule is seconds, not an hour.</summary>
public sealed class FastScheduleHarness : CollectorHarness
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Thalian:Idp:SchedulerTick"] = "00:00:00.500",
        ["Thalian:Idp:SyncInterval"] = "00:00:02",
    };
}

public sealed class Scheduled_syncs(FastScheduleHarness harness) : IClassFixture<FastScheduleHarness>
{
    [Fact]
    public async Task Every_connection_is_synced_again_when_its_interval_has_passed()
    {
        using var client = harness.Collector.CreateClientFor("tenant-schedule");
        using var created = await client.PostAsJsonAsync("/api/v1/integrations/okta", harness.ConnectBody(IdpProviders.Okta));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var first = await harness.CompletionAsync(id);
        var second = await harness.CompletionAsync(id, nth: 2);

        Assert.True(first.Complete && second.Complete);
        Assert.NotEqual(first.SyncRunId, second.SyncRunId);
        Assert.True(second.StartedAt >= first.CompletedAt, "runs of one connection never overlap");
    }
}

public sealed class Sync_lock : IsolatedInfrastructure
{
    [Fact]
    public async Task Only_one_holder_per_connection_until_released()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = PostgresConnectionString }).Build();
        var syncLock = new AdvisoryLocks(config, SchemaFor("idp_collector"));
        var connectionId = "sync/t/" + Guid.NewGuid();

        var first = await syncLock.TryAcquireAsync(connectionId, CancellationToken.None);
        var second = await syncLock.TryAcquireAsync(connectionId, CancellationToken.None);
        var other = await syncLock.TryAcquireAsync("sync/t/" + Guid.NewGuid(), CancellationToken.None);
        await first!.DisposeAsync();
        var afterRelease = await syncLock.TryAcquireAsync(connectionId, CancellationToken.None);

        Assert.Null(second);
        Assert.NotNull(other);
        Assert.NotNull(afterRelease);
        await other!.DisposeAsync();
        await afterRelease!.DisposeAsync();
    }
}
