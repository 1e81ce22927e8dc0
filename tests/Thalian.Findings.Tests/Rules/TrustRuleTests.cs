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
        { "PrincipalOrgPaths ForAnyValue literal", Trust("\"*\"", condition: """{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":["o-abc/r-1/ou-2/"]}}"""), false },
        { "PrincipalOrgPaths with a wildcard constrains nothing", Trust("\"*\"", condition: """{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-1/ou-2/*"]}}"""), true },
        { "PrincipalOrgPaths ForAllValues", Trust("\"*\"", condition: """{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-1/ou-2/*"]}}"""), true },
        { "PrincipalOrgPaths wildcard org", Trust("\"*\"", condition: """{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["*/r-1/*"]}}"""), true },
        { "PrincipalAccount", Trust("\"*\"", condition: $$$"""{"StringEquals":{"aws:PrincipalAccount":["{{{Other}}}"]}}"""), false },
        { "PrincipalArn literal", Trust("\"*\"", condition: $$$"""{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::{{{Other}}}:role/ci"}}"""), false },
        { "PrincipalArn with a wildcard in the name constrains nothing", Trust("\"*\"", condition: $$$"""{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::{{{Other}}}:role/ci-*"}}"""), true },
        { "PrincipalOrgID o-* constrains nothing", Trust("\"*\"", condition: """{"StringLike":{"aws:PrincipalOrgID":"o-*"}}"""), true },
        { "PrincipalAccount 1* constrains nothing", Trust("\"*\"", condition: """{"StringLike":{"aws:PrincipalAccount":"1*"}}"""), true },
        { "PrincipalAccount ? constrains nothing", Trust("\"*\"", condition: """{"StringLike":{"aws:PrincipalAccount":"11111111111?"}}"""), true },
        { "policy variable constrains nothing", Trust("\"*\"", condition: """{"StringEquals":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}"""), true },
        { "SourceArn wildcard account constrains nothing", Trust("\"*\"", condition: """{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:*:topic"}}"""), true },
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
        { "PrincipalOrgID o-* constrains nothing", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringLike":{"aws:PrincipalOrgID":"o-*"}}"""), true },
        { "PrincipalArn with a wildcard account constrains nothing", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}"""), true },
        { "PrincipalAccount policy variable constrains nothing", Trust($$"""{"AWS":"{{Other}}"}""", condition: """{"StringEquals":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}"""), true },
        { "PrincipalAccount literal", Trust($$"""{"AWS":"{{Other}}"}""", condition: $$$"""{"StringEquals":{"aws:PrincipalAccount":"{{{Other}}}"}}"""), false },
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

    private const string GitHub = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

    private static string WebIdentity(string provider, string condition = "") =>
        Trust($$"""{"Federated":"{{provider}}"}""", "\"sts:AssumeRoleWithWebIdentity\"", condition);

    public static TheoryData<string, string, bool> FederatedCases => new()
    {
        { "GitHub without condition", WebIdentity(GitHub), true },
        { "GitHub with audience only", WebIdentity(GitHub, """{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}"""), true },
        { "GitHub sub *", WebIdentity(GitHub, """{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}"""), true },
        { "GitHub sub repo:*", WebIdentity(GitHub, """{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}"""), true },
        { "GitHub sub owner prefix without separator", WebIdentity(GitHub, """{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme*"}}"""), true },
        { "GitHub sub IfExists", WebIdentity(GitHub, """{"StringLikeIfExists":{"token.actions.githubusercontent.com:sub":"repo:acme/app:*"}}"""), true },
        { "GitHub sub negated", WebIdentity(GitHub, """{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}"""), true },
        { "GitHub one open value among pinned", WebIdentity(GitHub, """{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:acme/app:*","*"]}}"""), true },
        { "GitHub sub of another issuer", WebIdentity(GitHub, """{"StringEquals":{"gitlab.com:sub":"project_path:acme/app:ref_type:branch:ref:main"}}"""), true },
        { "GitHub action glob sts:*", Trust($$"""{"Federated":"{{GitHub}}"}""", "\"sts:*\""), true },
        { "GitHub sub literal", WebIdentity(GitHub, """{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:acme/app:ref:refs/heads/main"}}"""), false },
        { "GitHub sub owner pinned", WebIdentity(GitHub, """{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}"""), false },
        { "GitHub sub key case", WebIdentity(GitHub, """{"StringLike":{"Token.Actions.GithubUserContent.com:SUB":"repo:acme/app:*"}}"""), false },
        { "GitHub environment pinned", WebIdentity(GitHub, """{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:acme/app:environment:prod"}}"""), false },
        { "GitLab without condition", WebIdentity("arn:aws:iam::111122223333:oidc-provider/gitlab.com"), true },
        { "GitLab pinned", WebIdentity("arn:aws:iam::111122223333:oidc-provider/gitlab.com", """{"StringLike":{"gitlab.com:sub":"project_path:acme/*"}}"""), false },
        { "Terraform Cloud organisation pinned", WebIdentity("arn:aws:iam::111122223333:oidc-provider/app.terraform.io", """{"StringLike":{"app.terraform.io:sub":"organization:acme:project:*"}}"""), false },
        { "Terraform Cloud any organisation", WebIdentity("arn:aws:iam::111122223333:oidc-provider/app.terraform.io", """{"StringLike":{"app.terraform.io:sub":"organization:*"}}"""), true },
        { "CircleCI without condition", WebIdentity("arn:aws:iam::111122223333:oidc-provider/oidc.circleci.com/org/0e5c7fa6"), true },
        { "Bitbucket without condition", WebIdentity("arn:aws:iam::111122223333:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"), true },
        { "Cognito without condition", WebIdentity("cognito-identity.amazonaws.com"), true },
        { "Cognito pool pinned by aud", WebIdentity("cognito-identity.amazonaws.com", """{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}}"""), false },
        { "Cognito aud wildcard", WebIdentity("cognito-identity.amazonaws.com", """{"StringLike":{"cognito-identity.amazonaws.com:aud":"us-east-1:*"}}"""), true },
        { "the company's own OIDC issuer", WebIdentity("arn:aws:iam::111122223333:oidc-provider/acme.okta.com/oauth2/default"), false },
        { "GitHub provider but only AssumeRole", Trust($$"""{"Federated":"{{GitHub}}"}"""), false },
        { "GitHub provider, Deny", Trust($$"""{"Federated":"{{GitHub}}"}""", "\"sts:AssumeRoleWithWebIdentity\"", effect: "Deny"), false },
    };

    [Theory]
    [MemberData(nameof(FederatedCases))]
    public void Federated_trust_anyone_can_satisfy_is_a_wildcard_trust(string because, string trust, bool fires) =>
        Assert.True(fires == Evaluate(trust, RuleIds.WildcardTrust).Fired, because);

    [Fact]
    public void Federated_wildcard_evidence_says_who_can_assume_the_role()
    {
        var result = Evaluate(WebIdentity(GitHub), RuleIds.WildcardTrust).Results.Single();
        Assert.Equal("any GitHub repository", result.Evidence["openTo"]);
        Assert.Contains("any GitHub repository can assume", result.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("token.actions.githubusercontent.com", result.Evidence["statements"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Effect":"Deny"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123","AWS:PrincipalOrgId":"o-evil"}}}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}],"statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}""")]
    public void A_trust_policy_with_a_duplicate_key_is_unparseable(string document)
    {
        var wildcard = Evaluate(document, RuleIds.WildcardTrust).Results.Single();
        Assert.Equal("unparseable", wildcard.Evidence["trustPolicy"]);
        Assert.Contains("duplicate key", wildcard.Evidence["parseError"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_keys_in_different_objects_are_not_duplicates() =>
        Assert.False(Evaluate($$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"{{Account}}"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
            RuleIds.WildcardTrust).Fired);
}
