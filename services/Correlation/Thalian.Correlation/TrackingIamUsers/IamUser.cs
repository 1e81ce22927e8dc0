using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Matching;

namespace Thalian.Correlation.TrackingIamUsers;

public sealed record ExplicitIdpMapping(Guid ConnectionId, string ExternalId, string SetBy, DateTimeOffset SetAt);

/// <summary>An IAM user as its stream tells it: the latest full observation plus its IdP link. Marten keeps it as an inline snapshot.</summary>
public sealed record IamUser : Identifying.IStreamState
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

    public static IamUser Create(IamUserCreated e) => new IamUser
    {
        Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition,
    }.Observed(e.User, e);

    public IamUser Apply(IamUserReappeared e) => (this with { Deleted = false }).Observed(e.User, e);
    public IamUser Apply(IamUserRenamed e) => Observed(User with { UserName = e.UserName, Path = e.Path, Arn = e.Arn }, e);
    public IamUser Apply(IamUserTagsChanged e) => Observed(User with { Tags = e.Tags }, e);
    public IamUser Apply(GroupMembershipChanged e) => Observed(User with { GroupNames = e.GroupNames }, e);
    public IamUser Apply(PoliciesChanged e) => Observed(User with { Policies = e.Policies }, e);
    public IamUser Apply(ConsolePasswordEnabled e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(ConsolePasswordRemoved e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(ConsolePasswordUsed e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(ConsolePasswordChanged e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(AccessKeyCreated e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(AccessKeyDeactivated e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(AccessKeyReactivated e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(AccessKeyRotated e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(AccessKeyUsed e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(CredentialReportRowChanged e) => Observed(User with { Credentials = e.Credentials }, e);
    public IamUser Apply(MfaDeviceEnrolled e) => Observed(User with { MfaDevices = e.MfaDevices }, e);
    public IamUser Apply(MfaDeviceRemoved e) => Observed(User with { MfaDevices = e.MfaDevices }, e);
    public IamUser Apply(AccessKeyMetadataChanged e) => Observed(User with { AccessKeys = e.AccessKeys }, e);
    public IamUser Apply(IamUserDetailsChanged e) => Observed(e.User, e);
    public IamUser Apply(IamUserDeleted e) => this with { Deleted = true, ObservedAt = Later(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };
    public IamUser Apply(ExplicitIdpMappingSet e) => this with { ExplicitMapping = new(e.ConnectionId, e.ExternalId, e.SetBy, e.ObservedAt) };
    public IamUser Apply(ExplicitIdpMappingCleared e) => this with { ExplicitMapping = null };
    public IamUser Apply(IamUserLinkedToIdpAccount e) => Linked(e.Match);
    public IamUser Apply(IamUserMatchAmbiguous e) => Linked(e.Match);
    public IamUser Apply(IamUserUnlinked e) => Linked(e.Match);
    public IamUser Apply(IamUserMatchStateChanged e) => Linked(e.Match);
    public IamUser Apply(LinkedIdpAccountChanged e) => Linked(e.Match);

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
