using Marten;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.AwsCollector.Syncing;

public sealed record SyncRun(string TenantId, Guid ConnectionId, Guid CorrelationId, Guid SyncRunId, DateTimeOffset StartedAt);

/// <summary>
/// Records a snapshot as identity batches, one account observation, then the sync-completed marker, in the session's
/// transaction: the outbox sends them after the commit, so a crash never leaves half a run on the bus.
/// </summary>
public sealed class SyncPublisher(IOptions<AwsCollectorOptions> options, TimeProvider time)
{
    public AwsSyncCompleted Publish(IDocumentSession session, SyncRun run, SyncSnapshot snapshot)
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
            session.PublishAfterCommit(Batch() with { Users = users });
            batches++;
        }
        foreach (var roles in snapshot.Roles.Chunk(size))
        {
            session.PublishAfterCommit(Batch() with { Roles = roles });
            batches++;
        }
        session.PublishAfterCommit(new AwsAccountObserved
        {
            TenantId = run.TenantId, CorrelationId = run.CorrelationId, SyncRunId = run.SyncRunId,
            AccountId = snapshot.AccountId, Partition = snapshot.Partition, ObservedAt = observedAt, Posture = snapshot.Posture,
        });
        var completed = Completed(run, snapshot.AccountId, true, null) with
        {
            UserCount = snapshot.Users.Count,
            RoleCount = snapshot.Roles.Count,
            BatchCount = batches,
            CredentialReportGeneratedAt = snapshot.Posture.CredentialReportGeneratedAt,
            Degradations = snapshot.Degradations,
        };
        session.PublishAfterCommit(completed);
        return completed;
    }

    public AwsSyncCompleted PublishFailure(IDocumentSession session, SyncRun run, string accountId, string error)
    {
        var completed = Completed(run, accountId, false, error);
        session.PublishAfterCommit(completed);
        return completed;
    }

    private AwsSyncCompleted Completed(SyncRun run, string accountId, bool complete, string? error) => new()
    {
        TenantId = run.TenantId, CorrelationId = run.CorrelationId, SyncRunId = run.SyncRunId, ConnectionId = run.ConnectionId,
        AccountId = accountId, StartedAt = run.StartedAt, CompletedAt = time.GetUtcNow(), Complete = complete, Error = error,
    };
}
