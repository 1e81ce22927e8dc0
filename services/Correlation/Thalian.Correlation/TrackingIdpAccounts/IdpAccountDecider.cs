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
        var after = IdpAccount.Fold(state, events)!;
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

    /// <summary>The account leaves matching (kept as evidence); one already removed stays as it is.</summary>
    public static IReadOnlyList<object> Remove(IdpAccount state, string reason, DateTimeOffset at, Guid? run) =>
        state.Removed ? [] : [new IdpAccountRemoved(reason, at, run)];

    private static bool Same(IdpAccountObservation a, IdpAccountObservation b) =>
        a.ExternalId == b.ExternalId && a.Lifecycle == b.Lifecycle && a.RawStatus == b.RawStatus && a.PrimaryEmail == b.PrimaryEmail
        && Identifying.SetEquality.SameItems(a.Emails, b.Emails) && Identifying.SetEquality.SameItems(a.Usernames, b.Usernames)
        && a.DisplayName == b.DisplayName && a.StatusChangedAt == b.StatusChangedAt;
}
