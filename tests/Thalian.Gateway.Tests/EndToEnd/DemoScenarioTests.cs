using System.Text.Json;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// The demo files agree with each other and with the rule catalogue: every rule is expected to fire, every expected
/// or look-alike resource exists in the scenario, and the demo's connect requests use credentials the emulators accept.
/// </summary>
public sealed class When_the_demo_scenario_is_read
{
    private static readonly string[] RuleIds =
    [
        "aws-admin-not-in-idp", "aws-user-not-in-idp", "iam-user-without-mfa", "stale-iam-user", "stale-access-key",
        "multiple-active-access-keys", "access-key-not-rotated", "root-without-mfa", "root-recently-used",
        "wildcard-trust-principal", "cross-account-trust-without-condition",
    ];

    private static readonly string DemoDir = Path.Combine(RepoRoot(), "deploy", "demo");

    [Fact]
    public void Every_one_of_the_eleven_rules_is_expected_to_fire_at_least_once()
    {
        var expected = Findings().Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();

        Assert.Equal(RuleIds.Order(StringComparer.Ordinal), expected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_expected_finding_and_look_alike_names_a_resource_of_the_aws_scenario()
    {
        var resources = ScenarioResources();
        var named = Findings().Select(f => f.GetProperty("resourceArn").GetString()!)
            .Concat(Read("expected-findings.json").RootElement.GetProperty("mustNotFire").EnumerateArray()
                .Select(f => f.GetProperty("resourceArn").GetString()!))
            .ToList();

        Assert.All(named, arn => Assert.Contains(arn, resources));
    }

    [Fact]
    public void The_demo_connects_two_aws_accounts_and_all_five_idps_with_credentials_the_emulators_accept()
    {
        var connections = Read("connections.json").RootElement.EnumerateArray().ToList();
        var aws = Read("aws-scenario.json").RootElement.GetProperty("accounts").EnumerateArray()
            .SelectMany(a => a.GetProperty("accessKeys").EnumerateArray())
            .ToDictionary(k => k.GetProperty("accessKeyId").GetString()!, k => k.GetProperty("secretAccessKey").GetString()!);
        var idp = Read("idp-scenario.json").RootElement.GetRawText();

        var paths = connections.Select(c => c.GetProperty("path").GetString()).ToList();
        // IdPs first: the "not in IdP" rules then never run on a directory set that is still being connected.
        Assert.Equal(["/api/v1/integrations/okta", "/api/v1/integrations/entra", "/api/v1/integrations/google-workspace",
            "/api/v1/integrations/jumpcloud", "/api/v1/integrations/onelogin", "/api/v1/integrations/aws", "/api/v1/integrations/aws"], paths);
        foreach (var body in connections.Skip(5).Select(c => c.GetProperty("body")))
        {
            Assert.Equal(aws[body.GetProperty("accessKeyId").GetString()!], body.GetProperty("secretAccessKey").GetString());
            Assert.Matches("^[A-Za-z0-9/+=]{40}$", body.GetProperty("secretAccessKey").GetString()!);
        }
        foreach (var secret in new[] { "apiToken", "clientSecret", "apiKey", "clientId", "tenantId", "adminEmail" })
        {
            foreach (var body in connections.Take(5).Select(c => c.GetProperty("body")).Where(b => b.TryGetProperty(secret, out _)))
            {
                Assert.Contains($"\"{body.GetProperty(secret).GetString()}\"", idp, StringComparison.Ordinal);
            }
        }
    }

    private static List<JsonElement> Findings() =>
        [.. Read("expected-findings.json").RootElement.GetProperty("findings").EnumerateArray().Select(e => e.Clone())];

    private static HashSet<string> ScenarioResources()
    {
        var resources = new HashSet<string>();
        foreach (var account in Read("aws-scenario.json").RootElement.GetProperty("accounts").EnumerateArray())
        {
            var id = account.GetProperty("accountId").GetString();
            resources.Add($"arn:aws:iam::{id}:root");
            foreach (var user in account.GetProperty("users").EnumerateArray())
            {
                var path = user.TryGetProperty("path", out var p) ? p.GetString() : "/";
                resources.Add($"arn:aws:iam::{id}:user{path}{user.GetProperty("name").GetString()}");
            }
            foreach (var role in account.GetProperty("roles").EnumerateArray())
            {
                resources.Add($"arn:aws:iam::{id}:role/{role.GetProperty("name").GetString()}");
            }
        }
        return resources;
    }

    private static JsonDocument Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoDir, file)));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Thalian.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
