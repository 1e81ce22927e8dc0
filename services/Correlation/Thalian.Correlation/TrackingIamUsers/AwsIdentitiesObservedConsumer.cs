using Marten;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.Matching;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;

namespace Thalian.Correlation.TrackingIamUsers;

/// <summary>
/// One batch of IAM users and roles: decide per identity against its snapshot, link users to IdP accounts, and
/// commit everything with the batch record in one transaction. Unchanged identities cost no write.
/// </summary>
public sealed class AwsIdentitiesObservedConsumer(IDocumentStore store, SyncRunSettler settler) : IConsumer<AwsIdentitiesObserved>
{
    public async Task Consume(ConsumeContext<AwsIdentitiesObserved> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var session = store.LightweightSession(m.TenantId);
        await session.LockSourceAsync(SourceWriteLock.Aws(m.AccountId), shared: true, ct);
        session.CorrelationId = m.CorrelationId.ToString();
        var seen = m.Users.Select(u => "user:" + u.UserId).Concat(m.Roles.Select(r => "role:" + r.RoleId)).ToList();
        if (!await AwsAccountWatch.IsRemovedSinceAsync(session, m.AccountId, m.ObservedAt, ct))
        {
            await TrackUsersAsync(session, m, ct);
            await TrackRolesAsync(session, m, ct);
        }
        session.Store(ProcessedBatch.For(m.SyncRunId, seen, context.MessageId ?? Guid.Empty, m.ObservedAt));
        await session.SaveChangesAsync(ct);
        await settler.TrySettleAsync(m.TenantId, m.SyncRunId, SourceWriteLock.Aws(m.AccountId), ct);
    }

    private static async Task TrackUsersAsync(IDocumentSession session, AwsIdentitiesObserved m, CancellationToken ct)
    {
        var users = m.Users.DistinctBy(u => u.UserId).ToList();
        var ids = users.Select(u => StreamIds.IamUser(m.TenantId, m.AccountId, u.UserId)).ToArray();
        var current = ids.Length == 0 ? [] : (await session.LoadManyAsync<IamUser>(ct, ids)).ToDictionary(u => u.Id);
        var decided = users.Select((u, i) =>
        {
            var state = current.GetValueOrDefault(ids[i]);
            var events = IamUserDecider.Decide(state, new(ids[i], m.AccountId, m.Partition, u, m.ObservedAt, m.SyncRunId));
            return (Id: ids[i], State: state, Events: events, After: IamUser.Fold(state, events));
        }).ToList();
        // Only a changed user needs its link re-evaluated here: IdP-side changes, settings and explicit mappings
        // re-evaluate links where they happen, so an unchanged batch costs no matching queries.
        var changed = decided.Where(d => d.Events.Count > 0 && d.After is { Deleted: false }).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var matching = await MatchContext.LoadAsync(session, [.. changed.Select(d => d.After!)], ct);
        foreach (var (id, state, events, after) in changed)
        {
            if (after is null)
            {
                continue;
            }
            var (links, deferred) = matching.Evaluate(after, mayUnlink: false, "aws-observation", m.ObservedAt, m.SyncRunId);
            if (deferred.Count > 0)
            {
                session.Store(DeferredUnlink.For(id, DeferredUnlink.AwsSource(m.AccountId)));
            }
            session.AppendDecided<IamUser>(id, state?.Version, [.. events, .. links]);
        }
    }

    private static async Task TrackRolesAsync(IDocumentSession session, AwsIdentitiesObserved m, CancellationToken ct)
    {
        var roles = m.Roles.DistinctBy(r => r.RoleId).ToList();
        var ids = roles.Select(r => StreamIds.IamRole(m.TenantId, m.AccountId, r.RoleId)).ToArray();
        var current = ids.Length == 0 ? [] : (await session.LoadManyAsync<IamRole>(ct, ids)).ToDictionary(r => r.Id);
        for (var i = 0; i < roles.Count; i++)
        {
            var state = current.GetValueOrDefault(ids[i]);
            var events = IamRoleDecider.Decide(state, new(ids[i], m.AccountId, m.Partition, roles[i], m.ObservedAt, m.SyncRunId));
            session.AppendDecided<IamRole>(ids[i], state?.Version, events);
        }
    }
}
