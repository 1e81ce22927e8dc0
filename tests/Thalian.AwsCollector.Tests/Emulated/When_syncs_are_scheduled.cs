using Microsoft.Extensions.Configuration;
using Thalian.AwsCollector.Syncing;
using Thalian.AwsCollector.Tests.Fixtures;
using Thalian.ServiceDefaults.Locking;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Emulated;

public sealed class FastScheduleFixture : EmulatorCollectorFixture
{
    protected override IDictionary<string, string?>? ExtraSettings => new Dictionary<string, string?>
    {
        ["Thalian:Aws:SyncInterval"] = "00:00:03",
        ["Thalian:Aws:SchedulerTick"] = "00:00:01",
    };
}

public sealed class When_syncs_are_scheduled(FastScheduleFixture fixture) : IClassFixture<FastScheduleFixture>
{
    [Fact]
    public async Task A_connection_is_synced_again_when_its_interval_has_passed()
    {
        var (tenant, _, first) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(9));

        var again = await fixture.Recorder.SyncOf(tenant, "100000000009", skip: 1);

        Assert.True(again.Completed.Complete);
        Assert.True(again.Completed.StartedAt >= first.Completed.CompletedAt);
        // The second run asks CloudTrail only for newer events, yet still reports the root use found before.
        Assert.Equal(first.Account!.Posture.RootActivity, again.Account!.Posture.RootActivity);
        Assert.Single(again.Account.Posture.RootActivity);
    }

    [Fact]
    public async Task A_sync_lock_is_held_by_one_holder_at_a_time()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = fixture.PostgresConnectionString }).Build();
        var locks = new AdvisoryLocks(config, "aws_collector");
        var name = "sync/test/" + Guid.NewGuid();

        await using (var held = await locks.TryAcquireAsync(name, default))
        {
            Assert.NotNull(held);
            Assert.Null(await locks.TryAcquireAsync(name, default));
        }
        await using var again = await locks.TryAcquireAsync(name, default);
        Assert.NotNull(again);
    }
}
