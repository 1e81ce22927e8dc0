using System.Globalization;
using Thalian.Contracts.Aws;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>root-without-mfa and root-recently-used on an account's root posture.</summary>
public static class RootRules
{
    public static IReadOnlyList<RuleVerdict> Evaluate(TrackedAccount account, RuleContext context) =>
        [WithoutMfa(account), RecentlyUsed(account, context)];

    /// <summary>
    /// Why root has no credentials at all (organisation-managed root), or null when it may have some. The live account
    /// summary and the credential report (up to 4 h old) must both say "none" where each has an answer; without a root
    /// row the summary alone decides. A summary that says "present" always wins.
    /// </summary>
    public static string? WhyWithoutCredentials(AccountPosture posture)
    {
        var summaryPassword = Present(posture.Summary, "AccountPasswordPresent");
        var summaryKeys = Present(posture.Summary, "AccountAccessKeysPresent");
        if (posture.RootCredentials is not { } row)
        {
            return summaryPassword == false && summaryKeys == false ? OrganisationManaged : null;
        }
        var problems = posture.DataProblems;
        bool? reportPassword = UnreadableData.Columns(problems, "password_enabled") is null ? row.PasswordEnabled : true;
        bool? reportKeys = UnreadableData.Columns(problems, "access_key_1_active", "access_key_2_active") is null
            ? row.AccessKey1.Active || row.AccessKey2.Active : true;
        var noPassword = summaryPassword != true && reportPassword != true && (summaryPassword == false || reportPassword == false);
        var noKeys = summaryKeys != true && reportKeys != true;
        return noPassword && noKeys ? OrganisationManaged : null;
    }

    private const string OrganisationManaged = "root has no password and no access keys (organisation-managed root)";

    private static bool? Present(IReadOnlyDictionary<string, int> summary, string key) => summary.TryGetValue(key, out var v) ? v != 0 : null;

    private static RuleVerdict WithoutMfa(TrackedAccount account)
    {
        var posture = account.Posture;
        if (WhyWithoutCredentials(posture) is not null)
        {
            return RuleVerdict.Clear(RuleIds.RootWithoutMfa);
        }
        var reportMfa = UnreadableData.Columns(posture.DataProblems, "mfa_active") is null ? posture.RootCredentials?.MfaActive : null;
        var hasMfa = posture.AccountMfaEnabled is { } enabled ? enabled != 0 : reportMfa;
        if (hasMfa is null)
        {
            return posture.RootCredentials is null
                ? RuleVerdict.Unreadable(RuleIds.RootWithoutMfa, "the account summary could not be read and the credential report has no root row")
                : RuleVerdict.Unreadable(RuleIds.RootWithoutMfa, UnreadableData.Columns(posture.DataProblems, "mfa_active")
                    ?? "the account summary could not be read");
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
        var uses = RootUses.From(posture);
        var latest = uses.MaxBy(u => u.At);
        // Within the window is inclusive: a use exactly N days ago still counts.
        if (latest is null || context.Now - latest.At > TimeSpan.FromDays(context.Settings.RootUseWindowDays))
        {
            // No recent use seen is only "not used" when every source of uses could be read.
            var unreadable = posture.RootCredentials is null ? "the credential report has no root row"
                : UnreadableData.Columns(posture.DataProblems, "password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date");
            if (!posture.CloudTrailAvailable && posture.RootCredentials is null)
            {
                return RuleVerdict.Unreadable(RuleIds.RootRecentlyUsed, "neither CloudTrail nor the credential report root row is available");
            }
            return unreadable is null ? RuleVerdict.Clear(RuleIds.RootRecentlyUsed) : RuleVerdict.Unreadable(RuleIds.RootRecentlyUsed, unreadable);
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
