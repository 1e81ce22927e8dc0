using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Syncing;

/// <summary>
/// One sync of one connection: list every account of every pass, then record them in batches together with whether the
/// listing was complete. A failure part way is reported as incomplete with the reason; it never looks like the directory.
/// The batches, the completion and the connection's status commit in one transaction and leave through the outbox,
/// so a crash mid-listing publishes nothing and the redelivered command (or the scheduler) runs it again.
/// </summary>
public sealed class SyncRunner(
    IDocumentStore store, DirectoryClientFactory clients, ConnectionSecretsCodec secrets, AdvisoryLocks syncLock, TenantSlots tenantSlots,
    IOptions<IdpOptions> options, TimeProvider time, ILogger<SyncRunner> logger)
{
    public const string ScheduleReason = "schedule";
    public const string RetryReason = "retry-after-failure";
    /// <summary>The <see cref="TenantSlots"/> kind of IdP syncs (tenant deletion waits for them, see TenantErasure).</summary>
    public const string SlotKind = "idp-sync";

    public async Task RunAsync(SyncIdpConnection command, CancellationToken cancellationToken)
    {
        await using var held = await syncLock.TryAcquireAsync($"sync/{command.TenantId}/{command.ConnectionId}", cancellationToken);
        if (held is null)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Connection {ConnectionId} is already being synced elsewhere; skipping", command.ConnectionId);
            }
            return;
        }
        await using var slot = await tenantSlots.TryAcquireAsync(SlotKind, command.TenantId, cancellationToken);
        if (slot is null)
        {
            // The tenant already runs its share of syncs: the scheduler picks a deferred connection up on its next tick.
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Tenant {TenantId} is at its limit of {Limit} concurrent syncs; connection {ConnectionId} waits for the scheduler",
                    command.TenantId, tenantSlots.PerTenant, command.ConnectionId);
            }
            await DeferAsync(command, cancellationToken);
            return;
        }
        var runId = Guid.CreateVersion7();
        var started = time.GetUtcNow();
        var connection = await MarkStartedAsync(command, runId, started, cancellationToken);
        if (connection is null)
        {
            return;
        }
        var outcome = await ListAsync(command, connection, runId, cancellationToken);
        var completed = new IdpSyncCompleted
        {
            TenantId = command.TenantId, CorrelationId = command.CorrelationId, SyncRunId = runId, ConnectionId = connection.Id,
            Provider = connection.Provider, StartedAt = started, CompletedAt = time.GetUtcNow(), Complete = outcome.Error is null,
            Error = outcome.Error, AccountCount = outcome.Counts.Accounts, BatchCount = outcome.Batches.Count,
        };
        if (!await RecordAsync(command, runId, outcome, completed, cancellationToken))
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Connection {ConnectionId} was removed during sync {SyncRunId}; nothing is published", command.ConnectionId, runId);
            }
            return;
        }
        var complete = outcome.Error is null;
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Synced {Provider} connection {ConnectionId}: {Accounts} accounts, complete={Complete}",
            connection.Provider, connection.Id, outcome.Counts.Accounts, complete);
        }
    }

    private async Task DeferAsync(SyncIdpConnection command, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(command.TenantId);
        if (await session.LoadAsync<IdpConnection>(command.ConnectionId, cancellationToken) is { } connection)
        {
            connection.SyncDeferred = true;
            session.Store(connection);
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<IdpConnection?> MarkStartedAsync(SyncIdpConnection command, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(command.TenantId);
        var connection = await session.LoadAsync<IdpConnection>(command.ConnectionId, cancellationToken);
        // Several replicas may schedule the same connection; the first run of the interval (or the first retry) wins.
        if (connection is null || (command.Reason == ScheduleReason && !connection.SyncDeferred && connection.LastSyncStartedAt > now - (options.Value.SyncInterval / 2))
            || (command.Reason == RetryReason && connection.Status != ConnectionStatus.Incomplete))
        {
            return null;
        }
        connection.SyncDeferred = false;
        connection.Status = ConnectionStatus.Syncing;
        connection.LastSyncStartedAt = now;
        connection.LastSyncRunId = runId;
        session.Update(connection);
        await session.SaveChangesAsync(cancellationToken);
        return connection;
    }

    private async Task<SyncOutcome> ListAsync(SyncIdpConnection command, IdpConnection connection, Guid runId, CancellationToken cancellationToken)
    {
        var stats = new RequestStats();
        var tally = new AccountTally();
        var batches = new List<IdpAccountsObserved>();
        var batch = new List<IdpAccountObservation>(options.Value.BatchSize);
        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }
            batches.Add(new IdpAccountsObserved
            {
                TenantId = command.TenantId, CorrelationId = command.CorrelationId, SyncRunId = runId, ConnectionId = connection.Id,
                Provider = connection.Provider, ObservedAt = time.GetUtcNow(), Accounts = batch,
            });
            batch = new List<IdpAccountObservation>(options.Value.BatchSize);
        }
        string? error = null;
        try
        {
            using var client = clients.Create(connection.Provider, connection.Settings, secrets.Unprotect(connection.ProtectedSecrets), stats);
            await foreach (var account in client.ListAccountsAsync(cancellationToken))
            {
                if (tally.Add(account))
                {
                    batch.Add(account);
                    if (batch.Count >= options.Value.BatchSize)
                    {
                        Flush();
                    }
                }
            }
        }
        catch (DirectoryException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Sync of connection {ConnectionId} failed unexpectedly", connection.Id);
            error = $"The sync failed unexpectedly ({ex.GetType().Name}: {ex.Message}); the listing is incomplete.";
        }
        // What was seen is still true; it is published, but the run is marked incomplete so nothing is closed from it.
        Flush();
        return new SyncOutcome(error, tally.ToCounts(stats), batches);
    }

    /// <summary>False when the connection was removed meanwhile: then nothing is published (it would bring its accounts back).</summary>
    private async Task<bool> RecordAsync(SyncIdpConnection command, Guid runId, SyncOutcome outcome, IdpSyncCompleted completed, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(command.TenantId);
        var connection = await session.LoadAsync<IdpConnection>(command.ConnectionId, cancellationToken);
        if (connection is null)
        {
            return false;
        }
        session.PublishAfterCommit([.. outcome.Batches, completed]);
        // A newer run owns the status; this run's observations are still true and are published all the same.
        if (connection.LastSyncRunId == runId)
        {
            connection.LastSyncCompletedAt = completed.CompletedAt;
            connection.LastSyncComplete = outcome.Error is null;
            connection.LastError = outcome.Error;
            connection.Status = outcome.Error is null ? ConnectionStatus.Synced : ConnectionStatus.Incomplete;
            connection.Counts = outcome.Counts;
        }
        // Update (not Store): a connection removed since the load fails the commit instead of coming back.
        session.Update(connection);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (NonExistentDocumentException)
        {
            return false;
        }
    }

    private sealed record SyncOutcome(string? Error, SyncCounts Counts, IReadOnlyList<IdpAccountsObserved> Batches);
}
