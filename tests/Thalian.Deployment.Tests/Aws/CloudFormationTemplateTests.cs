using System.Text.Json.Nodes;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.Deployment.Tests.Aws;

/// <summary>deploy/aws: valid CloudFormation (cfn-lint, AWS's own linter) and least privilege, checked offline.</summary>
public class CloudFormationTemplateTests
{
    private const string MemberRole = "deploy/aws/thalian-member-role.json";
    private const string ManagementPolicy = "deploy/aws/thalian-management-policy.json";
    private static readonly string[] ReadVerbs = ["Get", "List", "Describe", "LookupEvents", "GenerateCredentialReport"];

    [Theory]
    [InlineData(MemberRole)]
    [InlineData(ManagementPolicy)]
    public void The_template_passes_cfn_lint(string template)
    {
        var result = Processes.Run("cfn-lint", "Install it with: python3 -m pip install cfn-lint (scripts/ensure-deploy-tools.sh does).", template);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    [Fact]
    public void Cfn_lint_catches_a_broken_template()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"thalian-broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, Repository.Read(MemberRole).Replace("\"AWS::IAM::Role\"", "\"AWS::IAM::Rol\"", StringComparison.Ordinal));
        try
        {
            Assert.NotEqual(0, Processes.Run("cfn-lint", "python3 -m pip install cfn-lint", broken).ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Theory]
    [InlineData(MemberRole)]
    [InlineData(ManagementPolicy)]
    public void Every_statement_allows_named_read_actions_only(string template)
    {
        var statements = PermissionStatements(Load(template)).ToList();

        Assert.NotEmpty(statements);
        foreach (var statement in statements)
        {
            Assert.Equal("Allow", statement["Effect"]!.GetValue<string>());
            Assert.Null(statement["NotAction"]);
            Assert.Null(statement["NotResource"]);
            foreach (var action in Actions(statement))
            {
                Assert.DoesNotContain("*", action, StringComparison.Ordinal);
                var verb = action.Split(':')[1];
                Assert.True(ReadVerbs.Any(v => verb.StartsWith(v, StringComparison.Ordinal)) || action == "sts:AssumeRole", $"{action} in {template} is not a read action");
            }
        }
    }

    [Fact]
    public void The_member_role_grants_exactly_the_actions_the_collector_calls()
    {
        var granted = PermissionStatements(Load(MemberRole)).SelectMany(Actions).Order(StringComparer.Ordinal);

        Assert.Equal(AwsProblems.RequiredActions.Concat(AwsProblems.OptionalActions).Order(StringComparer.Ordinal), granted);
    }

    [Fact]
    public void Only_the_Thalian_principal_may_assume_the_member_role_and_only_with_the_ExternalId()
    {
        var role = Load(MemberRole)["Resources"]!["ThalianAuditRole"]!;
        var trust = Assert.Single(role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal("sts:AssumeRole", trust["Action"]!.GetValue<string>());
        Assert.Equal("ThalianPrincipalArn", trust["Principal"]!["AWS"]!["Ref"]!.GetValue<string>());
        Assert.Single(trust["Principal"]!.AsObject());
        Assert.Equal("ExternalId", trust["Condition"]!["StringEquals"]!["sts:ExternalId"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void The_management_policy_assumes_only_the_member_role()
    {
        var statements = PermissionStatements(Load(ManagementPolicy)).ToList();
        var assume = Assert.Single(statements, s => Actions(s).Contains("sts:AssumeRole"));

        Assert.Equal(["sts:AssumeRole"], Actions(assume));
        Assert.Equal("arn:${AWS::Partition}:iam::*:role/${MemberRoleName}", assume["Resource"]!["Fn::Sub"]!.GetValue<string>());
        Assert.Equal(["iam:ListOrganizationsFeatures", "organizations:DescribeOrganization", "organizations:ListAccounts"],
            statements.SelectMany(Actions).Where(a => a != "sts:AssumeRole").Order(StringComparer.Ordinal));
    }

    private static JsonNode Load(string template) => JsonNode.Parse(Repository.Read(template))!;

    /// <summary>Statements of inline role policies and managed policies (not trust policies).</summary>
    private static IEnumerable<JsonNode> PermissionStatements(JsonNode template) =>
        template["Resources"]!.AsObject().Select(r => r.Value!["Properties"]!).SelectMany(p =>
            (p["Policies"]?.AsArray().Select(policy => policy!["PolicyDocument"]!) ?? [])
            .Concat(p["PolicyDocument"] is { } document ? [document] : []))
        .SelectMany(d => d["Statement"]!.AsArray()!)!;

    private static List<string> Actions(JsonNode statement) => statement["Action"] switch
    {
        JsonArray list => [.. list.Select(a => a!.GetValue<string>())],
        { } one => [one.GetValue<string>()],
        null => [],
    };
}
