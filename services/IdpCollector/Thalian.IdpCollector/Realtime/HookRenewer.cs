using Marten;
using Microsoft.Extensions.Options;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// Renews hooks that expire (Graph subscriptions) well before they do, for every tenant. A failed renewal is recorded on
/// the subscription and retried next round; until the hook lapses nothing is lost, and after it the change feed still reads.
/// </summary>
public sealed partial class HookRenewer(IDocumentStore store, RealtimeDirectories directories, AdvisoryLocks locks,
    IOptions<IdpOptions> options, TimeProvider time, ILogger<HookRenewer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HookRenewalInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = time.GetUtcNow() + options.Value.HookRenewBefore;
            IReadOnlyList<RealtimeSubscription> expiring;
            await using (var query = store.QuerySession())
            {
                expiring = await query.Query<RealtimeSubscription>()
                    .Where(s => s.AnyTenant() && s.Status == RealtimeStatus.Active && s.ExpiresAt != null && s.ExpiresAt < due).ToListAsync(stoppingToken);
            }
            foreach (var subscription in expiring)
            {
                try
                {
                    await RenewAsync(subscription, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The hook of connection {ConnectionId} could not be renewed this round", subscription.Id);
                }
            }
        }
    }

    private async Task RenewAsync(RealtimeSubscription expiring, CancellationToken ct)
    {
        await using var held = await locks.TryAcquireAsync(RealtimeSubscription.LockFor(expiring.TenantId!, expiring.Id), ct);
        await using var session = store.LightweightSession(expiring.TenantId!);
        if (held is null || await session.LoadAsync<RealtimeSubscription>(expiring.Id, ct) is not { VendorHookId: { } hookId } subscription
            || await session.LoadAsync<IdpConnection>(expiring.Id, ct) is not { } connection || directories.Open(connection) is not { } realtime)
        {
            return;
        }
        using (realtime)
        {
            try
            {
                (subscription.ExpiresAt, subscription.LastError) = (await realtime.RenewHookAsync(hookId, ct), null);
                Renewed(logger, subscription.Id, subscription.ExpiresAt);
            }
            catch (DirectoryException ex)
            {
                subscription.LastError = $"Renewing the hook failed (retried every {options.Value.HookRenewalInterval}): {ex.Message}";
                logger.LogWarning("Renewing the hook of connection {ConnectionId} failed: {Reason}", subscription.Id, ex.Message);
            }
        }
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewed the hook of connection {ConnectionId} until {ExpiresAt}")]
    private static partial void Renewed(ILogger logger, Guid connectionId, DateTimeOffset? expiresAt);
}
