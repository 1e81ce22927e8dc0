using Marten;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.TrackingAwsAccounts;

/// <summary>The account is no longer watched: its identities are closed, so findings on them resolve as "resource gone".</summary>
public sealed class AwsConnectionRemovedConsumer(IDocumentStore store) : IConsumer<AwsConnectionRemoved>
{
    private const string Reason = "connection-removed";

    public async Task Consume(ConsumeContext<AwsConnectionRemoved> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var session = store.LightweightSession(m.TenantId);
        await session.LockSourceAsync(SourceWriteLock.Aws(m.AccountId), shared: false, ct);
        session.Store(new AwsAccountWatch { Id = m.AccountId, RemovedAt = m.RemovedAt });
        await ClosingIdentities.CloseAwsAccountAsync(session, m.AccountId, _ => true, Reason, m.RemovedAt, null, ct);
        var id = StreamIds.AwsAccount(m.TenantId, m.AccountId);
        var account = await session.LoadAsync<AwsAccount>(id, ct);
        session.AppendDecided<AwsAccount>(id, account?.Version, AwsAccountDecider.Remove(account, Reason, m.RemovedAt, null));
        await session.SaveChangesAsync(ct);
    }
}
