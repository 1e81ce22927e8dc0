using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingAwsAccounts;

public static class AwsAccountDecider
{
    public sealed record Observation(Guid IdentityId, string AccountId, string Partition, AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId);

    public static IReadOnlyList<object> Decide(AwsAccount? state, Observation seen)
    {
        var (at, run, now) = (seen.ObservedAt, seen.SyncRunId, seen.Posture);
        if (state is null || state.Removed)
        {
            return state is not null && at < state.ObservedAt ? [] : [new AwsAccountRegistered(seen.IdentityId, seen.AccountId, seen.Partition, now, at, run)];
        }
        if (at < state.ObservedAt || Same(state.Posture, now))
        {
            return [];
        }
        var was = state.Posture;
        var events = new List<object>();
        if (was.AccountMfaEnabled != 1 && now.AccountMfaEnabled == 1)
        {
            events.Add(new RootMfaEnabled(now, at, run));
        }
        else if (was.AccountMfaEnabled == 1 && now.AccountMfaEnabled == 0)
        {
            events.Add(new RootMfaDisabled(now, at, run));
        }
        var (lastUse, evidence) = LastRootUse(now);
        if (lastUse is { } used && (LastRootUse(was).At is not { } before || used > before))
        {
            events.Add(new RootUsed(used, evidence, now, at, run));
        }
        if (was.CloudTrailAvailable != now.CloudTrailAvailable)
        {
            events.Add(new CloudTrailAvailabilityChanged(now.CloudTrailAvailable, now.CloudTrailError, now, at, run));
        }
        if (events.Count == 0)
        {
            events.Add(new AccountPostureChanged(now, at, run));
        }
        return events;
    }

    /// <summary>The account is no longer watched; an unknown or already removed one needs no event.</summary>
    public static IReadOnlyList<object> Remove(AwsAccount? state, string reason, DateTimeOffset at, Guid? run) =>
        state is { Removed: false } ? [new AwsAccountRemoved(reason, at, run)] : [];

    /// <summary>The most recent root use from CloudTrail and the credential report's root row (rules.md).</summary>
    public static (DateTimeOffset? At, string Evidence) LastRootUse(AccountPosture posture)
    {
        var root = posture.RootCredentials;
        // Service-invoked calls and AwsServiceEvent records are AWS acting, not someone using root.
        var candidates = posture.RootActivity.Where(a => a.InvokedBy is null && a.EventType != "AwsServiceEvent")
            .Select(a => (At: (DateTimeOffset?)a.EventTime, Evidence: $"cloudtrail:{a.EventName}"))
            .Append((root?.PasswordLastUsed, "credential-report:password_last_used"))
            .Append((root?.AccessKey1.LastUsedDate, "credential-report:access_key_1_last_used_date"))
            .Append((root?.AccessKey2.LastUsedDate, "credential-report:access_key_2_last_used_date"))
            .Where(c => c.Item1 is not null)
            .OrderByDescending(c => c.Item1)
            .ToList();
        return candidates.Count == 0 ? (null, "") : (candidates[0].Item1, candidates[0].Item2);
    }

    public static bool Same(AccountPosture a, AccountPosture b) =>
        a.AccountMfaEnabled == b.AccountMfaEnabled && SetEquality.SameCounts(a.Summary, b.Summary)
        && a.RootCredentials == b.RootCredentials && a.CredentialReportGeneratedAt == b.CredentialReportGeneratedAt
        && SetEquality.SameItems(a.RootActivity, b.RootActivity) && a.CloudTrailAvailable == b.CloudTrailAvailable
        && a.CloudTrailError == b.CloudTrailError && SetEquality.SameItems(a.Unparseable, b.Unparseable)
        && SetEquality.SameItems(a.DataProblems, b.DataProblems);
}
