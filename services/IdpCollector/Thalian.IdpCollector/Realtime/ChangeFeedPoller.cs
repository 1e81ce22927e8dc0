using Marten;
using Microsoft.Extensions.Options;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// The catch-up feed of every connection with real time on (all tenants): what the hooks missed — Thalian down, the vendor
/// unable to reach it — is read from the vendor's change log. The position moves in the same transaction as the events it
/// covers, so a restart neither misses nor repeats one; events the hook already brought are recognised and skipped.
/// </summary>
public sealed partial class ChangeFeedPoller(IDocumentStore store, RealtimeDirectories directories, AdvisoryLocks locks,
    IOptions<IdpOptions> options, TimeProvider time, ILogger<ChangeFeedPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChangeFeedInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            IReadOnlyList<RealtimeSubscription> subscriptions;
            // A registration still under way has no position to start from yet; one abandoned (the process died while the
            // vendor verified the hook) is read all the same: the feed does not need the hook.
            var abandoned = time.GetUtcNow() - TimeSpan.FromMinutes(5);
            await using (var query = store.QuerySession())
            {
                subscriptions = await query.Query<RealtimeSubscription>()
                    .Where(s => s.AnyTenant() && (s.Status != RealtimeStatus.Registering || s.EnabledAt < abandoned)).ToListAsync(stoppingToken);
            }
            foreach (var subscription in subscriptions)
            {
                try
                {
                    await PollAsync(subscription, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The change feed of connection {ConnectionId} could not be read this round", subscription.Id);
                }
            }
        }
    }

    private async Task PollAsync(RealtimeSubscription subscription, CancellationToken ct)
    {
        await using var held = await locks.TryAcquireAsync($"feed/{subscription.TenantId}/{subscription.Id}", ct);
        if (held is null)
        {
            return;
        }
        await using var session = store.LightweightSession(subscription.TenantId!);
        if (await session.LoadAsync<IdpConnection>(subscription.Id, ct) is not { } connection)
        {
            return;
        }
        var cursor = await session.LoadAsync<ChangeFeedCursor>(subscription.Id, ct) ?? new ChangeFeedCursor { Id = subscription.Id };
        using var realtime = directories.Open(connection);
        if (realtime is null)
        {
            return;
        }
        try
        {
            var page = await realtime.ReadChangesAsync(cursor.Position, subscription.EnabledAt, ct);
            var outcome = await HintIntake.RecordAsync(session, subscription, page.Events, "feed", time.GetUtcNow(), ct);
            (cursor.Position, cursor.CheckedAt, cursor.LastError) = (page.Position, time.GetUtcNow(), null);
            if (outcome.Fresh > 0)
            {
                CaughtUp(logger, subscription.Id, outcome.Fresh, outcome.Duplicates);
            }
        }
        catch (DirectoryException ex)
        {
            cursor.LastError = ex.Message;
        }
        session.Store(cursor);
        await session.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change feed of connection {ConnectionId}: {Fresh} events the hook had not brought ({Duplicates} it had)")]
    private static partial void CaughtUp(ILogger logger, Guid connectionId, int fresh, int duplicates);
}
