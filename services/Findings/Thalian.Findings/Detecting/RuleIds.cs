namespace Thalian.Findings.Detecting;

/// <summary>The stable rule ids (they appear in the API, SIEM events and suppressions).</summary>
public static class RuleIds
{
    public const string AdminNotInIdp = "aws-admin-not-in-idp";
    public const string UserNotInIdp = "aws-user-not-in-idp";
    public const string UserWithoutMfa = "iam-user-without-mfa";
    public const string StaleIamUser = "stale-iam-user";
    public const string StaleAccessKey = "stale-access-key";
    public const string MultipleActiveKeys = "multiple-active-access-keys";
    public const string KeyNotRotated = "access-key-not-rotated";
    public const string RootWithoutMfa = "root-without-mfa";
    public const string RootRecentlyUsed = "root-recently-used";
    public const string WildcardTrust = "wildcard-trust-principal";
    public const string CrossAccountTrust = "cross-account-trust-without-condition";
}

public static class Severities
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static int Rank(string severity) => severity switch
    {
        Critical => 4,
        High => 3,
        Medium => 2,
        _ => 1,
    };
}

public static class ResourceTypes
{
    public const string IamUser = "iam-user";
    public const string IamRole = "iam-role";
    public const string AccessKey = "access-key";
    public const string AwsAccount = "aws-account";
}
