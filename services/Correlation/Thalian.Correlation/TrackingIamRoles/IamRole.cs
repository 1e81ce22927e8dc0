using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingIamRoles;

public sealed record IamRoleCreated(Guid IdentityId, string AccountId, string Partition, IamRoleObservation Role, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record IamRoleReappeared(IamRoleObservation Role, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record TrustPolicyChanged(string? TrustPolicy, string? TrustPolicyError, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record RolePoliciesChanged(IReadOnlyList<PolicyGrant> Policies, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record RoleUsed(DateTimeOffset? LastUsedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record IamRoleDetailsChanged(IamRoleObservation Role, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record IamRoleDeleted(string Reason, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamRoleEvent;

public sealed record IamRole : IIdentityAggregate<IamRole>
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string AccountId { get; init; } = "";
    public string Partition { get; init; } = "aws";
    public IamRoleObservation Role { get; init; } = null!;
    public DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public bool Deleted { get; init; }

    /// <summary>The one fold of an IAM role stream.</summary>
    public static IamRole? Next(IamRole? state, object e) => e switch
    {
        IamRoleCreated c => Start(c),
        _ when state is null => null,
        IamRoleReappeared x => state.With(x),
        TrustPolicyChanged x => state.With(x),
        RolePoliciesChanged x => state.With(x),
        RoleUsed x => state.With(x),
        IamRoleDetailsChanged x => state.With(x),
        IamRoleDeleted x => state.With(x),
        _ => throw new ArgumentException($"Not an IAM role event: {e.GetType().Name}", nameof(e)),
    };

    public static IamRole? Fold(IamRole? state, IEnumerable<object> events) => events.Aggregate(state, Next);

    public ReadingIdentities.IdentitySummary Summary() => ReadingIdentities.IdentitySummary.From(this);

    private static IamRole Start(IamRoleCreated e) =>
        new() { Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition, Role = e.Role, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };

    private IamRole With(IamRoleReappeared e) => (this with { Deleted = false }).Observed(e.Role, e);
    private IamRole With(TrustPolicyChanged e) => Observed(Role with { TrustPolicy = e.TrustPolicy, TrustPolicyError = e.TrustPolicyError }, e);
    private IamRole With(RolePoliciesChanged e) => Observed(Role with { Policies = e.Policies }, e);
    private IamRole With(RoleUsed e) => Observed(Role with { LastUsedAt = e.LastUsedAt }, e);
    private IamRole With(IamRoleDetailsChanged e) => Observed(e.Role, e);
    private IamRole With(IamRoleDeleted e) => this with { Deleted = true, ObservedAt = Max(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };

    private IamRole Observed(IamRoleObservation role, IObservedEvent e) =>
        this with { Role = role, ObservedAt = Max(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };

    private DateTimeOffset Max(DateTimeOffset at) => at > ObservedAt ? at : ObservedAt;
}
