using Marten;
using MassTransit;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.Matching;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.SettlingSyncRuns;

namespace Thalian.Correlation.TrackingIdpAccounts;

/// <summary>
/// One batch of IdP accounts. IAM users affected by the changes are re-evaluated from the committed events
/// (<see cref="LinkReevaluation"/>), not here, so this transaction stays one batch wide.
/// </summary>
public sealed class IdpAccountsObservedConsumer(IDocumentStore store, SyncRunSettler settler) : IConsumer<IdpAccountsObserved>
{
    public async Task Consume(ConsumeContext<IdpAccountsObserved> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var session = store.LightweightSession(m.TenantId);
        await session.LockSourceAsync(SourceWriteLock.Idp(m.ConnectionId), shared: true, ct);
        session.CorrelationId = m.CorrelationId.ToString();
        var seen = m.Accounts.Select(a => a.ExternalId).ToList();
        var connection = await session.LoadAsync<IdpConnectionState>(m.ConnectionId, ct);
        if (connection is not { Removed: true })
        {
            if (connection is null)
            {
                session.Store(new IdpConnectionState { Id = m.ConnectionId, Provider = m.Provider });
            }
            await TrackAccountsAsync(session, m, ct);
        }
        if (m.Targeted)
        {
            // A re-read of a few named accounts belongs to no listing run: there is nothing to settle and nothing to close.
            await session.SaveChangesAsync(ct);
            return;
        }
        session.Store(ProcessedBatch.For(m.SyncRunId, seen, context.MessageId ?? Guid.Empty, m.ObservedAt));
        await session.SaveChangesAsync(ct);
        await settler.TrySettleAsync(m.TenantId, m.SyncRunId, SourceWriteLock.Idp(m.ConnectionId), ct);
    }

    private static async Task TrackAccountsAsync(IDocumentSession session, IdpAccountsObserved m, CancellationToken ct)
    {
        var accounts = m.Accounts.DistinctBy(a => a.ExternalId).ToList();
        var ids = accounts.Select(a => StreamIds.IdpAccount(m.TenantId, m.ConnectionId, a.ExternalId)).ToArray();
        var current = ids.Length == 0 ? [] : (await session.LoadManyAsync<IdpAccount>(ct, ids)).ToDictionary(a => a.Id);
        for (var i = 0; i < accounts.Count; i++)
        {
            var state = current.GetValueOrDefault(ids[i]);
            var events = IdpAccountDecider.Decide(state, new(ids[i], m.ConnectionId, m.Provider, accounts[i], m.ObservedAt, m.SyncRunId));
            session.AppendDecided<IdpAccount>(ids[i], state?.Version, events);
        }
    }
}
