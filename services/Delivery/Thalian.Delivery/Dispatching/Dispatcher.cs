using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Options;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.ManagingDestinations;
using Thalian.Delivery.Queueing;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.Delivery.Dispatching;

/// <summary>
/// Sends queued events to their destinations. One replica dispatches at a time (an advisory lock), so a finding's
/// events leave in order; destinations are served side by side (bounded), one batch each per round, so one slow or
/// failing receiver — or tenant — never holds up another.
/// </summary>
public sealed class Dispatcher(IDocumentStore store, DeliveryOutbox queue, DestinationCatalog catalog, DestinationSecrets secrets,
    DeliveryMetrics metrics, IOptions<DeliveryOptions> options, TimeProvider clock, AdvisoryLocks locks, ILogger<Dispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(10);
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTimeOffset nextMaintenance;

    /// <summary>New work is queued: look now instead of at the next poll.</summary>
    public void Wake() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var held = await locks.TryAcquireAsync("dispatcher", stoppingToken);
                if (held is null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    continue;
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await RoundAsync(stoppingToken))
                    {
                        await WaitAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Delivery dispatcher failed; restarting in 5 s");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PollInterval);
        try
        {
            await wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One batch for every destination with due work; true when anything was sent.</summary>
    private async Task<bool> RoundAsync(CancellationToken ct)
    {
        await MaintainAsync(ct);
        var due = await queue.DueDestinationsAsync(ct);
        var sent = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelSends, CancellationToken = ct },
            async (d, token) => Interlocked.Add(ref sent, await DispatchAsync(d.Tenant, d.Destination, token)));
        return sent > 0;
    }

    /// <summary>Sends one batch to one destination; returns how many events were delivered.</summary>
    internal async Task<int> DispatchAsync(string tenant, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<Destination>(id, ct) is not { } destination)
        {
            await queue.ForgetDestinationAsync(id, ct);
            metrics.Forget(id);
            return 0;
        }
        var health = await session.LoadAsync<DestinationHealth>(id, ct) ?? new DestinationHealth { Id = id, TenantId = tenant };
        var stats = await queue.StatsAsync(tenant, id, ct);
        metrics.Queue(id, destination.Type, stats.Backlog, stats.OldestPendingAt is { } oldest ? (now - oldest).TotalSeconds : 0);
        if (!destination.Enabled || health.IsBlocked(destination) || health.RetryAt > now || catalog.Find(destination.Type) is not { } type)
        {
            return 0;
        }
        var batch = await queue.NextAsync(id, type.MaxBatchSize, now, options.Value.ReorderWindow, ct);
        if (batch.Count == 0)
        {
            return 0;
        }
        var outcome = await SendAsync(type, destination, batch, now, ct);
        now = clock.GetUtcNow();
        var delivered = batch.Take(outcome.Delivered).ToList();
        await queue.DeliveredAsync(id, delivered, now, ct);
        health.LastAnswer = outcome.Answer;
        if (delivered.Count > 0)
        {
            health.Delivered += delivered.Count;
            health.LastSuccessAt = now;
            metrics.Delivered(id, type.Name, delivered.Count);
        }
        if (outcome.Failure is { } failure)
        {
            await queue.AttemptFailedAsync(batch.Skip(outcome.Delivered).ToList(), failure.Reason, ct);
            Record(health, destination, failure, now);
            metrics.Failed(id, type.Name);
            logger.LogWarning("Delivery to {DestinationType} destination {DestinationId} of tenant {TenantId} failed ({FailureKind}): {Reason}",
                type.Name, id, tenant, failure.Kind, failure.Reason);
        }
        else
        {
            health.ConsecutiveFailures = 0;
            health.RetryAt = null;
        }
        session.Store(health);
        await session.SaveChangesAsync(ct);
        return delivered.Count;
    }

    private async Task<SendOutcome> SendAsync(IDestinationType type, Destination destination, IReadOnlyList<QueuedEvent> batch, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await type.SendAsync(secrets.TargetOf(destination, now), [.. batch.Select(q => q.Event)], ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A bug in a destination type must not stop the others; the batch stays queued and is retried.
            logger.LogError(e, "The {DestinationType} destination {DestinationId} threw while sending", type.Name, destination.Id);
            return SendOutcome.Failed(0, FailureKind.Transient, $"Internal error in the {type.Name} destination ({e.GetType().Name}); retrying.");
        }
    }

    private void Record(DestinationHealth health, Destination destination, DeliveryFailure failure, DateTimeOffset now)
    {
        health.FailedAttempts++;
        health.ConsecutiveFailures++;
        health.LastError = failure.Reason;
        health.LastErrorAt = now;
        if (failure.Kind == FailureKind.Transient)
        {
            health.RetryAt = now + Backoff.Delay(health.ConsecutiveFailures, failure.RetryAfter, options.Value);
            return;
        }
        health.RetryAt = null;
        health.BlockedAtSettingsVersion = destination.SettingsVersion;
        health.BlockedState = failure.Kind == FailureKind.Gone ? DestinationStates.Disabled : DestinationStates.Failing;
        health.BlockedReason = failure.Reason;
    }

    /// <summary>Dead-letters what waited too long (never for paused destinations) and prunes old delivered rows.</summary>
    private async Task MaintainAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < nextMaintenance)
        {
            return;
        }
        nextMaintenance = now + MaintenanceInterval;
        var paused = await PausedDestinationsAsync(ct);
        foreach (var (destination, count) in await queue.DeadLetterAsync(now - options.Value.DeadLetterAfter, paused, now, ct))
        {
            metrics.DeadLettered(destination, count);
            logger.LogWarning("{Count} events for destination {DestinationId} were not delivered within {Age} and moved to its dead-letter list",
                count, destination, options.Value.DeadLetterAfter);
        }
        await queue.PruneAsync(now - options.Value.DeliveredRetention, ct);
    }

    private async Task<IReadOnlyCollection<Guid>> PausedDestinationsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<Destination>().Where(d => d.AnyTenant() && !d.Enabled).Select(d => d.Id).ToListAsync(ct);
    }
}
