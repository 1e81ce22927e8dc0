using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.Matching;

/// <summary>
/// Re-evaluates IAM user links from committed IdP account events and settled runs (at-least-once, so a crash
/// between an IdP batch and the re-evaluation loses nothing). Unlinking needs complete evidence: a removed
/// account, or a complete run of the source.
/// </summary>
public sealed class LinkReevaluation : SubscriptionBase
{
    private readonly IDocumentStore _store;
    private readonly LinkReevaluator _reevaluator;

    public LinkReevaluation(IDocumentStore store, LinkReevaluator reevaluator)
    {
        _store = store;
        _reevaluator = reevaluator;
        Name = "link-reevaluation";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var tenant in page.Events.GroupBy(e => e.TenantId))
        {
            var changedAccounts = tenant.Where(e => e.Data is IIdpAccountEvent).ToList();
            if (changedAccounts.Count > 0)
            {
                await ForIdpAccountsAsync(tenant.Key, changedAccounts, cancellationToken);
            }
            foreach (var settled in tenant.Select(e => e.Data).OfType<SyncRunSettled>())
            {
                await ForSettledRunAsync(tenant.Key, settled, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    private async Task ForIdpAccountsAsync(string tenantId, List<IEvent> events, CancellationToken ct)
    {
        List<IdpAccount> accounts;
        await using (var session = _store.QuerySession(tenantId))
        {
            accounts = [.. await session.LoadManyAsync<IdpAccount>(ct, events.Select(e => e.StreamId).Distinct())];
        }
        var keys = accounts.SelectMany(a => a.MatchKeys).Distinct().ToArray();
        var linkKeys = accounts.Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)).ToArray();
        var removedKeys = accounts.Where(a => a.Removed).Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)).ToHashSet();
        var users = await _reevaluator.UsersAsync(tenantId,
            q => q.Where(u => u.MatchKeys.Any(k => keys.Contains(k)) || u.LinkedAccountKeys.Any(k => linkKeys.Contains(k))), ct);
        var at = events.Max(e => ((IObservedEvent)e.Data).ObservedAt);
        await _reevaluator.ReevaluateAsync(tenantId, users, u => u.LinkedAccountKeys.Any(removedKeys.Contains), "idp-change", at, null, ct);
    }

    private async Task ForSettledRunAsync(string tenantId, SyncRunSettled run, CancellationToken ct)
    {
        if (run.SourceKind == "idp")
        {
            var connectionId = Guid.Parse(run.SourceId);
            var users = await _reevaluator.UsersAsync(tenantId, q => q.Where(u => u.LinkedConnectionIds.Contains(connectionId)
                || u.LinkState == IdpMatches.NoIdpState || u.LinkState == IdpMatches.Unmatched), ct);
            await _reevaluator.ReevaluateAsync(tenantId, users, _ => run.Complete, "idp-sync-settled", run.ObservedAt, run.SettledRunId, ct);
        }
        else if (run.Complete)
        {
            var users = await _reevaluator.UsersAsync(tenantId, q => q.Where(u => u.AccountId == run.SourceId
                && (u.LinkState == IdpMatches.Linked || u.LinkState == IdpMatches.Ambiguous)), ct);
            await _reevaluator.ReevaluateAsync(tenantId, users, _ => true, "aws-sync-settled", run.ObservedAt, run.SettledRunId, ct);
        }
    }
}
