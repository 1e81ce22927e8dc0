using Marten;
using MassTransit;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.Matching;
using Thalian.Correlation.ReadingIdentities;

namespace Thalian.Correlation.TrackingIdpAccounts;

/// <summary>
/// The connection's accounts leave matching: each is closed on its stream (which re-links its IAM users through
/// <see cref="LinkReevaluation"/>), and users that matched nothing are re-checked in case no IdP is left.
/// </summary>
public sealed class IdpConnectionRemovedConsumer(IDocumentStore store, LinkReevaluator reevaluator) : IConsumer<IdpConnectionRemoved>
{
    public async Task Consume(ConsumeContext<IdpConnectionRemoved> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using (var session = store.LightweightSession(m.TenantId))
        {
            await session.LockSourceAsync(SourceWriteLock.Idp(m.ConnectionId), shared: false, ct);
            session.Store(new IdpConnectionState { Id = m.ConnectionId, Provider = m.Provider, Removed = true, RemovedAt = m.RemovedAt });
            await ClosingIdentities.CloseIdpConnectionAsync(session, m.ConnectionId, _ => true, "connection-removed", m.RemovedAt, null, ct);
            await session.SaveChangesAsync(ct);
        }
        var users = await reevaluator.UsersAsync(m.TenantId, q => q.Where(u => u.LinkState == IdpMatches.Unmatched
            || u.LinkedConnectionIds.Contains(m.ConnectionId)), ct);
        await reevaluator.ReevaluateAsync(m.TenantId, users, _ => true, "connection-removed", m.RemovedAt, null, ct);
    }
}
