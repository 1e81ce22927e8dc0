using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// Asks for a sync of every connection whose interval has passed. Only the replica holding the scheduler lock
/// looks on a given tick; the commands themselves go to whichever replica is free.
/// </summary>
public sealed class SyncScheduler(IDocumentStore store, AdvisoryLocks locks, IBus bus, IOptions<AwsCollectorOptions> options,
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
        var dueBefore = now - options.Value.SyncInterval;
        IReadOnlyList<AwsConnection> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<AwsConnection>()
                .Where(c => c.AnyTenant() && (c.LastSyncRequestedAt == null || c.LastSyncRequestedAt < dueBefore))
                .ToListAsync(ct);
        }
        foreach (var connection in due.Where(c => c.TenantId is not null))
        {
            await using var session = store.LightweightSession(connection.TenantId!);
            var fresh = await session.LoadAsync<AwsConnection>(connection.Id, ct);
            if (fresh is null)
            {
                continue;
            }
            fresh.LastSyncRequestedAt = now;
            session.Store(fresh);
            await session.SaveChangesAsync(ct);
            await bus.Publish(new SyncAwsAccount(connection.TenantId!, connection.Id, Guid.NewGuid(), "scheduled"), ct);
        }
    }
}
