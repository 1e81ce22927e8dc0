using MassTransit;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Syncing;

public sealed record SyncRun(string TenantId, Guid ConnectionId, Guid CorrelationId, Guid SyncRunId, DateTimeOffset StartedAt);

/// <summary>Publishes a snapshot as identity batches, one account observation, then the sync-completed marker.</summary>
public sealed class SyncPublisher(IOptions<AwsCollectorOptions> options, TimeProvider time)
{
    public async Task<AwsSyncCompleted> PublishAsync(IPublishEndpoint bus, SyncRun run, SyncSnapshot snapshot, CancellationToken ct)
    {
        var observedAt = time.GetUtcNow();
        var size = Math.Max(1, options.Value.BatchSize);
        var batches = 0;
        AwsIdentitiesObserved Batch() => new()
        {
            TenantId = run.TenantId, CorrelationId = run.CorrelationId, SyncRunId = run.SyncRunId,
            AccountId = snapshot.AccountId, Partition = snapshot.Partition, ObservedAt = observedAt,
        };
        foreach (var users in snapshot.Users.Chunk(size))
        {
            await bus.Publish(Batch() with { Users = users }, ct);
            batches++;
        }
        foreach (var roles in snapshot.Roles.Chunk(size))
        {
            await bus.Publish(Batch() with { Roles = roles }, ct);
            batches++;
        }
        await bus.Publish(new AwsAccountObserved
        {
            TenantId = run.TenantId, CorrelationId = run.CorrelationId, SyncRunId = run.SyncRunId,
            AccountId = snapshot.AccountId, Partition = snapshot.Partition, ObservedAt = observedAt, Posture = snapshot.Posture,
        }, ct);
        var completed = Completed(run, snapshot.AccountId, true, null) with
        {
            UserCount = snapshot.Users.Count,
            RoleCount = snapshot.Roles.Count,
            BatchCount = batches,
            CredentialReportGeneratedAt = snapshot.Posture.CredentialReportGeneratedAt,
            Degradations = snapshot.Degradations,
        };
        await bus.Publish(completed, ct);
        return completed;
    }

    public async Task<AwsSyncCompleted> PublishFailureAsync(IPublishEndpoint bus, SyncRun run, string accountId, string error, CancellationToken ct)
    {
        var completed = Completed(run, accountId, false, error);
        await bus.Publish(completed, ct);
        return completed;
    }

    private AwsSyncCompleted Completed(SyncRun run, string accountId, bool complete, string? error) => new()
    {
        TenantId = run.TenantId, CorrelationId = run.CorrelationId, SyncRunId = run.SyncRunId, ConnectionId = run.ConnectionId,
        AccountId = accountId, StartedAt = run.StartedAt, CompletedAt = time.GetUtcNow(), Complete = complete, Error = error,
    };
}
