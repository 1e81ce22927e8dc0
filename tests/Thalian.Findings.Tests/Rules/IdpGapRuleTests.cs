using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;
using static Thalian.Findings.Tests.Rules.Build;

namespace Thalian.Findings.Tests.Rules;

public sealed class IdpGapRuleTests
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public static TheoryData<string, PolicyGrantCase, bool> AdminCases => new()
    {
        { "AdministratorAccess attached directly", new(Managed("AdministratorAccess")), true },
        { "AdministratorAccess via group", new(Managed("AdministratorAccess", "group:admins")), true },
        { "PowerUserAccess", new(Managed("PowerUserAccess")), true },
        { "ReadOnlyAccess", new(Managed("ReadOnlyAccess")), false },
        { "customer policy named like the AWS one", new(Customer("AdministratorAccess", """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""")), false },
        { "AWS admin ARN of another partition", new(Managed("AdministratorAccess", partition: "aws-cn")), false },
        { "inline *:*", new(Inline("all", """{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}""")), true },
        { "inline * as array", new(Inline("all", AllowAll)), true },
        { "group inline *", new(Inline("all", AllowAll, "group:ops")), true },
        { "customer-managed default version *", new(Customer("Everything", AllowAll)), true },
        { "only NotAction on *", new(Inline("notaction", """{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}""")), true },
        { "* on a specific resource", new(Inline("bucket", """{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}}""")), false },
        { "Deny *", new(Inline("deny", """{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}""")), false },
        { "iam:* is not everything", new(Inline("iam", """{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}""")), false },
        { "unparseable inline policy is never safe", new(Inline("broken", "{not json")), true },
    };

    [Theory]
    [MemberData(nameof(AdminCases))]
    public void Unmatched_human_gets_exactly_one_of_the_two_not_in_idp_findings(string because, PolicyGrantCase grant, bool admin)
    {
        var verdicts = IdpGapRules.Evaluate(User(match: Unmatched, policies: [grant.Grant]), Context());

        Assert.Equal(admin, Verdict(verdicts, RuleIds.AdminNotInIdp).Fired);
        Assert.Equal(!admin, Verdict(verdicts, RuleIds.UserNotInIdp).Fired);
        Assert.True(verdicts.All(v => v.Decided), because);
    }

    [Fact]
    public void Admin_evidence_names_the_path_and_the_match_attempts()
    {
        var verdicts = IdpGapRules.Evaluate(User(match: Unmatched, policies: [Managed("AdministratorAccess", "group:admins")]), Context());
        var evidence = Verdict(verdicts, RuleIds.AdminNotInIdp).Results[0].Evidence;

        Assert.Equal("arn:aws:iam::aws:policy/AdministratorAccess via group admins", evidence["adminPath"]);
        Assert.Contains("email: no match", evidence["matchAttempts"], StringComparison.Ordinal);
        Assert.Equal("false", evidence["effectiveAdmin"]);
    }

    [Fact]
    public void Effective_admin_is_recorded_as_such()
    {
        var verdicts = IdpGapRules.Evaluate(User(match: Unmatched, policies: [Inline("all", AllowAll)]), Context());
        var evidence = Verdict(verdicts, RuleIds.AdminNotInIdp).Results[0].Evidence;
        Assert.Equal("true", evidence["effectiveAdmin"]);
        Assert.StartsWith("effective admin: inline policy all", evidence["adminPath"], StringComparison.Ordinal);
    }

    public static TheoryData<string, TenantSettings, string, string, Dictionary<string, string>> ServiceAccountCases => new()
    {
        { "default tag", TenantSettings.DefaultFor("t1"), "ci", "/", new() { ["thalian:service-account"] = "true" } },
        { "tag value case", TenantSettings.DefaultFor("t1"), "ci", "/", new() { ["thalian:service-account"] = "TRUE" } },
        { "custom tag key", TenantSettings.DefaultFor("t1") with { ServiceAccountTagKey = "kind" }, "ci", "/", new() { ["kind"] = "true" } },
        { "path prefix", TenantSettings.DefaultFor("t1") with { ServiceAccountPathPrefixes = ["/service/"] }, "ci", "/service/", [] },
        { "name pattern", TenantSettings.DefaultFor("t1") with { ServiceAccountNamePatterns = ["svc-*"] }, "SVC-deploy", "/", [] },
        {
            "exclusion", TenantSettings.DefaultFor("t1") with
            {
                Exclusions = [new ServiceAccountExclusion($"arn:aws:iam::{Account}:user/ci", "ops@example.com", "build bot", Now.AddDays(1))],
            },
            "ci", "/", []
        },
    };

    [Theory]
    [MemberData(nameof(ServiceAccountCases))]
    public void Service_accounts_get_no_idp_gap_finding(string because, TenantSettings settings, string name, string path, Dictionary<string, string> tags)
    {
        var user = User(name, Unmatched, policies: [Managed("AdministratorAccess")], tags: tags, path: path);
        Assert.NotNull(ServiceAccounts.WhyServiceAccount(user.User, settings, Now));
        Assert.All(IdpGapRules.Evaluate(user, Context(settings)), v => Assert.True(v.Decided && !v.Fired, because));
    }

    [Theory]
    [InlineData("thalian:service-account", "false")]
    [InlineData("service", "true")]
    public void Look_alike_tags_do_not_make_a_service_account(string key, string value)
    {
        var user = User("ci", Unmatched, tags: new Dictionary<string, string> { [key] = value });
        Assert.True(Verdict(IdpGapRules.Evaluate(user, Context()), RuleIds.UserNotInIdp).Fired);
    }

    [Fact]
    public void An_expired_exclusion_no_longer_applies()
    {
        var settings = TenantSettings.DefaultFor("t1") with
        {
            Exclusions = [new ServiceAccountExclusion($"arn:aws:iam::{Account}:user/ci", "ops", "bot", Now.AddSeconds(-1))],
        };
        Assert.True(Verdict(IdpGapRules.Evaluate(User("ci", Unmatched), Context(settings)), RuleIds.UserNotInIdp).Fired);
    }

    [Fact]
    public void Credential_rules_still_apply_to_service_accounts()
    {
        var user = User("ci", Unmatched, tags: new Dictionary<string, string> { ["thalian:service-account"] = "true" },
            credentials: new() { PasswordEnabled = true, MfaActive = false });
        Assert.True(Verdict(IdentityRules.ForUser(user, Context()), RuleIds.UserWithoutMfa).Fired);
    }

    [Fact]
    public void Ambiguous_match_is_not_not_in_idp()
    {
        var ambiguous = new IdpMatch("ambiguous", "username", "high", [Idp(id: "a"), Idp(id: "b")], ["username: 2 candidates"]);
        var verdicts = IdpGapRules.Evaluate(User(match: ambiguous, policies: [Managed("AdministratorAccess")]), Context());
        Assert.All(verdicts, v => Assert.True(v.Decided && !v.Fired));
    }

    [Theory]
    [InlineData(0, false, "no IdP connected")]
    [InlineData(1, true, "incomplete")]
    [InlineData(2, true, "incomplete")]
    public void Without_complete_idp_data_the_idp_rules_neither_open_nor_resolve(int connected, bool oneIncomplete, string reason)
    {
        var idp = new IdpCoverage(connected, oneIncomplete ? ["okta x"] : []);
        var verdicts = IdpGapRules.Evaluate(User(match: Unmatched), Context(idp: idp));
        Assert.All(verdicts, v => Assert.False(v.Decided));
        Assert.Contains(reason, verdicts[0].UndecidedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_made_without_idp_data_is_undecided()
    {
        var verdicts = IdpGapRules.Evaluate(User(match: new IdpMatch("no-idp", null, null, [], [])), Context());
        Assert.All(verdicts, v => Assert.False(v.Decided));
    }

    [Theory]
    [InlineData(new[] { IdpLifecycle.Suspended }, true)]
    [InlineData(new[] { IdpLifecycle.Deprovisioned }, true)]
    [InlineData(new[] { IdpLifecycle.Suspended, IdpLifecycle.Deprovisioned }, true)]
    [InlineData(new[] { IdpLifecycle.Active, IdpLifecycle.Deprovisioned }, false)]
    [InlineData(new[] { IdpLifecycle.Active }, false)]
    [InlineData(new[] { IdpLifecycle.Locked }, false)]
    [InlineData(new[] { IdpLifecycle.Staged }, false)]
    [InlineData(new[] { IdpLifecycle.Unknown }, false)]
    public void Stale_user_fires_only_when_every_linked_account_left(IdpLifecycle[] lifecycles, bool fires)
    {
        var match = Linked([.. lifecycles.Select((l, i) => Idp(l, id: $"u{i}"))]);
        var user = User(match: match, credentials: new() { PasswordEnabled = true, AccessKey1 = Key(Now.AddDays(-5)) });
        var verdict = Verdict(IdpGapRules.Evaluate(user, Context()), RuleIds.StaleIamUser);
        Assert.Equal(fires, verdict.Fired);
        if (fires)
        {
            var result = verdict.Results[0];
            Assert.Equal("true", result.Evidence["consoleUsable"]);
            Assert.Equal("key 1", result.Evidence["activeAccessKeys"]);
            Assert.Contains("(raw ", result.Evidence["idpAccount1"], StringComparison.Ordinal);
            Assert.Equal(Now.AddDays(-10).ToString("O"), result.Evidence["idpAccount1LeftActiveAt"]);
            Assert.Equal("10", result.VolatileEvidence["idpAccount1DwellDays"]);
        }
    }

    [Fact]
    public void A_linked_account_removed_from_the_directory_counts_as_gone()
    {
        var verdict = Verdict(IdpGapRules.Evaluate(User(match: Linked(Idp(IdpLifecycle.Active, removed: true))), Context()), RuleIds.StaleIamUser);
        Assert.True(verdict.Fired);
    }
}

/// <summary>Wraps a grant so xunit can show theory rows.</summary>
public sealed record PolicyGrantCase(Thalian.Contracts.Aws.PolicyGrant Grant)
{
    public override string ToString() => Grant.Name;
}
