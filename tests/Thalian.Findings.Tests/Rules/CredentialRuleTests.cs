using Thalian.Contracts.Aws;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;
using static Thalian.Findings.Tests.Rules.Build;

namespace Thalian.Findings.Tests.Rules;

public sealed class CredentialRuleTests
{
    private static IReadOnlyList<RuleVerdict> Evaluate(CredentialReportRow row, IReadOnlyList<MfaDevice>? mfa = null, TenantSettings? settings = null,
        IReadOnlyList<AccessKeyMetadata>? keys = null) =>
        CredentialRules.Evaluate(User(credentials: row, mfa: mfa, keys: keys), Context(settings));

    [Theory]
    [InlineData(true, false, 0, true)]
    [InlineData(true, true, 0, false)]
    [InlineData(true, false, 1, false)]
    [InlineData(false, false, 0, false)]
    [InlineData(null, false, 0, false)]
    public void Console_password_without_any_mfa_fires(bool? password, bool mfaActive, int devices, bool fires)
    {
        var mfa = Enumerable.Range(0, devices).Select(i => new MfaDevice($"arn:aws:iam::{Account}:u2f/u{i}", "u2f", Now)).ToList();
        var verdict = Verdict(Evaluate(new() { PasswordEnabled = password, MfaActive = mfaActive }, mfa), RuleIds.UserWithoutMfa);
        Assert.True(verdict.Decided);
        Assert.Equal(fires, verdict.Fired);
    }

    [Fact]
    public void A_user_missing_from_the_credential_report_is_undecided_not_clean()
    {
        var user = User() with { User = User().User with { Credentials = null } };
        Assert.All(CredentialRules.Evaluate(user, Context()), v => Assert.False(v.Decided));
    }

    public static TheoryData<string, AccessKeyUsage, bool> StaleCases => new()
    {
        { "new key never used", Key(Now.AddDays(-3)), false },
        { "old key never used", Key(Now.AddDays(-200)), true },
        { "never used, exactly 90 days old", Key(Now.AddDays(-90)), false },
        { "never used, 90 days and a second", Key(Now.AddDays(-90).AddSeconds(-1)), true },
        { "used exactly 90 days ago", Key(Now.AddDays(-300), Now.AddDays(-90)), false },
        { "used 90 days and a second ago", Key(Now.AddDays(-300), Now.AddDays(-90).AddSeconds(-1)), true },
        { "used yesterday, old key", Key(Now.AddDays(-300), Now.AddDays(-1)), false },
        { "inactive old key", Key(Now.AddDays(-300), active: false), false },
    };

    [Theory]
    [MemberData(nameof(StaleCases))]
    public void Stale_access_key(string because, AccessKeyUsage key, bool fires) =>
        Assert.True(fires == Verdict(Evaluate(new() { AccessKey1 = key }), RuleIds.StaleAccessKey).Fired, because);

    [Fact]
    public void The_stale_threshold_is_a_tenant_setting()
    {
        var settings = TenantSettings.DefaultFor("t1") with { StaleKeyDays = 30 };
        Assert.True(Verdict(Evaluate(new() { AccessKey1 = Key(Now.AddDays(-31)) }, settings: settings), RuleIds.StaleAccessKey).Fired);
    }

    [Fact]
    public void A_rotated_key_is_a_new_key_with_its_own_resource_id()
    {
        var before = Verdict(Evaluate(new() { AccessKey1 = Key(Now.AddDays(-200)) }), RuleIds.StaleAccessKey).Results.Single();
        var rotated = Key(Now.AddDays(-100));
        var after = Verdict(Evaluate(new() { AccessKey1 = rotated }), RuleIds.StaleAccessKey).Results.Single();
        Assert.NotEqual(before.ResourceId, after.ResourceId);
        Assert.Empty(Verdict(Evaluate(new() { AccessKey1 = Key(Now.AddDays(-1)) }), RuleIds.StaleAccessKey).Results);
    }

    [Fact]
    public void One_finding_per_key_and_the_key_id_when_listed()
    {
        var created = Now.AddDays(-200);
        var keys = new[] { new AccessKeyMetadata("AKIAOLDKEY", "Active", created) };
        var verdict = Verdict(Evaluate(new() { AccessKey1 = Key(created), AccessKey2 = Key(Now.AddDays(-150)) }, keys: keys), RuleIds.StaleAccessKey);
        Assert.Equal(2, verdict.Results.Count);
        Assert.Equal("AKIAOLDKEY", verdict.Results[0].Evidence["accessKeyId"]);
        Assert.False(verdict.Results[1].Evidence.ContainsKey("accessKeyId"));
        Assert.Equal(ResourceTypes.AccessKey, verdict.Results[0].ResourceType);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, false, false)]
    public void Multiple_active_keys(bool first, bool second, bool fires)
    {
        var row = new CredentialReportRow { AccessKey1 = Key(Now.AddDays(-1), active: first), AccessKey2 = Key(Now.AddDays(-2), active: second) };
        Assert.Equal(fires, Verdict(Evaluate(row), RuleIds.MultipleActiveKeys).Fired);
    }

    [Theory]
    [InlineData(-91, true, true)]
    [InlineData(-90, true, false)]
    [InlineData(-10, true, false)]
    [InlineData(-400, false, false)]
    public void Key_not_rotated(int createdDaysAgo, bool active, bool fires) =>
        Assert.Equal(fires, Verdict(Evaluate(new() { AccessKey1 = Key(Now.AddDays(createdDaysAgo), Now.AddDays(-1), active) }), RuleIds.KeyNotRotated).Fired);

    [Fact]
    public void Stale_and_not_rotated_may_fire_together_on_one_key()
    {
        var verdicts = Evaluate(new() { AccessKey1 = Key(Now.AddDays(-200)) });
        Assert.True(Verdict(verdicts, RuleIds.StaleAccessKey).Fired);
        Assert.True(Verdict(verdicts, RuleIds.KeyNotRotated).Fired);
    }

    [Fact]
    public void Ages_are_volatile_so_re_evaluation_tomorrow_is_not_an_update()
    {
        var today = Verdict(Evaluate(new() { AccessKey1 = Key(Now.AddDays(-200)) }), RuleIds.StaleAccessKey).Results[0];
        var tomorrow = Verdict(CredentialRules.Evaluate(User(credentials: new() { AccessKey1 = Key(Now.AddDays(-200)) }),
            Context() with { Now = Now.AddDays(1) }), RuleIds.StaleAccessKey).Results[0];
        Assert.Equal(today.Evidence, tomorrow.Evidence);
        Assert.NotEqual(today.VolatileEvidence["daysUnused"], tomorrow.VolatileEvidence["daysUnused"]);
    }
}
