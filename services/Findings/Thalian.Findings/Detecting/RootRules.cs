using System.Globalization;
using Thalian.Contracts.Aws;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>root-without-mfa and root-recently-used on an account's root posture.</summary>
public static class RootRules
{
    public static IReadOnlyList<RuleVerdict> Evaluate(TrackedAccount account, RuleContext context) =>
        [WithoutMfa(account), RecentlyUsed(account, context)];

    /// <summary>Why root has no credentials at all (organisation-managed root), or null when it may have some.</summary>
    public static string? WhyWithoutCredentials(AccountPosture posture)
    {
        var row = posture.RootCredentials;
        var summary = posture.Summary;
        var noPassword = row?.PasswordEnabled == false || (summary.TryGetValue("AccountPasswordPresent", out var p) && p == 0);
        var keysKnown = row is not null || summary.ContainsKey("AccountAccessKeysPresent");
        var noKeys = keysKnown && row?.AccessKey1.Active != true && row?.AccessKey2.Active != true
            && !(summary.TryGetValue("AccountAccessKeysPresent", out var k) && k != 0);
        if (!noPassword || !noKeys)
        {
            return null;
        }
        // The collector reads iam:ListOrganizationsFeatures where permitted; the credential report alone decides otherwise.
        return posture.RootCredentialsManagedByOrganization == true
            ? "root credentials are removed by the organisation's centralised root access (organisation-managed root)"
            : "root has no password and no access keys (organisation-managed root)";
    }

    private static RuleVerdict WithoutMfa(TrackedAccount account)
    {
        var posture = account.Posture;
        if (WhyWithoutCredentials(posture) is not null)
        {
            return RuleVerdict.Clear(RuleIds.RootWithoutMfa);
        }
        var reportMfa = posture.RootCredentials?.MfaActive;
        var hasMfa = posture.AccountMfaEnabled is { } enabled ? enabled != 0 : reportMfa;
        if (hasMfa is null)
        {
            return RuleVerdict.Undecided(RuleIds.RootWithoutMfa, "neither the account summary nor the credential report could be read");
        }
        if (hasMfa.Value)
        {
            return RuleVerdict.Clear(RuleIds.RootWithoutMfa);
        }
        var evidence = Base(account);
        evidence["accountMfaEnabled"] = posture.AccountMfaEnabled?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        evidence["credentialReportMfaActive"] = reportMfa is null ? "no root row" : reportMfa.Value ? "true" : "false";
        return RuleVerdict.Fire(Result(RuleIds.RootWithoutMfa, Severities.Critical, account, evidence,
            posture.CredentialReportGeneratedAt ?? account.ObservedAt, $"The root user of account {account.AccountId} has no MFA"));
    }

    private static RuleVerdict RecentlyUsed(TrackedAccount account, RuleContext context)
    {
        var posture = account.Posture;
        if (posture.RootCredentials is null && !posture.CloudTrailAvailable)
        {
            return RuleVerdict.Undecided(RuleIds.RootRecentlyUsed, "neither CloudTrail nor the credential report root row is available");
        }
        var uses = RootUses.From(posture);
        var latest = uses.MaxBy(u => u.At);
        // Within the window is inclusive: a use exactly N days ago still counts.
        if (latest is null || context.Now - latest.At > TimeSpan.FromDays(context.Settings.RootUseWindowDays))
        {
            return RuleVerdict.Clear(RuleIds.RootRecentlyUsed);
        }
        var evidence = Base(account);
        evidence["lastUsedAt"] = latest.At.ToString("O", CultureInfo.InvariantCulture);
        evidence["lastUseSource"] = latest.Source;
        evidence["windowDays"] = context.Settings.RootUseWindowDays.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in latest.Details)
        {
            evidence[key] = value;
        }
        evidence["cloudTrail"] = posture.CloudTrailAvailable ? "available" : $"unavailable: {posture.CloudTrailError ?? "unknown error"}";
        var observedAt = latest.Source == "cloudtrail" ? account.ObservedAt : posture.CredentialReportGeneratedAt ?? account.ObservedAt;
        return RuleVerdict.Fire(Result(RuleIds.RootRecentlyUsed, Severities.High, account, evidence, observedAt,
            $"The root user of account {account.AccountId} was used on {latest.At:yyyy-MM-dd} ({latest.Source})"));
    }

    private static Dictionary<string, string> Base(TrackedAccount account) => new()
    {
        ["accountId"] = account.AccountId,
        ["rootArn"] = RootArn(account),
    };

    private static string RootArn(TrackedAccount account) => $"arn:{account.Partition}:iam::{account.AccountId}:root";

    private static RuleResult Result(string ruleId, string severity, TrackedAccount account, Dictionary<string, string> evidence,
        DateTimeOffset observedAt, string summary) =>
        new(ruleId, severity, ResourceTypes.AwsAccount, $"{account.AccountId}/root", RootArn(account), account.AccountId,
            summary, evidence, observedAt);
}
