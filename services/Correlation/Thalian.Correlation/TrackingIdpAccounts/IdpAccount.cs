using Thalian.Contracts.Idp;
using Thalian.Correlation.Matching;

namespace Thalian.Correlation.TrackingIdpAccounts;

/// <summary>An IdP account as its stream tells it. Also the matching index: <see cref="MatchKeys"/> is GIN-indexed.</summary>
public sealed record IdpAccount : Identifying.IIdentityAggregate<IdpAccount>
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid ConnectionId { get; init; }
    public string Provider { get; init; } = "";
    public IdpAccountObservation Account { get; init; } = null!;
    public DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public bool Removed { get; init; }
    /// <summary>When a complete sync first no longer returned the account (null while listed).</summary>
    public DateTimeOffset? RemovedAt { get; init; }
    /// <summary>When the stream saw the account leave Active (null while Active or when never seen Active).</summary>
    public DateTimeOffset? LeftActiveAt { get; init; }
    public IdpKeys Keys { get; init; } = new([], [], []);
    public IReadOnlyList<string> MatchKeys { get; init; } = [];

    public string ExternalId => Account.ExternalId;

    /// <summary>The vendor's own status time where it gives one, else what the history says.</summary>
    public DateTimeOffset? EffectiveLeftActiveAt =>
        Account.Lifecycle == IdpLifecycle.Active ? null : Account.StatusChangedAt ?? LeftActiveAt;

    /// <summary>The one fold of an IdP account stream.</summary>
    public static IdpAccount? Next(IdpAccount? state, object e) => e switch
    {
        IdpAccountCreated c => Start(c),
        _ when state is null => null,
        IdpAccountReappeared x => state.With(x),
        IdpAccountActivated x => state.With(x),
        IdpAccountReactivated x => state.With(x),
        IdpAccountSuspended x => state.With(x),
        IdpAccountDeprovisioned x => state.With(x),
        IdpAccountLocked x => state.With(x),
        IdpAccountStatusChanged x => state.With(x),
        IdpAccountProfileChanged x => state.With(x),
        IdpAccountRemoved x => state.With(x),
        _ => throw new ArgumentException($"Not an IdP account event: {e.GetType().Name}", nameof(e)),
    };

    public static IdpAccount? Fold(IdpAccount? state, IEnumerable<object> events) => events.Aggregate(state, Next);

    public ReadingIdentities.IdentitySummary Summary() => ReadingIdentities.IdentitySummary.From(this);

    private static IdpAccount Start(IdpAccountCreated e) =>
        new IdpAccount { Id = e.IdentityId, ConnectionId = e.ConnectionId, Provider = e.Provider }.Observed(e.Account, e.ObservedAt, e.SyncRunId);

    private IdpAccount With(IdpAccountReappeared e) => (this with { Removed = false, RemovedAt = null }).Transition(e.Account.Lifecycle, e.ObservedAt, e.Account.StatusChangedAt).Observed(e.Account, e.ObservedAt, e.SyncRunId);
    private IdpAccount With(IdpAccountActivated e) => Lifecycle(e);
    private IdpAccount With(IdpAccountReactivated e) => Lifecycle(e);
    private IdpAccount With(IdpAccountSuspended e) => Lifecycle(e);
    private IdpAccount With(IdpAccountDeprovisioned e) => Lifecycle(e);
    private IdpAccount With(IdpAccountLocked e) => Lifecycle(e);
    private IdpAccount With(IdpAccountStatusChanged e) => Lifecycle(e);
    private IdpAccount With(IdpAccountProfileChanged e) => Observed(e.Account, e.ObservedAt, e.SyncRunId);
    private IdpAccount With(IdpAccountRemoved e) => this with { Removed = true, RemovedAt = RemovedAt ?? e.ObservedAt, ObservedAt = e.ObservedAt > ObservedAt ? e.ObservedAt : ObservedAt };

    private IdpAccount Lifecycle(IIdpLifecycleEvent e) =>
        Transition(e.Lifecycle, e.ObservedAt, e.StatusChangedAt)
            .Observed(Account with { Lifecycle = e.Lifecycle, RawStatus = e.RawStatus, StatusChangedAt = e.StatusChangedAt }, e.ObservedAt, e.SyncRunId);

    private IdpAccount Transition(IdpLifecycle next, DateTimeOffset at, DateTimeOffset? vendorTime) => this with
    {
        LeftActiveAt = next == IdpLifecycle.Active ? null
            : Account.Lifecycle == IdpLifecycle.Active ? vendorTime ?? at
            : LeftActiveAt,
    };

    private IdpAccount Observed(IdpAccountObservation account, DateTimeOffset at, Guid? run)
    {
        var keys = Matching.MatchKeys.ForIdpAccount(Provider, account);
        return this with
        {
            Account = account,
            ObservedAt = at > ObservedAt ? at : ObservedAt,
            SyncRunId = run ?? SyncRunId,
            Keys = keys,
            MatchKeys = Matching.MatchKeys.Prefixed(keys),
        };
    }
}
