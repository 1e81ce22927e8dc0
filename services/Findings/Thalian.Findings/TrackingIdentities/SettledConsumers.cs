using Marten;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Findings.ManagingFindings;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>
/// A sync settled: time-based rules age without any change, so the whole source is re-evaluated. An IdP marker
/// records the directory's completeness first (the IdP-gap rules depend on it); an incomplete AWS run never resolves.
/// </summary>
public sealed class IdentitiesSettledConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<IdentitiesSettled>
{
    public async Task Consume(ConsumeContext<IdentitiesSettled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = await TenantLock.OpenAsync(store, m.TenantId, m.CorrelationId, exclusive: true, ct);
        if (string.Equals(m.SourceKind, "idp", StringComparison.OrdinalIgnoreCase))
        {
            var directoryId = Guid.TryParse(m.SourceId, out var connectionId) ? connectionId.ToString() : m.SourceId;
            var known = await session.LoadAsync<IdpDirectory>(directoryId, ct);
            var directory = known is null || known.SettledAt <= m.SettledAt
                ? new IdpDirectory
                {
                    Id = directoryId, Provider = m.Provider, LatestSyncRunId = m.SyncRunId, LatestComplete = m.Complete,
                    SettledAt = m.SettledAt, Error = m.Error,
                }
                : known;
            session.Store(directory);
            var facts = await TenantFacts.LoadAsync(session, ct, loaded => [.. loaded.Where(d => d.Id != directory.Id), directory]);
            facts = await AwaitNewerUsersAsync(session, facts, m.UserVersions, ct);
            await evaluator.AllUsersAsync(session, facts, mayResolve: true, ct);
        }
        else
        {
            var before = await TenantFacts.LoadAsync(session, ct);
            session.Store(new ConnectedAccount
            {
                Id = $"{m.TenantId}/{m.SourceId}", AccountId = m.SourceId, LastSettledAt = m.SettledAt, LastSyncComplete = m.Complete,
            });
            var facts = before.WithAccount(m.SourceId);
            await evaluator.EverythingAsync(session, facts, m.SourceId, mayResolve: m.Complete, ct);
            await evaluator.FactsChangedAsync(session, before, facts, r => r.AccountId == m.SourceId, ct);
        }
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The users the settle names in a version newer than the one held here (queues reorder: their newer state is on its
    /// way) are awaited: deciding their IdP-gap rules on the older links — "unmatched" before the IdP account was
    /// linked, say — would open a finding and resolve it a moment later. They are decided when that version arrives.
    /// </summary>
    private static async Task<TenantFacts> AwaitNewerUsersAsync(IDocumentSession session, TenantFacts facts, IReadOnlyDictionary<Guid, long>? announced,
        CancellationToken ct)
    {
        if (announced is null)
        {
            return facts;
        }
        var held = (await session.Query<TrackedUser>().Select(u => new { u.Id, u.Version }).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.Version);
        var awaited = new Dictionary<Guid, long>(facts.AwaitedUserVersions);
        foreach (var (id, version) in announced.Where(a => a.Value > held.GetValueOrDefault(a.Key) && a.Value > awaited.GetValueOrDefault(a.Key)))
        {
            awaited[id] = version;
            session.Store(new AwaitedUserVersion { Id = id, Version = version });
        }
        return facts with { AwaitedUserVersions = awaited };
    }
}

/// <summary>An IdP connection is gone: its completeness no longer gates the IdP-gap rules.</summary>
public sealed class IdpConnectionRemovedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<IdpConnectionRemoved>
{
    public async Task Consume(ConsumeContext<IdpConnectionRemoved> context)
    {
        var m = context.Message;
        var id = m.ConnectionId.ToString();
        await using var session = await TenantLock.OpenAsync(store, m.TenantId, null, exclusive: true, context.CancellationToken);
        session.Delete<IdpDirectory>(id);
        var facts = await TenantFacts.LoadAsync(session, context.CancellationToken, loaded => [.. loaded.Where(d => d.Id != id)]);
        await evaluator.AllUsersAsync(session, facts, mayResolve: true, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// An AWS account is no longer watched: its findings resolve as "resource gone", its state is forgotten, and the roles
/// that trust it are re-evaluated (it is now another account).
/// </summary>
public sealed class AwsConnectionRemovedConsumer(IDocumentStore store, FindingEvaluator evaluator, TimeProvider time) : IConsumer<AwsConnectionRemoved>
{
    public async Task Consume(ConsumeContext<AwsConnectionRemoved> context)
    {
        var m = context.Message;
        await using var session = await TenantLock.OpenAsync(store, m.TenantId, null, exclusive: true, context.CancellationToken);
        var before = await TenantFacts.LoadAsync(session, context.CancellationToken);
        await FindingReconciler.ResolveAccountAsync(session, m.AccountId, time.GetUtcNow(), context.CancellationToken);
        session.DeleteWhere<TrackedUser>(u => u.AccountId == m.AccountId);
        session.DeleteWhere<TrackedRole>(r => r.AccountId == m.AccountId);
        session.DeleteWhere<TrackedAccount>(a => a.AccountId == m.AccountId);
        session.Delete<ConnectedAccount>($"{m.TenantId}/{m.AccountId}");
        await evaluator.FactsChangedAsync(session, before, before.WithoutAccount(m.AccountId), r => r.AccountId == m.AccountId, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
