using Thalian.Contracts.Aws;
using Thalian.Findings.Detecting;
using static Thalian.Findings.Tests.Rules.Build;

namespace Thalian.Findings.Tests.Rules;

public sealed class RootRuleTests
{
    private static readonly CredentialReportRow RootWithPassword = new() { PasswordEnabled = null, PasswordLastUsed = null };

    private static RuleVerdict Evaluate(AccountPosture posture, string rule) => Verdict(RootRules.Evaluate(AccountWith(posture), Context()), rule);

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(1, false, false)]
    [InlineData(1, true, false)]
    public void Root_without_mfa_uses_the_account_summary(int accountMfa, bool reportMfa, bool fires)
    {
        var verdict = Evaluate(new AccountPosture { AccountMfaEnabled = accountMfa, RootCredentials = RootWithPassword with { MfaActive = reportMfa } },
            RuleIds.RootWithoutMfa);
        Assert.Equal(fires, verdict.Fired);
        if (fires)
        {
            Assert.Equal("false", verdict.Results[0].Evidence["credentialReportMfaActive"]);
        }
    }

    [Fact]
    public void Root_without_credentials_is_not_applicable()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 0,
            RootCredentials = new CredentialReportRow { PasswordEnabled = false },
            Summary = new Dictionary<string, int> { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 0 },
        };
        Assert.NotNull(RootRules.WhyWithoutCredentials(posture));
        var verdict = Evaluate(posture, RuleIds.RootWithoutMfa);
        Assert.True(verdict.Decided && !verdict.Fired);
    }

    [Fact]
    public void A_member_of_an_organisation_with_centralised_root_access_says_so()
    {
        var removed = new AccountPosture
        {
            AccountMfaEnabled = 0,
            RootCredentials = new CredentialReportRow { PasswordEnabled = false },
            RootCredentialsManagedByOrganization = true,
        };

        Assert.Contains("centralised root access", RootRules.WhyWithoutCredentials(removed), StringComparison.Ordinal);
        // Centralised root access on, but this root still has a password: the root rules apply as usual.
        Assert.Null(RootRules.WhyWithoutCredentials(removed with { RootCredentials = new CredentialReportRow { PasswordEnabled = true } }));
    }

    [Fact]
    public void Root_without_password_but_with_a_key_is_applicable()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 0,
            RootCredentials = new CredentialReportRow { PasswordEnabled = false, AccessKey1 = Key(Now.AddDays(-400)) },
        };
        Assert.True(Evaluate(posture, RuleIds.RootWithoutMfa).Fired);
    }

    [Fact]
    public void Root_mfa_falls_back_to_the_credential_report_and_is_undecided_with_neither()
    {
        Assert.True(Evaluate(new AccountPosture { RootCredentials = RootWithPassword }, RuleIds.RootWithoutMfa).Fired);
        Assert.False(Evaluate(new AccountPosture(), RuleIds.RootWithoutMfa).Decided);
    }

    private static RootActivity Activity(DateTimeOffset at, string name = "ConsoleLogin") => new(at, name, "us-east-1", "203.0.113.9", true, Guid.NewGuid().ToString());

    [Fact]
    public void Root_use_from_cloudtrail_fires_with_event_details()
    {
        var posture = new AccountPosture { CloudTrailAvailable = true, RootCredentials = RootWithPassword, RootActivity = [Activity(Now.AddDays(-3))] };
        var result = Evaluate(posture, RuleIds.RootRecentlyUsed).Results.Single();
        Assert.Equal("cloudtrail", result.Evidence["lastUseSource"]);
        Assert.Equal("ConsoleLogin", result.Evidence["eventName"]);
        Assert.Equal("203.0.113.9", result.Evidence["sourceIpAddress"]);
        Assert.Equal("true", result.Evidence["mfaUsed"]);
        Assert.Equal("available", result.Evidence["cloudTrail"]);
    }

    [Fact]
    public void Root_use_from_the_credential_report_fires_when_cloudtrail_has_none()
    {
        var posture = new AccountPosture
        {
            CloudTrailAvailable = true,
            RootCredentials = RootWithPassword with { AccessKey2 = Key(Now.AddDays(-500), Now.AddDays(-20)) },
            CredentialReportGeneratedAt = Now.AddHours(-3),
        };
        var result = Evaluate(posture, RuleIds.RootRecentlyUsed).Results.Single();
        Assert.Equal("credential-report access key 2", result.Evidence["lastUseSource"]);
        Assert.Equal(Now.AddHours(-3), result.DataObservedAt);
    }

    [Fact]
    public void Cloudtrail_unavailable_still_uses_the_report_and_says_so()
    {
        var posture = new AccountPosture
        {
            CloudTrailAvailable = false, CloudTrailError = "AccessDenied: cloudtrail:LookupEvents",
            RootCredentials = RootWithPassword with { PasswordLastUsed = Now.AddDays(-1) },
        };
        var result = Evaluate(posture, RuleIds.RootRecentlyUsed).Results.Single();
        Assert.Equal("unavailable: AccessDenied: cloudtrail:LookupEvents", result.Evidence["cloudTrail"]);
    }

    [Fact]
    public void Cloudtrail_unavailable_and_no_report_is_undecided_never_a_pass()
    {
        var verdict = Evaluate(new AccountPosture { CloudTrailAvailable = false, CloudTrailError = "Throttled" }, RuleIds.RootRecentlyUsed);
        Assert.False(verdict.Decided);
    }

    [Theory]
    [InlineData(-90, true)]
    [InlineData(-91, false)]
    [InlineData(-400, false)]
    public void The_window_includes_its_first_day(int daysAgo, bool fires)
    {
        var posture = new AccountPosture { CloudTrailAvailable = true, RootCredentials = RootWithPassword, RootActivity = [Activity(Now.AddDays(daysAgo))] };
        Assert.Equal(fires, Evaluate(posture, RuleIds.RootRecentlyUsed).Fired);
    }

    [Fact]
    public void The_most_recent_use_wins_and_a_new_use_changes_the_evidence()
    {
        var first = new AccountPosture
        {
            CloudTrailAvailable = true, RootActivity = [Activity(Now.AddDays(-30))],
            RootCredentials = RootWithPassword with { PasswordLastUsed = Now.AddDays(-10) },
        };
        var second = first with { RootActivity = [Activity(Now.AddDays(-30)), Activity(Now.AddDays(-1), "CreateUser")] };
        var a = Evaluate(first, RuleIds.RootRecentlyUsed).Results.Single();
        var b = Evaluate(second, RuleIds.RootRecentlyUsed).Results.Single();
        Assert.Equal("credential-report password", a.Evidence["lastUseSource"]);
        Assert.Equal("CreateUser", b.Evidence["eventName"]);
        Assert.Equal(a.ResourceId, b.ResourceId);
        Assert.NotEqual(a.Evidence["lastUsedAt"], b.Evidence["lastUsedAt"]);
    }
}

public sealed class RootServiceEventTests
{
    [Theory]
    [InlineData("cloudformation.amazonaws.com", null, false)]
    [InlineData(null, "AwsServiceEvent", false)]
    [InlineData(null, "AwsApiCall", true)]
    [InlineData(null, null, true)]
    public void Service_invoked_and_aws_service_events_are_not_root_use(string? invokedBy, string? eventType, bool fires)
    {
        var activity = new RootActivity(Build.Now.AddDays(-2), "CreateStack", "us-east-1", null, null, "e1") { InvokedBy = invokedBy, EventType = eventType };
        var posture = new AccountPosture { CloudTrailAvailable = true, RootActivity = [activity], RootCredentials = new CredentialReportRow() };
        Assert.Equal(fires, Build.Verdict(RootRules.Evaluate(Build.AccountWith(posture), Build.Context()), RuleIds.RootRecentlyUsed).Fired);
    }
}
