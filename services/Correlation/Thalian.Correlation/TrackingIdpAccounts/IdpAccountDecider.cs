using Thalian.Contracts.Idp;

namespace Thalian.Correlation.TrackingIdpAccounts;

public static class IdpAccountDecider
{
    public sealed record Observation(Guid IdentityId, Guid ConnectionId, string Provider, IdpAccountObservation Account, DateTimeOffset ObservedAt, Guid? SyncRunId);

    public static IReadOnlyList<object> Decide(IdpAccount? state, Observation seen)
    {
        var (at, run, now) = (seen.ObservedAt, seen.SyncRunId, seen.Account);
        if (state is null)
        {
            return [new IdpAccountCreated(seen.IdentityId, seen.ConnectionId, seen.Provider, now, at, run)];
        }
        if (at < state.ObservedAt)
        {
            return [];
        }
        if (state.Removed)
        {
            return [new IdpAccountReappeared(now, at, run)];
        }
        var was = state.Account;
        var events = new List<object>();
        if (was.Lifecycle != now.Lifecycle || was.RawStatus != now.RawStatus)
        {
            events.Add(LifecycleEvent(was.Lifecycle, now, at, run));
        }
        var after = events.Aggregate(state, Evolve);
        if (!Same(after.Account, now))
        {
            events.Add(new IdpAccountProfileChanged(now, at, run));
        }
        return events;
    }

    private static object LifecycleEvent(IdpLifecycle was, IdpAccountObservation now, DateTimeOffset at, Guid? run) => now.Lifecycle switch
    {
        _ when was == now.Lifecycle => new IdpAccountStatusChanged(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        IdpLifecycle.Active when was is IdpLifecycle.Suspended or IdpLifecycle.Deprovisioned or IdpLifecycle.Locked =>
            new IdpAccountReactivated(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        IdpLifecycle.Active => new IdpAccountActivated(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        IdpLifecycle.Suspended => new IdpAccountSuspended(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        IdpLifecycle.Deprovisioned => new IdpAccountDeprovisioned(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        IdpLifecycle.Locked => new IdpAccountLocked(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
        _ => new IdpAccountStatusChanged(now.Lifecycle, now.RawStatus, now.StatusChangedAt, at, run),
    };

    public static IdpAccount Evolve(IdpAccount state, object e) => e switch
    {
        IdpAccountReappeared x => state.Apply(x),
        IdpAccountActivated x => state.Apply(x),
        IdpAccountReactivated x => state.Apply(x),
        IdpAccountSuspended x => state.Apply(x),
        IdpAccountDeprovisioned x => state.Apply(x),
        IdpAccountLocked x => state.Apply(x),
        IdpAccountStatusChanged x => state.Apply(x),
        IdpAccountProfileChanged x => state.Apply(x),
        IdpAccountRemoved x => state.Apply(x),
        _ => throw new ArgumentException($"Not an IdP account change: {e.GetType().Name}", nameof(e)),
    };

    public static IdpAccount? Fold(IdpAccount? state, IEnumerable<object> events) =>
        events.Aggregate(state, (s, e) => e is IdpAccountCreated c ? IdpAccount.Create(c) : s is null ? null : Evolve(s, e));

    private static bool Same(IdpAccountObservation a, IdpAccountObservation b) =>
        a.ExternalId == b.ExternalId && a.Lifecycle == b.Lifecycle && a.RawStatus == b.RawStatus && a.PrimaryEmail == b.PrimaryEmail
        && Identifying.SetEquality.SameItems(a.Emails, b.Emails) && Identifying.SetEquality.SameItems(a.Usernames, b.Usernames)
        && a.DisplayName == b.DisplayName && a.StatusChangedAt == b.StatusChangedAt;
}
