using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;
using static Thalian.Findings.Tests.Rules.Build;

namespace Thalian.Findings.Tests.Rules;

public sealed class TrustRuleTests
{
    private const string Other = "222222222222";

    private static string Trust(string principal, string action = "\"sts:AssumeRole\"", string condition = "", string effect = "Allow", string principalElement = "Principal") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","{{principalElement}}":{{principal}},"Action":{{action}}{{(condition.Length > 0 ? $",\"Condition\":{condition}" : "")}}}]}""";

    private static RuleVerdict Evaluate(string trust, string rule, RuleContext? context = null, string partition = "aws") =>
        Verdict(TrustRules.Evaluate(Role(trust, partition: partition), context ?? Context()), rule);

    public static TheoryData<string, string, bool> WildcardCases => new()
    {
        { "Principal \"*\"", Trust("\"*\""), true },
        { "AWS *", Trust("""{"AWS":"*"}"""), true },
        { "AWS list with *", Trust($$"""{"AWS":["arn:aws:iam::{{Account}}:root","*"]}"""), true },
        { "arn:aws:iam::*:root", Trust("""{"AWS":"arn:aws:iam::*:root"}"""), true },
        { "Federated *", Trust("""{"Federated":"*"}""", "\"sts:AssumeRoleWithWebIdentity\""), true },
        { "action sts:*", Trust("\"*\"", "\"sts:*\""), true },
        { "action *", Trust("\"*\"", "\"*\""), true },
        { "action case", Trust("\"*\"", "\"STS:assumerole\""), true },
        { "SAML action in a list", Trust("\"*\"", """["sts:TagSession","sts:AssumeRoleWithSAML"]"""), true },
        { "NotAction not excluding assume", Trust("\"*\"", "\"iam:*\"").Replace("\"Action\"", "\"NotAction\"", StringComparison.Ordinal), true },
        { "NotAction excluding assume", Trust("\"*\"", "\"sts:*\"").Replace("\"Action\"", "\"NotAction\"", StringComparison.Ordinal), false },
        { "only TagSession", Trust("\"*\"", "\"sts:TagSession\""), false },
        { "Deny *", Trust("\"*\"", effect: "Deny"), false },
        { "Allow with NotPrincipal", Trust($$"""{"AWS":"arn:aws:iam::{{Account}}:root"}""", principalElement: "NotPrincipal"), true },
        { "own account", Trust($$"""{"AWS":"{{Account}}"}"""), false },
        { "service", Trust("""{"Service":"ec2.amazonaws.com"}"""), false },
        { "PrincipalOrgID concrete", Trust("\"*\"", condition: """{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"""), false },
        { "PrincipalOrgID key case", Trust("\"*\"", condition: """{"StringEquals":{"AWS:principalorgid":"o-abc123"}}"""), false },
        { "PrincipalOrgID wildcard", Trust("\"*\"", condition: """{"StringLike":{"aws:PrincipalOrgID":"*"}}"""), true },
        { "PrincipalOrgID IfExists", Trust("\"*\"", condition: """{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}"""), true },
        { "PrincipalOrgID negated", Trust("\"*\"", condition: """{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}"""), true },
        { "PrincipalOrgPaths ForAnyValue", Trust("\"*\"", condition: """{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-1/ou-2/*"]}}"""), false },
        { "PrincipalOrgPaths ForAllValues", Trust("\"*\"", condition: """{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-1/ou-2/*"]}}"""), true },
        { "PrincipalOrgPaths wildcard org", Trust("\"*\"", condition: """{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["*/r-1/*"]}}"""), true },
        { "PrincipalAccount", Trust("\"*\"", condition: $$$"""{"StringEquals":{"aws:PrincipalAccount":["{{{Other}}}"]}}"""), false },
        { "PrincipalArn concrete", Trust("\"*\"", condition: $$$"""{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::{{{Other}}}:role/ci-*"}}"""), false },
        { "PrincipalArn wildcard account", Trust("\"*\"", condition: """{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci"}}"""), true },
        { "PrincipalArn one wildcard value among concrete", Trust("\"*\"", condition: $$$"""{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::{{{Other}}}:role/ci","*"]}}"""), true },
        { "SourceAccount", Trust("\"*\"", condition: $$$"""{"StringEquals":{"aws:SourceAccount":"{{{Account}}}"}}"""), false },
        { "SourceArn", Trust("\"*\"", condition: $$$"""{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:{{{Account}}}:topic"}}"""), false },
        { "SourceOrgID", Trust("\"*\"", condition: """{"StringEquals":{"aws:SourceOrgID":"o-abc123"}}"""), false },
        { "ExternalId alone does not constrain *", Trust("\"*\"", condition: """{"StringEquals":{"sts:ExternalId":"abc"}}"""), true },
        { "MFA alone does not constrain *", Trust("\"*\"", condition: """{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"""), true },
        { "object statement", """{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}""", true },
    };

    [Theory]
    [MemberData(nameof(WildcardCases))]
    public void Wildcard_trust_principal(string because, string trust, bool fires) =>
        Assert.True(fires == Evaluate(trust, RuleIds.WildcardTrust).Fired, because);

    public static TheoryData<string, string, bool> CrossAccountCases => new()
    {
        { "bare account id", Trust($$"""{"AWS":"{{Other}}"}"""), true },
        { ":root ARN", Trust($$"""{"AWS":"arn:aws:iam::{{Other}}:root"}"""), true },
        { "role ARN", Trust($$"""{"AWS":["arn:aws:iam::{{Other}}:role/ci"]}"""), true },
        { "user ARN", Trust($$"""{"AWS":"arn:aws:iam::{{Other}}:user/bob"}"""), true },
        { "assumed-role ARN", Trust($$"""{"AWS":"arn:aws:sts::{{Other}}:assumed-role/r/s"}"""), true },
        { "own account bare", Trust($$"""{"AWS":"{{Account}}"}"""), false },
        { "own account role", Trust($$"""{"AWS":"arn:aws:iam::{{Account}}:role/ci"}"""), false },
        { "own account id in another partition", Trust($$"""{"AWS":"arn:aws-cn:iam::{{Account}}:root"}"""), true },
        { "service principal list", Trust("""{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]}"""), false },
        { "federated SAML", Trust($$"""{"Federated":"arn:aws:iam::{{Other}}:saml-provider/okta"}""", "\"sts:AssumeRoleWithSAML\""), false },
        { "federated OIDC", Trust("""{"Federated":"token.actions.githubusercontent.com"}""", "\"sts:AssumeRoleWithWebIdentity\""), false },
        { "deleted principal (unique id)", Trust("""{"AWS":"AROAJQABLZS4A3QDU576Q"}"""), false },
        { "Deny", Trust($$"""{"AWS":"{{Other}}"}""", effect: "Deny"), false },
        { "not an assume action", Trust($$"""{"AWS":"{{Other}}"}""", "\"sts:TagSession\""), false },
        { "ExternalId", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringEquals":{"sts:ExternalId":"e-123"}}"""), false },
        { "ExternalId StringLike, key case", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringLike":{"STS:EXTERNALID":["e-*"]}}"""), false },
        { "ExternalId *", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringLike":{"sts:ExternalId":"*"}}"""), true },
        { "ExternalId empty", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringEquals":{"sts:ExternalId":""}}"""), true },
        { "ExternalId IfExists", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringEqualsIfExists":{"sts:ExternalId":"e-1"}}"""), true },
        { "MFA true", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"Bool":{"aws:MultiFactorAuthPresent":true}}"""), false },
        { "MFA false", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"""), true },
        { "MFA BoolIfExists", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"""), true },
        { "PrincipalOrgID", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"""), false },
        { "weak condition only", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"""), true },
        { "one bad statement of two",
            $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"{{Account}}"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"{{Other}}"},"Action":"sts:*"}]}""", true },
    };

    [Theory]
    [MemberData(nameof(CrossAccountCases))]
    public void Cross_account_trust_without_condition(string because, string trust, bool fires) =>
        Assert.True(fires == Evaluate(trust, RuleIds.CrossAccountTrust).Fired, because);

    [Fact]
    public void Tenant_accounts_and_trusted_accounts_are_not_another_account()
    {
        var trust = Trust($$"""{"AWS":"arn:aws:iam::{{Other}}:root"}""");
        Assert.False(Evaluate(trust, RuleIds.CrossAccountTrust, Context(tenantAccounts: Other)).Fired);
        var trusted = TenantSettings.DefaultFor("t1") with { TrustedAccountIds = [Other] };
        Assert.False(Evaluate(trust, RuleIds.CrossAccountTrust, Context(trusted)).Fired);
    }

    [Fact]
    public void Roles_in_other_partitions_compare_with_their_own_partition()
    {
        var trust = Trust($$"""{"AWS":"arn:aws-us-gov:iam::{{Account}}:root"}""");
        Assert.False(Evaluate(trust, RuleIds.CrossAccountTrust, partition: "aws-us-gov").Fired);
        Assert.True(Evaluate(trust, RuleIds.CrossAccountTrust, partition: "aws").Fired);
    }

    [Fact]
    public void Deleted_principals_are_noted_on_the_role_finding()
    {
        var trust = Trust($$"""{"AWS":["AIDAJQABLZS4A3QDU576Q","{{Other}}"]}""");
        var evidence = Evaluate(trust, RuleIds.CrossAccountTrust).Results.Single().Evidence;
        Assert.Equal("AIDAJQABLZS4A3QDU576Q", evidence["deletedPrincipals"]);
        Assert.DoesNotContain("AIDA", evidence["externalPrincipals"], StringComparison.Ordinal);
    }

    [Fact]
    public void Percent_encoded_trust_policy_is_evaluated()
    {
        var encoded = Uri.EscapeDataString(Trust("""{"AWS":"*"}"""));
        Assert.True(Evaluate(encoded, RuleIds.WildcardTrust).Fired);
    }

    [Theory]
    [InlineData("{\"Statement\": [", null)]
    [InlineData(null, "could not URL-decode")]
    public void An_unparseable_trust_policy_is_reported_never_safe(string? document, string? error)
    {
        var verdicts = TrustRules.Evaluate(Role(document, error: error), Context());
        var wildcard = Verdict(verdicts, RuleIds.WildcardTrust).Results.Single();
        Assert.Equal("unparseable", wildcard.Evidence["trustPolicy"]);
        Assert.False(Verdict(verdicts, RuleIds.CrossAccountTrust).Decided);
    }
}
