using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Syncing;

/// <summary>Asks for a sync of every connection whose last sync started more than the interval ago (all tenants).</summary>
public sealed class SyncScheduler(
    IDocumentStore store, IBus bus, AdvisoryLocks locks, IOptions<IdpOptions> options, TimeProvider time, ILogger<SyncScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, time);
        do
        {
            try
            {
                await ScheduleDueAsync(stoppingToken);
                await CloseInterruptedRunsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not schedule IdP syncs this round");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScheduleDueAsync(CancellationToken cancellationToken)
    {
        var due = time.GetUtcNow() - options.Value.SyncInterval;
        // An incomplete run is tried again soon rather than at the next interval: the state it left is the last good one.
        var retryDue = time.GetUtcNow() - options.Value.FailedSyncRetryInterval;
        await using var session = store.QuerySession();
        var connections = await session.Query<IdpConnection>()
            .Where(c => c.AnyTenant() && (c.SyncDeferred || c.LastSyncStartedAt == null || c.LastSyncStartedAt < due
                || (c.Status == ConnectionStatus.Incomplete && c.LastSyncStartedAt < retryDue)))
            .Select(c => new { c.Id, c.TenantId, c.Status })
            .ToListAsync(cancellationToken);
        foreach (var c in connections)
        {
            var reason = c.Status == ConnectionStatus.Incomplete ? SyncRunner.RetryReason : SyncRunner.ScheduleReason;
            await bus.Publish(new SyncIdpConnection(c.TenantId!, c.Id, Guid.NewGuid(), reason), cancellationToken);
        }
    }

    /// <summary>
    /// A connection still "syncing" whose sync lock is free has no run anywhere: the process running it died, or the
    /// run could not record its outcome. It is marked incomplete with the reason and synced again.
    /// </summary>
    private async Task CloseInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IdpConnection> syncing;
        await using (var query = store.QuerySession())
        {
            syncing = await query.Query<IdpConnection>().Where(c => c.AnyTenant() && c.Status == ConnectionStatus.Syncing).ToListAsync(cancellationToken);
        }
        foreach (var connection in syncing.Where(c => c.TenantId is not null))
        {
            await using var held = await locks.TryAcquireAsync($"sync/{connection.TenantId}/{connection.Id}", cancellationToken);
            if (held is null)
            {
                continue;
            }
            await using var session = store.LightweightSession(connection.TenantId!);
            if (await session.LoadAsync<IdpConnection>(connection.Id, cancellationToken) is not { Status: ConnectionStatus.Syncing } fresh)
            {
                continue;
            }
            logger.LogWarning("The sync of IdP connection {ConnectionId} started at {StartedAt} was interrupted; it is marked incomplete and retried",
                fresh.Id, fresh.LastSyncStartedAt);
            fresh.Status = ConnectionStatus.Incomplete;
            fresh.LastSyncComplete = false;
            fresh.LastSyncCompletedAt = time.GetUtcNow();
            fresh.LastError = InterruptedError;
            session.Update(fresh);
            session.PublishAfterCommit(new SyncIdpConnection(fresh.TenantId!, fresh.Id, Guid.NewGuid(), "retry-interrupted"));
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    public const string InterruptedError =
        "The sync was interrupted before it finished (the collector stopped or lost its database); nothing from it was applied and it is being retried.";
}
