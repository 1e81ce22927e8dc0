using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingIamUsers;

/// <summary>Compares one observation of an IAM user with its stream state and names only what really changed.</summary>
public static class IamUserDecider
{
    public sealed record Observation(Guid IdentityId, string AccountId, string Partition, IamUserObservation User, DateTimeOffset ObservedAt, Guid? SyncRunId);

    public static IReadOnlyList<object> Decide(IamUser? state, Observation seen)
    {
        var (at, run, user) = (seen.ObservedAt, seen.SyncRunId, seen.User);
        if (state is null)
        {
            return [new IamUserCreated(seen.IdentityId, seen.AccountId, seen.Partition, user, at, run)];
        }
        // An older observation (a slower sync run, a redelivery) never overwrites a newer one.
        if (at < state.ObservedAt)
        {
            return [];
        }
        if (state.Deleted)
        {
            return [new IamUserReappeared(user, at, run)];
        }
        var was = state.User;
        var events = new List<object>();
        if (was.UserName != user.UserName || was.Path != user.Path || was.Arn != user.Arn)
        {
            events.Add(new IamUserRenamed(user.UserName, user.Path, user.Arn, at, run));
        }
        if (!SetEquality.SameMap(was.Tags, user.Tags))
        {
            events.Add(new IamUserTagsChanged(user.Tags, at, run));
        }
        if (!SetEquality.SameItems(was.GroupNames, user.GroupNames))
        {
            events.Add(new GroupMembershipChanged(user.GroupNames, [.. user.GroupNames.Except(was.GroupNames)], [.. was.GroupNames.Except(user.GroupNames)], at, run));
        }
        if (!SetEquality.SameItems(was.Policies, user.Policies))
        {
            events.Add(new PoliciesChanged(user.Policies, [.. user.Policies.Except(was.Policies).Select(Describe)], [.. was.Policies.Except(user.Policies).Select(Describe)], at, run));
        }
        events.AddRange(CredentialChanges.Decide(was.Credentials, user.Credentials, at, run));
        foreach (var added in user.MfaDevices.Where(d => was.MfaDevices.All(w => w.SerialNumber != d.SerialNumber)))
        {
            events.Add(new MfaDeviceEnrolled(added, user.MfaDevices, at, run));
        }
        foreach (var removed in was.MfaDevices.Where(d => user.MfaDevices.All(w => w.SerialNumber != d.SerialNumber)))
        {
            events.Add(new MfaDeviceRemoved(removed, user.MfaDevices, at, run));
        }
        if (!SameAccessKeys(was.AccessKeys, user.AccessKeys))
        {
            events.Add(new AccessKeyMetadataChanged(user.AccessKeys, at, run));
        }
        var after = IamUser.Fold(state, events)!;
        if (!Same(after.User, user))
        {
            events.Add(new IamUserDetailsChanged(user, at, run));
        }
        return events;
    }

    /// <summary>Closes the user (a complete run did not list it, or its account's connection was removed); a closed one stays as it is.</summary>
    public static IReadOnlyList<object> Delete(IamUser state, string reason, DateTimeOffset at, Guid? run) =>
        state.Deleted ? [] : [new IamUserDeleted(reason, at, run)];

    public static bool Same(IamUserObservation a, IamUserObservation b) =>
        a.UserName == b.UserName && a.UserId == b.UserId && a.Arn == b.Arn && a.Path == b.Path && a.CreatedAt == b.CreatedAt
        && SetEquality.SameMap(a.Tags, b.Tags) && SetEquality.SameItems(a.GroupNames, b.GroupNames)
        && SetEquality.SameItems(a.Policies, b.Policies) && a.Credentials == b.Credentials
        && SetEquality.SameItems(a.MfaDevices, b.MfaDevices) && SameAccessKeys(a.AccessKeys, b.AccessKeys)
        && SetEquality.SameItems(a.Unparseable, b.Unparseable) && SetEquality.SameItems(a.DataProblems, b.DataProblems);

    private static bool SameAccessKeys(IReadOnlyList<AccessKeyMetadata>? a, IReadOnlyList<AccessKeyMetadata>? b) =>
        a is null || b is null ? a is null && b is null : SetEquality.SameItems(a, b);

    private static string Describe(PolicyGrant grant) => $"{grant.Source}:{grant.PolicyArn ?? grant.Name}";
}
