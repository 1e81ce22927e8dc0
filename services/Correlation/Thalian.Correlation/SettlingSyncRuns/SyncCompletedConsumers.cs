using Marten;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.Matching;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>Records that a run ended (it may arrive before its last batches) and settles it if everything is in.</summary>
public sealed class AwsSyncCompletedConsumer(IDocumentStore store, SyncRunSettler settler) : IConsumer<AwsSyncCompleted>
{
    public async Task Consume(ConsumeContext<AwsSyncCompleted> context)
    {
        var m = context.Message;
        await using (var session = store.LightweightSession(m.TenantId))
        {
            var removed = await TrackingAwsAccounts.AwsAccountWatch.IsRemovedSinceAsync(session, m.AccountId, m.StartedAt, context.CancellationToken);
            session.Store(new SyncRunCompletion
            {
                Id = m.SyncRunId, SourceKind = "aws", SourceId = m.AccountId, Complete = m.Complete && !removed, Error = m.Error,
                BatchCount = m.BatchCount, StartedAt = m.StartedAt, CompletedAt = m.CompletedAt, CorrelationId = m.CorrelationId,
            });
            await session.SaveChangesAsync(context.CancellationToken);
        }
        await settler.TrySettleAsync(m.TenantId, m.SyncRunId, SourceWriteLock.Aws(m.AccountId), context.CancellationToken);
    }
}

public sealed class IdpSyncCompletedConsumer(IDocumentStore store, SyncRunSettler settler) : IConsumer<IdpSyncCompleted>
{
    public async Task Consume(ConsumeContext<IdpSyncCompleted> context)
    {
        var m = context.Message;
        await using (var session = store.LightweightSession(m.TenantId))
        {
            var connection = await session.LoadAsync<IdpConnectionState>(m.ConnectionId, context.CancellationToken);
            if (connection is null)
            {
                session.Store(new IdpConnectionState { Id = m.ConnectionId, Provider = m.Provider });
            }
            session.Store(new SyncRunCompletion
            {
                Id = m.SyncRunId, SourceKind = "idp", SourceId = m.ConnectionId.ToString(), Provider = m.Provider,
                // A removed connection's late run must not remove anything.
                Complete = m.Complete && connection is not { Removed: true }, Error = m.Error,
                BatchCount = m.BatchCount, StartedAt = m.StartedAt, CompletedAt = m.CompletedAt, CorrelationId = m.CorrelationId,
            });
            await session.SaveChangesAsync(context.CancellationToken);
        }
        await settler.TrySettleAsync(m.TenantId, m.SyncRunId, SourceWriteLock.Idp(m.ConnectionId), context.CancellationToken);
    }
}
