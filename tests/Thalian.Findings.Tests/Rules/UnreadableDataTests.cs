using Thalian.Contracts.Aws;
using Thalian.Findings.Detecting;
using Thalian.Findings.TrackingIdentities;
using static Thalian.Findings.Tests.Rules.Build;

namespace Thalian.Findings.Tests.Rules;

/// <summary>rules.md "Data that could not be read": undecided, never clear, the problem in words — each with a look-alike that decides.</summary>
public sealed class UnreadableDataTests
{
    private static DataProblem Report(string column) => new(DataParts.CredentialReport, column, $"credential report {column} = 'maybe' is not a recognised value");

    private static TrackedUser Problems(TrackedUser user, params DataProblem[] problems) =>
        user with { User = user.User with { DataProblems = problems } };

    private static RuleVerdict Credential(TrackedUser user, string rule) => Verdict(CredentialRules.Evaluate(user, Context()), rule);

    [Fact]
    public void An_unreadable_password_flag_keeps_the_mfa_rule_undecided_and_says_why()
    {
        var user = Problems(User(credentials: new CredentialReportRow { PasswordEnabled = null }), Report("password_enabled"));
        var verdict = Credential(user, RuleIds.UserWithoutMfa);
        Assert.False(verdict.Decided);
        Assert.Contains("password_enabled", verdict.DataProblem, StringComparison.Ordinal);
        Assert.True(Credential(User(credentials: new CredentialReportRow { PasswordEnabled = false }), RuleIds.UserWithoutMfa).Decided, "look-alike: readable and clear");
    }

    [Fact]
    public void A_listed_mfa_device_decides_even_when_the_report_flag_is_unreadable()
    {
        var user = Problems(User(credentials: new CredentialReportRow { PasswordEnabled = true }, mfa: [new MfaDevice("arn:aws:iam::1:mfa/a", "virtual", null)]), Report("mfa_active"));
        Assert.True(Credential(user, RuleIds.UserWithoutMfa).Decided);
    }

    [Fact]
    public void An_unreadable_key_slot_resolves_nothing_while_the_readable_key_still_fires()
    {
        var old = Now.AddDays(-200);
        var row = new CredentialReportRow { PasswordEnabled = false, AccessKey1 = Key(old, old), AccessKey2 = new AccessKeyUsage { Active = false } };
        var user = Problems(User(credentials: row), Report("access_key_2_active"));
        var stale = Credential(user, RuleIds.StaleAccessKey);
        Assert.False(stale.Decided);
        Assert.Equal("1", Assert.Single(stale.Results).Evidence["keySlot"]);
        Assert.False(Credential(user, RuleIds.MultipleActiveKeys).Decided);
        Assert.False(Credential(user, RuleIds.KeyNotRotated).Decided);
        Assert.True(Credential(User(credentials: row), RuleIds.MultipleActiveKeys).Decided, "look-alike: both flags readable");
    }

    [Fact]
    public void An_unreadable_last_used_date_makes_staleness_undecided_but_not_rotation()
    {
        var row = new CredentialReportRow { PasswordEnabled = false, AccessKey1 = Key(Now.AddDays(-10)) };
        var user = Problems(User(credentials: row), Report("access_key_1_last_used_date"));
        Assert.False(Credential(user, RuleIds.StaleAccessKey).Decided);
        Assert.True(Credential(user, RuleIds.KeyNotRotated).Decided);
    }

    [Fact]
    public void A_missing_group_keeps_the_admin_rule_undecided_but_the_gap_is_reported()
    {
        var missing = new DataProblem(DataParts.Group, "admins", "group admins is in the user's group list but GetAccountAuthorizationDetails did not return it");
        var user = Problems(User(match: Unmatched), missing);
        var verdicts = IdpGapRules.Evaluate(user, Context());
        var admin = Verdict(verdicts, RuleIds.AdminNotInIdp);
        Assert.False(admin.Decided);
        Assert.Contains("group admins", admin.DataProblem, StringComparison.Ordinal);
        var gap = Verdict(verdicts, RuleIds.UserNotInIdp).Results.Single();
        Assert.StartsWith("unknown: group admins", gap.Evidence["adminStatus"], StringComparison.Ordinal);
        Assert.True(Verdict(IdpGapRules.Evaluate(User(match: Unmatched), Context()), RuleIds.AdminNotInIdp).Decided, "look-alike: all groups read");
    }

    [Fact]
    public void A_missing_root_row_keeps_root_use_undecided_when_cloudtrail_shows_nothing()
    {
        var verdict = Verdict(RootRules.Evaluate(AccountWith(new AccountPosture { AccountMfaEnabled = 1, CloudTrailAvailable = true }), Context()), RuleIds.RootRecentlyUsed);
        Assert.False(verdict.Decided);
        Assert.Contains("no root row", verdict.DataProblem, StringComparison.Ordinal);
        var withRow = new AccountPosture { AccountMfaEnabled = 1, CloudTrailAvailable = true, RootCredentials = new CredentialReportRow() };
        Assert.True(Verdict(RootRules.Evaluate(AccountWith(withRow), Context()), RuleIds.RootRecentlyUsed).Decided, "look-alike: root row present");
    }

    [Fact]
    public void A_root_use_in_cloudtrail_fires_without_a_root_row()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 1, CloudTrailAvailable = true,
            RootActivity = [new RootActivity(Now.AddDays(-3), "ConsoleLogin", "us-east-1", "203.0.113.9", true, "e1")],
        };
        Assert.True(Verdict(RootRules.Evaluate(AccountWith(posture), Context()), RuleIds.RootRecentlyUsed).Fired);
    }

    [Fact]
    public void An_unreadable_root_last_used_value_is_undecided()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 1, CloudTrailAvailable = true, RootCredentials = new CredentialReportRow(),
            DataProblems = [Report("password_last_used")],
        };
        Assert.False(Verdict(RootRules.Evaluate(AccountWith(posture), Context()), RuleIds.RootRecentlyUsed).Decided);
    }

    public static TheoryData<string, Dictionary<string, int>, CredentialReportRow?, bool> RootPostureCases => new()
    {
        { "both say none", new() { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 0 }, new CredentialReportRow { PasswordEnabled = false }, true },
        { "no root row: summary alone", new() { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 0 }, null, true },
        { "no root row and the summary lacks the password key", new() { ["AccountAccessKeysPresent"] = 0 }, null, false },
        { "live summary says a password exists, the old report says none", new() { ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0 }, new CredentialReportRow { PasswordEnabled = false }, false },
        { "live summary says keys exist, the old report says none", new() { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 1 }, new CredentialReportRow { PasswordEnabled = false }, false },
        { "the old report still lists an active key the summary says is gone", new() { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 0 },
            new CredentialReportRow { PasswordEnabled = false, AccessKey1 = new AccessKeyUsage { Active = true } }, false },
        { "report says none, summary silent on the password (root row not_supported)", new() { ["AccountAccessKeysPresent"] = 0 }, new CredentialReportRow { PasswordEnabled = null }, false },
    };

    [Theory]
    [MemberData(nameof(RootPostureCases))]
    public void Organisation_managed_root_needs_every_source_to_say_no_credentials(string because, Dictionary<string, int> summary, CredentialReportRow? row, bool managed) =>
        Assert.True(managed == (RootRules.WhyWithoutCredentials(new AccountPosture { Summary = summary, RootCredentials = row }) is not null), because);

    [Fact]
    public void The_live_summary_decides_root_mfa_when_the_report_disagrees()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 0, Summary = new Dictionary<string, int> { ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0 },
            RootCredentials = new CredentialReportRow { PasswordEnabled = false, MfaActive = true },
        };
        Assert.True(Verdict(RootRules.Evaluate(AccountWith(posture), Context()), RuleIds.RootWithoutMfa).Fired);
    }
}
