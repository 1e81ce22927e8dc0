using Marten;
using Marten.Exceptions;
using MassTransit;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// Runs one full sync per command (competing consumers across replicas). Any failure ends the run with
/// Complete = false and the error in words; the service keeps consuming.
/// </summary>
public sealed class SyncAwsAccountConsumer(IDocumentStore store, AdvisoryLocks locks, TenantSlots tenantSlots, AccountReader reader,
    SyncPublisher publisher, SyncDispatcher dispatcher, TimeProvider time, ILogger<SyncAwsAccountConsumer> logger) : IConsumer<SyncAwsAccount>
{
    /// <summary>The <see cref="TenantSlots"/> kind of AWS syncs (tenant deletion waits for them, see TenantErasure).</summary>
    public const string SlotKind = "aws-sync";

    public async Task Consume(ConsumeContext<SyncAwsAccount> context)
    {
        var command = context.Message;
        var ct = context.CancellationToken;
        await using var held = await locks.TryAcquireAsync($"sync/{command.TenantId}/{command.ConnectionId}", ct);
        if (held is null)
        {
            logger.LogInformation("A sync of AWS connection {ConnectionId} is already running; this request ({Reason}) is dropped.", command.ConnectionId, command.Reason);
            return;
        }
        var slot = await tenantSlots.TryAcquireAsync(SlotKind, command.TenantId, ct);
        if (slot is null)
        {
            // The tenant already runs its share of syncs: the scheduler asks again on its next tick (a null request time is due at once).
            logger.LogInformation("Tenant {TenantId} is at its limit of {Limit} concurrent syncs; AWS connection {ConnectionId} waits for the scheduler.",
                command.TenantId, tenantSlots.PerTenant, command.ConnectionId);
            await UpdateAsync(command, c => c.LastSyncRequestedAt = null, ct);
            return;
        }
        await using (slot)
        {
            await SyncAsync(context, ct);
        }
        // This run's slot is free: release the tenant's next due sync now rather than on the next tick.
        await dispatcher.DispatchAsync(command.TenantId, ct);
    }

    private async Task SyncAsync(ConsumeContext<SyncAwsAccount> context, CancellationToken ct)
    {
        var command = context.Message;
        var connection = await LoadAsync(command, ct);
        if (connection is not { IsSyncable: true })
        {
            logger.LogInformation("AWS connection {ConnectionId} no longer exists or is not synced in its organisation state; nothing to sync.", command.ConnectionId);
            return;
        }
        var run = new SyncRun(command.TenantId, command.ConnectionId, command.CorrelationId, Guid.CreateVersion7(), time.GetUtcNow());
        await UpdateAsync(command, c => { c.Status = ConnectionStatus.Syncing; c.LastSyncStartedAt = run.StartedAt; }, ct);
        SyncSnapshot? snapshot = null;
        string? error = null;
        var failedStatus = ConnectionStatus.Incomplete;
        try
        {
            snapshot = await reader.ReadAsync(connection, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = AwsProblems.Describe(e);
            failedStatus = e is Organizations.MemberRoleUnavailableException ? ConnectionStatus.RoleMissing : ConnectionStatus.Incomplete;
            // AWS answers are fully described by the error text; anything else gets its stack trace for diagnosis.
            var unexpected = e is AwsApiException or AwsMalformedResponseException or TimeoutException or HttpRequestException
                or Organizations.MemberRoleUnavailableException ? null : e;
            logger.LogWarning(unexpected, "Sync {SyncRunId} of AWS account {AccountId} is incomplete: {Error}", run.SyncRunId, connection.AccountId, error);
        }
        await RecordAsync(command, run, snapshot, error, failedStatus, ct);
    }

    /// <summary>
    /// The run's messages and the connection's new status commit together (the outbox sends the messages afterwards).
    /// A connection removed during the run fails the commit, so its identities never come back after AwsConnectionRemoved.
    /// </summary>
    private async Task RecordAsync(SyncAwsAccount command, SyncRun run, SyncSnapshot? snapshot, string? error, string failedStatus, CancellationToken ct)
    {
        await using var session = store.LightweightSession(command.TenantId);
        var connection = await session.LoadAsync<AwsConnection>(command.ConnectionId, ct);
        if (connection is not null)
        {
            var completed = snapshot is null
                ? publisher.PublishFailure(session, run, connection.AccountId, error!)
                : publisher.Publish(session, run, snapshot);
            Record(connection, completed, snapshot, failedStatus);
            session.Update(connection);
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (NonExistentDocumentException)
            {
                // Removed between the load and the commit: same as below.
            }
        }
        logger.LogInformation("AWS connection {ConnectionId} was removed during sync {SyncRunId}; nothing is published.", command.ConnectionId, run.SyncRunId);
    }

    private static void Record(AwsConnection connection, AwsSyncCompleted completed, SyncSnapshot? snapshot, string failedStatus)
    {
        // Discovery may have stopped a member while it was being read; its organisation state names it then.
        connection.Status = !connection.IsSyncable ? connection.Status : completed.Complete ? ConnectionStatus.Synced : failedStatus;
        connection.LastSyncCompletedAt = completed.CompletedAt;
        connection.LastSyncComplete = completed.Complete;
        connection.LastError = completed.Error;
        connection.Degradations = completed.Degradations;
        if (completed.Complete && snapshot is not null)
        {
            connection.Counts = new SyncCounts(completed.UserCount, completed.RoleCount, completed.BatchCount);
            connection.CloudTrailCheckedUntil = snapshot.CloudTrailCheckedUntil;
            connection.RecentRootActivity = snapshot.Posture.RootActivity;
        }
    }

    private async Task<AwsConnection?> LoadAsync(SyncAwsAccount command, CancellationToken ct)
    {
        await using var session = store.QuerySession(command.TenantId);
        return await session.LoadAsync<AwsConnection>(command.ConnectionId, ct);
    }

    private async Task UpdateAsync(SyncAwsAccount command, Action<AwsConnection> change, CancellationToken ct)
    {
        await using var session = store.LightweightSession(command.TenantId);
        var connection = await session.LoadAsync<AwsConnection>(command.ConnectionId, ct);
        if (connection is null)
        {
            return;
        }
        change(connection);
        session.Update(connection);
        await session.SaveChangesAsync(ct);
    }
}

public sealed class SyncAwsAccountConsumerDefinition : ConsumerDefinition<SyncAwsAccountConsumer>
{
    public SyncAwsAccountConsumerDefinition() => ConcurrentMessageLimit = 4;
}
