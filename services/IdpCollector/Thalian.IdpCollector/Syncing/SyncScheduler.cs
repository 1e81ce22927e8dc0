using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;

namespace Thalian.IdpCollector.Syncing;

/// <summary>Asks for a sync of every connection whose last sync started more than the interval ago (all tenants).</summary>
public sealed class SyncScheduler(IDocumentStore store, IBus bus, IOptions<IdpOptions> options, TimeProvider time, ILogger<SyncScheduler> logger)
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
        await using var session = store.QuerySession();
        var connections = await session.Query<IdpConnection>()
            .Where(c => c.AnyTenant() && (c.SyncDeferred || c.LastSyncStartedAt == null || c.LastSyncStartedAt < due))
            .Select(c => new { c.Id, c.TenantId })
            .ToListAsync(cancellationToken);
        foreach (var c in connections)
        {
            await bus.Publish(new SyncIdpConnection(c.TenantId!, c.Id, Guid.NewGuid(), SyncRunner.ScheduleReason), cancellationToken);
        }
    }
}
