using Marten;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Organizations;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// On every tick, the replica holding the scheduler lock asks for the discovery of organisations that are due and hands
/// every tenant with due connections to the <see cref="SyncDispatcher"/>; the commands go to whichever replica is free.
/// </summary>
public sealed class SyncScheduler(IDocumentStore store, AdvisoryLocks locks, SyncDispatcher dispatcher, IOptions<AwsCollectorOptions> options,
    TimeProvider time, ILogger<SyncScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The AWS sync scheduler could not check for due connections; it will try again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task TickAsync(CancellationToken ct)
    {
        await using var held = await locks.TryAcquireAsync("scheduler", ct);
        if (held is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        await DiscoverDueOrganizationsAsync(now, ct);
        // Candidates only; the dispatcher applies the exact due time, the retry of incomplete runs and the tenant's limit.
        var earliest = now - options.Value.SyncInterval + options.Value.SyncInterval / 10;
        var retryBefore = now - options.Value.FailedSyncRetryInterval;
        IReadOnlyList<AwsConnection> candidates;
        await using (var query = store.QuerySession())
        {
            candidates = await query.Query<AwsConnection>()
                .Where(c => c.AnyTenant() && (c.LastSyncRequestedAt == null || c.LastSyncRequestedAt < earliest
                    || (c.Status == ConnectionStatus.Incomplete && c.LastSyncRequestedAt < retryBefore)))
                .ToListAsync(ct);
        }
        foreach (var tenant in candidates.Select(c => c.TenantId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await dispatcher.DispatchAsync(tenant, ct);
        }
        await CloseInterruptedRunsAsync(ct);
    }

    private async Task DiscoverDueOrganizationsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var dueBefore = now - options.Value.DiscoveryInterval;
        IReadOnlyList<AwsOrganizationConnection> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<AwsOrganizationConnection>()
                .Where(o => o.AnyTenant() && (o.LastDiscoveryRequestedAt == null || o.LastDiscoveryRequestedAt < dueBefore))
                .ToListAsync(ct);
        }
        foreach (var organization in due.Where(o => o.TenantId is not null))
        {
            await using var session = store.LightweightSession(organization.TenantId!);
            var fresh = await session.LoadAsync<AwsOrganizationConnection>(organization.Id, ct);
            if (fresh is null)
            {
                continue;
            }
            fresh.LastDiscoveryRequestedAt = now;
            session.Store(fresh);
            session.PublishAfterCommit(new DiscoverAwsOrganization(organization.TenantId!, organization.Id, Guid.NewGuid(), "scheduled"));
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// A connection still "syncing" whose sync lock is free has no run anywhere: the process running it died, or the
    /// run could not record its outcome. It is marked incomplete with the reason and synced again.
    /// </summary>
    private async Task CloseInterruptedRunsAsync(CancellationToken ct)
    {
        IReadOnlyList<AwsConnection> syncing;
        await using (var query = store.QuerySession())
        {
            syncing = await query.Query<AwsConnection>().Where(c => c.AnyTenant() && c.Status == ConnectionStatus.Syncing).ToListAsync(ct);
        }
        foreach (var connection in syncing.Where(c => c.TenantId is not null))
        {
            await using var held = await locks.TryAcquireAsync($"sync/{connection.TenantId}/{connection.Id}", ct);
            if (held is null)
            {
                continue;
            }
            await using var session = store.LightweightSession(connection.TenantId!);
            if (await session.LoadAsync<AwsConnection>(connection.Id, ct) is not { Status: ConnectionStatus.Syncing } fresh)
            {
                continue;
            }
            logger.LogWarning("The sync of AWS connection {ConnectionId} started at {StartedAt} was interrupted; it is marked incomplete and retried.",
                fresh.Id, fresh.LastSyncStartedAt);
            fresh.Status = ConnectionStatus.Incomplete;
            fresh.LastSyncComplete = false;
            fresh.LastSyncCompletedAt = time.GetUtcNow();
            fresh.LastError = InterruptedError;
            fresh.LastSyncRequestedAt = time.GetUtcNow();
            session.Update(fresh);
            session.PublishAfterCommit(new SyncAwsAccount(fresh.TenantId!, fresh.Id, Guid.NewGuid(), "retry-interrupted"));
            await session.SaveChangesAsync(ct);
        }
    }

    public const string InterruptedError = "The sync was interrupted before it finished (the collector stopped or lost its database); nothing from it was applied and it is being retried.";
}
