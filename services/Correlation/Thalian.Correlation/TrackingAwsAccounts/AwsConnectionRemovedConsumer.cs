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
            var deleted = new IamUserDeleted(Reason, m.RemovedAt, null);
            session.AppendDecided<IamUser>(user.Id, user.Version, [deleted]);
            session.Store(IdentitySummary.From(user.Apply(deleted)) with { Version = user.Version + 1 });
        }
        foreach (var role in await session.Query<IamRole>().Where(r => r.AccountId == m.AccountId && !r.Deleted).ToListAsync(ct))
        {
            var deleted = new IamRoleDeleted(Reason, m.RemovedAt, null);
            session.AppendDecided<IamRole>(role.Id, role.Version, [deleted]);
            session.Store(IdentitySummary.From(role.Apply(deleted)) with { Version = role.Version + 1 });
        }
        var account = await session.LoadAsync<AwsAccount>(StreamIds.AwsAccount(m.TenantId, m.AccountId), ct);
        if (account is { Removed: false })
        {
            var removed = new AwsAccountRemoved(Reason, m.RemovedAt, null);
            session.AppendDecided<AwsAccount>(account.Id, account.Version, [removed]);
            session.Store(IdentitySummary.From(account.Apply(removed)) with { Version = account.Version + 1 });
        }
        await session.SaveChangesAsync(ct);
    }
}
