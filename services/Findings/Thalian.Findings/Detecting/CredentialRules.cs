using System.Globalization;
using Thalian.Contracts.Aws;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>Credential hygiene of every IAM user (service accounts included): MFA and access keys.</summary>
public static class CredentialRules
{
    private static readonly string[] Ids = [RuleIds.UserWithoutMfa, RuleIds.StaleAccessKey, RuleIds.MultipleActiveKeys, RuleIds.KeyNotRotated];

    public static IReadOnlyList<RuleVerdict> Evaluate(TrackedUser state, RuleContext context)
    {
        if (state.User.Credentials is not { } row)
        {
            return [.. Ids.Select(id => RuleVerdict.Undecided(id, "the user is not in the credential report yet"))];
        }
        var observedAt = context.CredentialReportGeneratedAt ?? state.ObservedAt;
        var problems = state.User.DataProblems;
        var keys = new[] { (Slot: 1, Usage: row.AccessKey1), (Slot: 2, Usage: row.AccessKey2) }.Where(k => k.Usage.Active).ToList();
        var stale = keys.Where(k => UnreadableData.KeySlot(problems, k.Slot, withUse: true) is null && IsStale(k.Usage, context))
            .Select(k => StaleKey(state, k.Slot, k.Usage, context, observedAt)).ToList();
        var notRotated = keys.Where(k => UnreadableData.KeySlot(problems, k.Slot, withUse: false) is null
                && Older(k.Usage.LastRotated, context.Settings.KeyRotationDays, context.Now))
            .Select(k => NotRotated(state, k.Slot, k.Usage, context, observedAt)).ToList();
        return
        [
            WithoutMfa(state, row, observedAt),
            PerKey(RuleIds.StaleAccessKey, stale, UnreadableData.KeySlot(problems, 1, true) ?? UnreadableData.KeySlot(problems, 2, true)),
            keys.Count > 1 ? RuleVerdict.Fire(MultipleKeys(state, observedAt))
                : UnreadableData.Columns(problems, "access_key_1_active", "access_key_2_active") is { } unread ? RuleVerdict.Unreadable(RuleIds.MultipleActiveKeys, unread)
                : RuleVerdict.Clear(RuleIds.MultipleActiveKeys),
            PerKey(RuleIds.KeyNotRotated, notRotated, UnreadableData.KeySlot(problems, 1, false) ?? UnreadableData.KeySlot(problems, 2, false)),
        ];
    }

    /// <summary>Keys that could be read decide; an unreadable key slot keeps the rule from resolving anything.</summary>
    private static RuleVerdict PerKey(string ruleId, IReadOnlyList<RuleResult> results, string? unreadable) =>
        unreadable is null ? RuleVerdict.Of(ruleId, results) : RuleVerdict.Unreadable(ruleId, unreadable, results);

    private static RuleVerdict WithoutMfa(TrackedUser state, CredentialReportRow row, DateTimeOffset observedAt)
    {
        if (state.User.MfaDevices.Count > 0)
        {
            return RuleVerdict.Clear(RuleIds.UserWithoutMfa);
        }
        if (UnreadableData.Columns(state.User.DataProblems, "password_enabled", "mfa_active") is { } unreadable)
        {
            return RuleVerdict.Unreadable(RuleIds.UserWithoutMfa, unreadable);
        }
        if (row.PasswordEnabled != true || row.MfaActive)
        {
            return RuleVerdict.Clear(RuleIds.UserWithoutMfa);
        }
        var evidence = UserEvidence.Base(state);
        evidence["passwordEnabled"] = "true";
        evidence["passwordLastUsed"] = UserEvidence.Date(row.PasswordLastUsed);
        evidence["mfaActive"] = "false";
        evidence["mfaDevices"] = "0";
        return RuleVerdict.Fire(UserEvidence.Result(RuleIds.UserWithoutMfa, Severities.High, state, evidence, observedAt,
            $"IAM user {state.User.UserName} can sign in to the console without MFA"));
    }

    /// <summary>
    /// "More than N days": a key last used (or, never used, created) exactly N days ago is not yet stale; one second
    /// later it is.
    /// </summary>
    public static bool IsStale(AccessKeyUsage key, RuleContext context) =>
        key.LastUsedDate is { } used ? Older(used, context.Settings.StaleKeyDays, context.Now)
            : Older(key.LastRotated, context.Settings.StaleKeyDays, context.Now);

    public static bool Older(DateTimeOffset? time, int days, DateTimeOffset now) => time is { } t && now - t > TimeSpan.FromDays(days);

    private static RuleResult StaleKey(TrackedUser state, int slot, AccessKeyUsage key, RuleContext context, DateTimeOffset observedAt)
    {
        var evidence = KeyEvidence(state, slot, key);
        evidence["lastUsed"] = UserEvidence.Date(key.LastUsedDate);
        evidence["lastUsedService"] = key.LastUsedService ?? "N/A";
        evidence["thresholdDays"] = context.Settings.StaleKeyDays.ToString(CultureInfo.InvariantCulture);
        var since = key.LastUsedDate ?? key.LastRotated;
        var summary = key.LastUsedDate is null
            ? $"Access key {slot} of {state.User.UserName} was never used and is older than {context.Settings.StaleKeyDays} days"
            : $"Access key {slot} of {state.User.UserName} has not been used for more than {context.Settings.StaleKeyDays} days";
        return KeyResult(RuleIds.StaleAccessKey, Severities.High, state, slot, key, evidence, observedAt, summary)
            with { VolatileEvidence = AgeDays("daysUnused", since, context.Now) };
    }

    private static RuleResult NotRotated(TrackedUser state, int slot, AccessKeyUsage key, RuleContext context, DateTimeOffset observedAt)
    {
        var evidence = KeyEvidence(state, slot, key);
        evidence["thresholdDays"] = context.Settings.KeyRotationDays.ToString(CultureInfo.InvariantCulture);
        return KeyResult(RuleIds.KeyNotRotated, Severities.Medium, state, slot, key, evidence, observedAt,
            $"Access key {slot} of {state.User.UserName} was not rotated for more than {context.Settings.KeyRotationDays} days")
            with { VolatileEvidence = AgeDays("keyAgeDays", key.LastRotated, context.Now) };
    }

    private static RuleResult MultipleKeys(TrackedUser state, DateTimeOffset observedAt)
    {
        var evidence = UserEvidence.Base(state);
        evidence["activeAccessKeys"] = UserEvidence.ActiveKeys(state.User);
        evidence["key1Created"] = UserEvidence.Date(state.User.Credentials!.AccessKey1.LastRotated);
        evidence["key2Created"] = UserEvidence.Date(state.User.Credentials.AccessKey2.LastRotated);
        return UserEvidence.Result(RuleIds.MultipleActiveKeys, Severities.Medium, state, evidence, observedAt,
            $"IAM user {state.User.UserName} has two active access keys");
    }

    private static Dictionary<string, string> KeyEvidence(TrackedUser state, int slot, AccessKeyUsage key)
    {
        var evidence = UserEvidence.Base(state);
        evidence["keySlot"] = slot.ToString(CultureInfo.InvariantCulture);
        evidence["keyCreated"] = UserEvidence.Date(key.LastRotated);
        if (KeyId(state.User, key) is { } id)
        {
            evidence["accessKeyId"] = id;
        }
        return evidence;
    }

    /// <summary>The key id, where iam:ListAccessKeys was permitted: the active key created in the same second.</summary>
    private static string? KeyId(IamUserObservation user, AccessKeyUsage key) =>
        user.AccessKeys?.FirstOrDefault(k => string.Equals(k.Status, "Active", StringComparison.OrdinalIgnoreCase)
            && k.CreatedAt is { } created && key.LastRotated is { } rotated
            && Math.Abs((created - rotated).TotalSeconds) < 1)?.AccessKeyId;

    /// <summary>A key is user + slot + creation time: a rotated key is a new key with its own finding.</summary>
    private static RuleResult KeyResult(string ruleId, string severity, TrackedUser state, int slot, AccessKeyUsage key,
        Dictionary<string, string> evidence, DateTimeOffset observedAt, string summary) =>
        new(ruleId, severity, ResourceTypes.AccessKey,
            $"{state.AccountId}/user/{state.User.UserId}/key{slot}/{key.LastRotated?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? "unknown"}",
            state.User.Arn, state.AccountId, summary, evidence, observedAt);

    private static Dictionary<string, string> AgeDays(string name, DateTimeOffset? since, DateTimeOffset now) =>
        since is { } s ? new() { [name] = ((int)(now - s).TotalDays).ToString(CultureInfo.InvariantCulture) } : [];
}
