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
    private readonly IServiceProvider _services;

    // The store builds its subscriptions, so the store (and what needs it) is resolved on first use, not injected.
    public LinkReevaluation(IServiceProvider services)
    {
        _services = services;
        Name = "link-reevaluation";
        Options.BatchSize = 2000;
        // The daemon then loads (and deserializes) only these events, not every credential or link change.
        foreach (var type in EventTypes.Implementing<IIdpAccountEvent>()
            .Concat([typeof(IamUserCreated), typeof(IamUserReappeared), typeof(IamUserRenamed), typeof(IamUserTagsChanged), typeof(SyncRunSettled)]))
        {
            IncludeType(type);
        }
    }

    private IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();

    private LinkReevaluator Reevaluator => _services.GetRequiredService<LinkReevaluator>();

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var tenant in page.Events.GroupBy(e => e.TenantId))
        {
            // Both sides re-evaluate after their own commit, so whichever of an IAM user and its IdP account
            // is committed last still finds the other.
            var changedUsers = tenant.Where(e => e.Data is IamUserCreated or IamUserReappeared or IamUserRenamed or IamUserTagsChanged).ToList();
            if (changedUsers.Count > 0)
            {
                await Reevaluator.ReevaluateAsync(tenant.Key, [.. changedUsers.Select(e => e.StreamId).Distinct()], _ => false, "aws-observation",
                    changedUsers.Max(e => ((IObservedEvent)e.Data).ObservedAt), null, cancellationToken);
            }
            var changedAccounts = tenant.Where(e => e.Data is IIdpAccountEvent).ToList();
            if (changedAccounts.Count > 0)
            {
                await ForIdpAccountsAsync(tenant.Key, changedAccounts, cancellationToken);
            }
            foreach (var settled in tenant.Where(e => e.Data is SyncRunSettled))
            {
                await ForSettledRunAsync(tenant.Key, (SyncRunSettled)settled.Data, cancellationToken);
                await MarkLinksReevaluatedAsync(tenant.Key, settled, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    private async Task ForIdpAccountsAsync(string tenantId, List<IEvent> events, CancellationToken ct)
    {
        List<IdpAccount> accounts;
        await using (var session = Store.QuerySession(tenantId))
        {
            accounts = [.. await session.LoadManyAsync<IdpAccount>(ct, events.Select(e => e.StreamId).Distinct())];
        }
        // Only a new or re-profiled account can match someone new; a lifecycle change concerns the users linked to it.
        var rekeyed = events.Where(e => e.Data is IdpAccountCreated or IdpAccountReappeared or IdpAccountProfileChanged).Select(e => e.StreamId).ToHashSet();
        var keys = accounts.Where(a => rekeyed.Contains(a.Id)).SelectMany(a => a.MatchKeys).Distinct().ToArray();
        var linkKeys = accounts.Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)).ToArray();
        var removedKeys = accounts.Where(a => a.Removed).Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)).ToHashSet();
        IReadOnlyList<Guid> users;
        await using (var session = Store.QuerySession(tenantId))
        {
            var found = await JsonArrayLookup.AnyAsync<IamUser>(session,
                [(nameof(IamUser.MatchKeys), keys), (nameof(IamUser.LinkedAccountKeys), linkKeys)], ct);
            users = [.. found.Where(u => !u.Deleted).Select(u => u.Id)];
        }
        var at = events.Max(e => ((IObservedEvent)e.Data).ObservedAt);
        await Reevaluator.ReevaluateAsync(tenantId, users, u => u.LinkedAccountKeys.Any(removedKeys.Contains), "idp-change", at, null, ct);
    }

    /// <summary>
    /// After an IdP run's links are in, the run's settlement stream gets its second (and last) event, from which the
    /// run's IdentitiesSettled is published; a redelivered page finds the stream already at version 2 and adds nothing.
    /// </summary>
    private async Task MarkLinksReevaluatedAsync(string tenantId, IEvent settled, CancellationToken ct)
    {
        var run = (SyncRunSettled)settled.Data;
        if (run.SourceKind != "idp")
        {
            return;
        }
        await using var session = Store.LightweightSession(tenantId);
        // This subscription is the stream's only writer after the settlement: a redelivered page finds it marked.
        if (await session.Events.FetchStreamStateAsync(settled.StreamId, ct) is { Version: >= 2 })
        {
            return;
        }
        session.Events.Append(settled.StreamId, 2, new SyncRunLinksReevaluated(run));
        await session.SaveChangesAsync(ct);
    }

    private async Task ForSettledRunAsync(string tenantId, SyncRunSettled run, CancellationToken ct)
    {
        if (run.SourceKind == "idp")
        {
            // The first IdP seen turns "no-idp" users into matched or unmatched ones.
            var waiting = await Reevaluator.UsersAsync(tenantId, q => q.Where(u => u.LinkState == IdpMatches.NoIdpState), ct);
            await Reevaluator.ReevaluateAsync(tenantId, waiting, _ => false, "idp-sync-settled", run.ObservedAt, run.SettledRunId, ct);
        }
        if (run.Complete)
        {
            var source = run.SourceKind == "idp" ? DeferredUnlink.IdpSource(Guid.Parse(run.SourceId)) : DeferredUnlink.AwsSource(run.SourceId);
            await Reevaluator.ResolveDeferredAsync(tenantId, source, $"{run.SourceKind}-sync-settled", run.ObservedAt, run.SettledRunId, ct);
        }
    }
}
