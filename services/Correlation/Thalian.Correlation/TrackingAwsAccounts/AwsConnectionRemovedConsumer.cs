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
        foreach (var user in await session.Query<IamUser>().Where(u => u.AccountId == m.AccountId && !u.Deleted).ToListAsync(ct))
        {
            session.AppendDecided<IamUser>(user.Id, user.Version, [new IamUserDeleted(Reason, m.RemovedAt, null)]);
        }
        foreach (var role in await session.Query<IamRole>().Where(r => r.AccountId == m.AccountId && !r.Deleted).ToListAsync(ct))
        {
            session.AppendDecided<IamRole>(role.Id, role.Version, [new IamRoleDeleted(Reason, m.RemovedAt, null)]);
        }
        var account = await session.LoadAsync<AwsAccount>(StreamIds.AwsAccount(m.TenantId, m.AccountId), ct);
        if (account is { Removed: false })
        {
            session.AppendDecided<AwsAccount>(account.Id, account.Version, [new AwsAccountRemoved(Reason, m.RemovedAt, null)]);
        }
        await session.SaveChangesAsync(ct);
    }
}
