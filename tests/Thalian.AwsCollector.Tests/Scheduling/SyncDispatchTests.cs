using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Syncing;

namespace Thalian.AwsCollector.Tests.Scheduling;

/// <summary>The dispatcher's rules: what holds a tenant's slot, and when each connection falls due.</summary>
public sealed class SyncDispatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly AwsCollectorOptions Options = new();

    [Fact]
    public void A_requested_sync_holds_a_slot_until_it_finishes_or_is_presumed_lost()
    {
        var requested = new AwsConnection { LastSyncRequestedAt = Now.AddMinutes(-5) };

        Assert.True(SyncDispatcher.InFlight(requested, Now, Options));
        Assert.False(SyncDispatcher.InFlight(new AwsConnection { LastSyncRequestedAt = Now.AddMinutes(-5), LastSyncCompletedAt = Now.AddMinutes(-1) }, Now, Options));
        Assert.False(SyncDispatcher.InFlight(new AwsConnection { LastSyncRequestedAt = Now - Options.SyncRunTimeout }, Now, Options));
        Assert.False(SyncDispatcher.InFlight(new AwsConnection(), Now, Options));
    }

    [Fact]
    public void Connections_requested_together_fall_due_at_different_times_within_the_last_tenth_of_the_interval()
    {
        var interval = TimeSpan.FromHours(4);
        var offsets = Enumerable.Range(0, 1000).Select(_ => SyncDispatcher.Offset(Guid.NewGuid(), interval)).ToList();

        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, interval / 10));
        // 1,000 accounts spread over 24 minutes: no minute gets more than a small share of them.
        Assert.True(offsets.GroupBy(o => (int)o.TotalMinutes).Max(g => g.Count()) < 100);
        var id = Guid.NewGuid();
        Assert.Equal(SyncDispatcher.Offset(id, interval), SyncDispatcher.Offset(id, interval));
    }

    [Fact]
    public void A_connection_is_due_once_its_interval_minus_its_offset_has_passed()
    {
        var interval = TimeSpan.FromHours(4);
        var options = new AwsCollectorOptions { SyncInterval = interval };
        var connection = new AwsConnection { Id = Guid.NewGuid(), LastSyncRequestedAt = Now, Status = ConnectionStatus.Synced };
        var dueAt = Now + interval - SyncDispatcher.Offset(connection.Id, interval);

        Assert.True(SyncDispatcher.IsDue(new AwsConnection(), Now, options));
        Assert.False(SyncDispatcher.IsDue(connection, dueAt.AddSeconds(-1), options));
        Assert.True(SyncDispatcher.IsDue(connection, dueAt, options));
    }

    [Fact]
    public void An_incomplete_run_is_due_again_after_the_retry_interval_not_the_sync_interval()
    {
        var options = new AwsCollectorOptions { SyncInterval = TimeSpan.FromHours(4), FailedSyncRetryInterval = TimeSpan.FromMinutes(5) };
        var connection = new AwsConnection { Id = Guid.NewGuid(), LastSyncRequestedAt = Now, Status = ConnectionStatus.Incomplete };

        Assert.False(SyncDispatcher.IsDue(connection, Now.AddMinutes(4), options));
        Assert.True(SyncDispatcher.IsDue(connection, Now.AddMinutes(5), options));
        connection.Status = ConnectionStatus.Synced;
        Assert.False(SyncDispatcher.IsDue(connection, Now.AddMinutes(5), options));
    }
}
