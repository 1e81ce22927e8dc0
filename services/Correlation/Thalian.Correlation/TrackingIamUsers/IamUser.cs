using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Matching;

namespace Thalian.Correlation.TrackingIamUsers;

public sealed record ExplicitIdpMapping(Guid ConnectionId, string ExternalId, string SetBy, DateTimeOffset SetAt);

/// <summary>An IAM user as its stream tells it: the latest full observation plus its IdP link. Marten keeps it as an inline snapshot.</summary>
public sealed record IamUser : Identifying.IIdentityAggregate<IamUser>
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string AccountId { get; init; } = "";
    public string Partition { get; init; } = "aws";
    public IamUserObservation User { get; init; } = null!;
    public DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public bool Deleted { get; init; }
    public ExplicitIdpMapping? ExplicitMapping { get; init; }
    public IdpMatch Match { get; init; } = IdpMatches.NoIdp;
    /// <summary>Lookup keys for re-evaluating this user when an IdP account with one of them changes.</summary>
    public IReadOnlyList<string> MatchKeys { get; init; } = [];
    /// <summary>"connectionId/externalId" of every linked or candidate IdP account.</summary>
    public IReadOnlyList<string> LinkedAccountKeys { get; init; } = [];
    public IReadOnlyList<Guid> LinkedConnectionIds { get; init; } = [];
    public string LinkState { get; init; } = IdpMatches.NoIdp.State;

    /// <summary>The one fold of an IAM user stream (Marten's snapshot, the deciders, as-of reads).</summary>
    public static IamUser? Next(IamUser? state, object e) => e switch
    {
        IamUserCreated c => IamUser.Start(c),
        _ when state is null => null,
        IamUserReappeared x => state.With(x),
        IamUserRenamed x => state.With(x),
        IamUserTagsChanged x => state.With(x),
        GroupMembershipChanged x => state.With(x),
        PoliciesChanged x => state.With(x),
        ConsolePasswordEnabled x => state.With(x),
        ConsolePasswordRemoved x => state.With(x),
        ConsolePasswordUsed x => state.With(x),
        ConsolePasswordChanged x => state.With(x),
        AccessKeyCreated x => state.With(x),
        AccessKeyDeactivated x => state.With(x),
        AccessKeyReactivated x => state.With(x),
        AccessKeyRotated x => state.With(x),
        AccessKeyUsed x => state.With(x),
        CredentialReportRowChanged x => state.With(x),
        MfaDeviceEnrolled x => state.With(x),
        MfaDeviceRemoved x => state.With(x),
        AccessKeyMetadataChanged x => state.With(x),
        IamUserDetailsChanged x => state.With(x),
        IamUserDeleted x => state.With(x),
        ExplicitIdpMappingSet x => state.With(x),
        ExplicitIdpMappingCleared x => state.With(x),
        IamUserLinkedToIdpAccount x => state.With(x),
        IamUserMatchAmbiguous x => state.With(x),
        IamUserUnlinked x => state.With(x),
        IamUserMatchStateChanged x => state.With(x),
        LinkedIdpAccountChanged x => state.With(x),
        _ => throw new ArgumentException($"Not an IAM user event: {e.GetType().Name}", nameof(e)),
    };

    public static IamUser? Fold(IamUser? state, IEnumerable<object> events) => events.Aggregate(state, Next);

    public ReadingIdentities.IdentitySummary Summary() => ReadingIdentities.IdentitySummary.From(this);

    private static IamUser Start(IamUserCreated e) => new IamUser
    {
        Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition,
    }.Observed(e.User, e);

    private IamUser With(IamUserReappeared e) => (this with { Deleted = false }).Observed(e.User, e);
    private IamUser With(IamUserRenamed e) => Observed(User with { UserName = e.UserName, Path = e.Path, Arn = e.Arn }, e);
    private IamUser With(IamUserTagsChanged e) => Observed(User with { Tags = e.Tags }, e);
    private IamUser With(GroupMembershipChanged e) => Observed(User with { GroupNames = e.GroupNames }, e);
    private IamUser With(PoliciesChanged e) => Observed(User with { Policies = e.Policies }, e);
    private IamUser With(ConsolePasswordEnabled e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(ConsolePasswordRemoved e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(ConsolePasswordUsed e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(ConsolePasswordChanged e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(AccessKeyCreated e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(AccessKeyDeactivated e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(AccessKeyReactivated e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(AccessKeyRotated e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(AccessKeyUsed e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(CredentialReportRowChanged e) => Observed(User with { Credentials = e.Credentials }, e);
    private IamUser With(MfaDeviceEnrolled e) => Observed(User with { MfaDevices = e.MfaDevices }, e);
    private IamUser With(MfaDeviceRemoved e) => Observed(User with { MfaDevices = e.MfaDevices }, e);
    private IamUser With(AccessKeyMetadataChanged e) => Observed(User with { AccessKeys = e.AccessKeys }, e);
    private IamUser With(IamUserDetailsChanged e) => Observed(e.User, e);
    private IamUser With(IamUserDeleted e) => this with { Deleted = true, ObservedAt = Later(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };
    private IamUser With(ExplicitIdpMappingSet e) => this with { ExplicitMapping = new(e.ConnectionId, e.ExternalId, e.SetBy, e.ObservedAt) };
    private IamUser With(ExplicitIdpMappingCleared e) => this with { ExplicitMapping = null };
    private IamUser With(IamUserLinkedToIdpAccount e) => Linked(e.Match);
    private IamUser With(IamUserMatchAmbiguous e) => Linked(e.Match);
    private IamUser With(IamUserUnlinked e) => Linked(e.Match);
    private IamUser With(IamUserMatchStateChanged e) => Linked(e.Match);
    private IamUser With(LinkedIdpAccountChanged e) => Linked(e.Match);

    private IamUser Observed(IamUserObservation user, Identifying.IObservedEvent e) => this with
    {
        User = user,
        ObservedAt = Later(e.ObservedAt),
        SyncRunId = e.SyncRunId ?? SyncRunId,
        MatchKeys = Matching.MatchKeys.ForIamUser(user),
    };

    private DateTimeOffset Later(DateTimeOffset observedAt) => observedAt > ObservedAt ? observedAt : ObservedAt;

    private IamUser Linked(IdpMatch match) => this with
    {
        Match = match,
        LinkState = match.State,
        LinkedAccountKeys = [.. match.Accounts.Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId))],
        LinkedConnectionIds = [.. match.Accounts.Select(a => a.ConnectionId).Distinct()],
    };
}
