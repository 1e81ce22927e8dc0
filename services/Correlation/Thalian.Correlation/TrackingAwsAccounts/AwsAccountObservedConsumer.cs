using Marten;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;

namespace Thalian.Correlation.TrackingAwsAccounts;

/// <summary>Root posture and account summary; not one of the run's identity batches.</summary>
public sealed class AwsAccountObservedConsumer(IDocumentStore store) : IConsumer<AwsAccountObserved>
{
    public async Task Consume(ConsumeContext<AwsAccountObserved> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var session = store.LightweightSession(m.TenantId);
        await session.LockSourceAsync(SourceWriteLock.Aws(m.AccountId), shared: true, ct);
        session.CorrelationId = m.CorrelationId.ToString();
        if (await AwsAccountWatch.IsRemovedSinceAsync(session, m.AccountId, m.ObservedAt, ct))
        {
            return;
        }
        var id = StreamIds.AwsAccount(m.TenantId, m.AccountId);
        var state = await session.LoadAsync<AwsAccount>(id, ct);
        var events = AwsAccountDecider.Decide(state, new(id, m.AccountId, m.Partition, m.Posture, m.ObservedAt, m.SyncRunId));
        if (events.Count == 0)
        {
            return;
        }
        session.AppendDecided<AwsAccount>(id, state?.Version, events);
        await session.SaveChangesAsync(ct);
    }

}
