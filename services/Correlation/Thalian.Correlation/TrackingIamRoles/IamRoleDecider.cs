using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingIamRoles;

public static class IamRoleDecider
{
    public sealed record Observation(Guid IdentityId, string AccountId, string Partition, IamRoleObservation Role, DateTimeOffset ObservedAt, Guid? SyncRunId);

    public static IReadOnlyList<object> Decide(IamRole? state, Observation seen)
    {
        var (at, run, role) = (seen.ObservedAt, seen.SyncRunId, seen.Role);
        if (state is null)
        {
            return [new IamRoleCreated(seen.IdentityId, seen.AccountId, seen.Partition, role, at, run)];
        }
        if (at < state.ObservedAt)
        {
            return [];
        }
        if (state.Deleted)
        {
            return [new IamRoleReappeared(role, at, run)];
        }
        var was = state.Role;
        var events = new List<object>();
        if (was.TrustPolicy != role.TrustPolicy || was.TrustPolicyError != role.TrustPolicyError)
        {
            events.Add(new TrustPolicyChanged(role.TrustPolicy, role.TrustPolicyError, at, run));
        }
        if (!SetEquality.SameItems(was.Policies, role.Policies))
        {
            events.Add(new RolePoliciesChanged(role.Policies, at, run));
        }
        if (was.LastUsedAt != role.LastUsedAt)
        {
            events.Add(new RoleUsed(role.LastUsedAt, at, run));
        }
        var after = events.Aggregate(state, Evolve);
        if (!Same(after.Role, role))
        {
            events.Add(new IamRoleDetailsChanged(role, at, run));
        }
        return events;
    }

    public static IamRole Evolve(IamRole state, object e) => e switch
    {
        IamRoleReappeared x => state.Apply(x),
        TrustPolicyChanged x => state.Apply(x),
        RolePoliciesChanged x => state.Apply(x),
        RoleUsed x => state.Apply(x),
        IamRoleDetailsChanged x => state.Apply(x),
        IamRoleDeleted x => state.Apply(x),
        _ => throw new ArgumentException($"Not an IAM role change: {e.GetType().Name}", nameof(e)),
    };

    public static IamRole? Fold(IamRole? state, IEnumerable<object> events) =>
        events.Aggregate(state, (s, e) => e is IamRoleCreated c ? IamRole.Create(c) : s is null ? null : Evolve(s, e));

    private static bool Same(IamRoleObservation a, IamRoleObservation b) =>
        a.RoleName == b.RoleName && a.RoleId == b.RoleId && a.Arn == b.Arn && a.Path == b.Path && a.CreatedAt == b.CreatedAt
        && SetEquality.SameMap(a.Tags, b.Tags) && a.TrustPolicy == b.TrustPolicy && a.TrustPolicyError == b.TrustPolicyError
        && a.LastUsedAt == b.LastUsedAt && SetEquality.SameItems(a.Policies, b.Policies)
        && SetEquality.SameItems(a.Notes, b.Notes);
}
