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
        var after = IamRole.Fold(state, events)!;
        if (!Same(after.Role, role))
        {
            events.Add(new IamRoleDetailsChanged(role, at, run));
        }
        return events;
    }

    public static IReadOnlyList<object> Delete(IamRole state, string reason, DateTimeOffset at, Guid? run) =>
        state.Deleted ? [] : [new IamRoleDeleted(reason, at, run)];

    private static bool Same(IamRoleObservation a, IamRoleObservation b) =>
        a.RoleName == b.RoleName && a.RoleId == b.RoleId && a.Arn == b.Arn && a.Path == b.Path && a.CreatedAt == b.CreatedAt
        && SetEquality.SameMap(a.Tags, b.Tags) && a.TrustPolicy == b.TrustPolicy && a.TrustPolicyError == b.TrustPolicyError
        && a.LastUsedAt == b.LastUsedAt && SetEquality.SameItems(a.Policies, b.Policies)
        && SetEquality.SameItems(a.Notes, b.Notes);
}
