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

public sealed record IamRole : IStreamState
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string AccountId { get; init; } = "";
    public string Partition { get; init; } = "aws";
    public IamRoleObservation Role { get; init; } = null!;
    public DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public bool Deleted { get; init; }

    public static IamRole Create(IamRoleCreated e) =>
        new() { Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition, Role = e.Role, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };

    public IamRole Apply(IamRoleReappeared e) => (this with { Deleted = false }).Observed(e.Role, e);
    public IamRole Apply(TrustPolicyChanged e) => Observed(Role with { TrustPolicy = e.TrustPolicy, TrustPolicyError = e.TrustPolicyError }, e);
    public IamRole Apply(RolePoliciesChanged e) => Observed(Role with { Policies = e.Policies }, e);
    public IamRole Apply(RoleUsed e) => Observed(Role with { LastUsedAt = e.LastUsedAt }, e);
    public IamRole Apply(IamRoleDetailsChanged e) => Observed(e.Role, e);
    public IamRole Apply(IamRoleDeleted e) => this with { Deleted = true, ObservedAt = Max(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };

    private IamRole Observed(IamRoleObservation role, IObservedEvent e) =>
        this with { Role = role, ObservedAt = Max(e.ObservedAt), SyncRunId = e.SyncRunId ?? SyncRunId };

    private DateTimeOffset Max(DateTimeOffset at) => at > ObservedAt ? at : ObservedAt;
}
