using Thalian.Contracts.Aws;

namespace Thalian.Findings.Detecting;

/// <summary>One known use of the root user, from CloudTrail or the credential report root row.</summary>
public sealed record RootUse(DateTimeOffset At, string Source, IReadOnlyDictionary<string, string> Details);

public static class RootUses
{
    /// <summary>
    /// Every root use: CloudTrail Root events except service-invoked ones and AwsServiceEvent records (the collector
    /// drops them too; checked again here in case it forwarded them), and the credential report's password and
    /// access-key last-used dates.
    /// </summary>
    public static IReadOnlyList<RootUse> From(AccountPosture posture)
    {
        var uses = posture.RootActivity.Where(IsRootUse).Select(a => new RootUse(a.EventTime, "cloudtrail", new Dictionary<string, string>
        {
            ["eventName"] = a.EventName,
            ["eventId"] = a.EventId,
            ["region"] = a.Region,
            ["sourceIpAddress"] = a.SourceIpAddress ?? "unknown",
            ["mfaUsed"] = a.MfaUsed is { } mfa ? mfa ? "true" : "false" : "unknown",
        })).ToList();
        if (posture.RootCredentials is { } row)
        {
            Add(uses, row.PasswordLastUsed, "credential-report password");
            Add(uses, row.AccessKey1.LastUsedDate, "credential-report access key 1");
            Add(uses, row.AccessKey2.LastUsedDate, "credential-report access key 2");
        }
        return uses;
    }

    public static bool IsRootUse(RootActivity activity) =>
        string.IsNullOrEmpty(activity.InvokedBy) && !string.Equals(activity.EventType, "AwsServiceEvent", StringComparison.OrdinalIgnoreCase);

    private static void Add(List<RootUse> uses, DateTimeOffset? at, string source)
    {
        if (at is { } time)
        {
            uses.Add(new RootUse(time, source, new Dictionary<string, string>()));
        }
    }
}
