using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.Resilience.Tests.Platform;

/// <summary>
/// The company every scenario syncs: one AWS account of about 1,200 IAM users and 40 roles, and an Okta org of
/// about 2,100 people, with enough gaps that every stage of the pipeline has findings to open (no MFA, stale keys,
/// deprovisioned and unknown owners, a public role, an exposed root).
/// </summary>
public static class Company
{
    public const string AccountId = "210987654321";
    public const string AccessKeyId = "AKIAFAULTSAUDIT00001";
    public const string SecretAccessKey = "FaultsAuditSecretKey00000000000000000001";
    public const string OktaToken = "faults-okta-token";
    private const int IamPeople = 1200;
    private const int OktaOnlyPeople = 900;
    private const string Domain = "faults.example";

    // Absolute dates, fixed for the whole suite: the emulator resolves relative ones when it answers, and key creation
    // times are part of finding ids, so every run must see the same instants.
    private static readonly DateTimeOffset Today = new(DateTimeOffset.UtcNow.Date, TimeSpan.Zero);

    private static string Email(int i) => $"person{i:0000}@{Domain}";

    private static string Ago(int days) => Today.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="faults">The emulator's <c>faults</c> array (see its README); none for the fault-free run.</param>
    public static string AwsScenario(JsonArray? faults = null) =>
        new JsonObject { ["accounts"] = new JsonArray(AwsAccount(AccountId, AccessKeyId, SecretAccessKey, IamPeople)), ["pageSize"] = 100, ["faults"] = faults ?? [] }
            .ToJsonString();

    /// <summary>One account of the company's shape with <paramref name="people"/> IAM users (person0000@… on).</summary>
    public static JsonObject AwsAccount(string accountId, string accessKeyId, string secretAccessKey, int people)
    {
        var users = new JsonArray();
        for (var i = 0; i < people; i++)
        {
            var user = new JsonObject { ["name"] = Email(i), ["created"] = Ago(700), ["tags"] = new JsonObject { ["email"] = Email(i) } };
            switch (i % 10)
            {
                case 0:
                    user["groups"] = new JsonArray("admins");
                    user["password"] = new JsonObject { ["lastUsed"] = Ago(2), ["lastChanged"] = Ago(60) };
                    user["mfaDevices"] = new JsonArray(new JsonObject { ["type"] = "virtual", ["name"] = $"p{i}-phone", ["enabled"] = Ago(600) });
                    break;
                case 1:
                    user["groups"] = new JsonArray("developers");
                    user["password"] = new JsonObject { ["lastUsed"] = Ago(5), ["lastChanged"] = Ago(50) };
                    break;
                case 2:
                    user["groups"] = new JsonArray("developers");
                    user["accessKeys"] = new JsonArray(new JsonObject { ["status"] = "Active", ["created"] = Ago(300), ["lastUsed"] = Ago(200), ["lastUsedService"] = "s3", ["lastUsedRegion"] = "eu-west-1" });
                    break;
                case 3:
                    user["groups"] = new JsonArray("developers");
                    user["mfaDevices"] = new JsonArray(new JsonObject { ["type"] = "virtual", ["name"] = $"p{i}-phone", ["enabled"] = Ago(100) });
                    user["accessKeys"] = new JsonArray(new JsonObject { ["status"] = "Active", ["created"] = Ago(30), ["lastUsed"] = Ago(1), ["lastUsedService"] = "ec2", ["lastUsedRegion"] = "us-east-1" });
                    break;
                default:
                    user["groups"] = new JsonArray("developers");
                    break;
            }
            users.Add(user);
        }
        for (var i = 0; i < 20; i++)
        {
            users.Add(new JsonObject
            {
                ["name"] = $"svc-build-{i:00}", ["path"] = "/service/", ["created"] = Ago(400),
                ["accessKeys"] = new JsonArray(new JsonObject { ["status"] = "Active", ["created"] = Ago(20), ["lastUsed"] = Ago(1), ["lastUsedService"] = "s3", ["lastUsedRegion"] = "us-east-1" }),
            });
        }
        var roles = new JsonArray();
        for (var i = 0; i < 40; i++)
        {
            var principal = i % 13 == 0 ? (JsonNode)"*" : new JsonObject { ["AWS"] = $"arn:aws:iam::{accountId}:root" };
            roles.Add(new JsonObject
            {
                ["name"] = $"app-role-{i:00}", ["created"] = Ago(300), ["lastUsed"] = Ago(3),
                ["trustPolicy"] = Policy("sts:AssumeRole", principal),
                ["attachedPolicies"] = new JsonArray("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            });
        }
        return new JsonObject
        {
            ["accountId"] = accountId,
            ["accessKeys"] = new JsonArray(new JsonObject { ["accessKeyId"] = accessKeyId, ["secretAccessKey"] = secretAccessKey, ["principal"] = "user/thalian-audit" }),
            ["root"] = new JsonObject { ["passwordEnabled"] = true, ["passwordLastUsed"] = Ago(40), ["mfa"] = "none" },
            ["groups"] = new JsonArray(
                new JsonObject { ["name"] = "admins", ["attachedPolicies"] = new JsonArray("arn:aws:iam::aws:policy/AdministratorAccess") },
                new JsonObject { ["name"] = "developers", ["attachedPolicies"] = new JsonArray("arn:aws:iam::aws:policy/ReadOnlyAccess") }),
            ["users"] = users,
            ["roles"] = roles,
        };
    }

    private static JsonObject Policy(string action, JsonNode principal) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Principal"] = principal, ["Action"] = action }),
    };

    /// <param name="faults">The Okta block's <c>faults</c>. Every run has a short throttle on page 4, so "the middle of the IdP sync" lasts a few seconds.</param>
    public static string IdpScenario(JsonArray? faults = null)
    {
        var allFaults = new JsonArray(JsonNode.Parse("""{ "pass": "main", "page": 4, "kind": "throttle", "times": 1, "delaySeconds": 6 }"""));
        foreach (var fault in faults ?? [])
        {
            allFaults.Add(fault!.DeepClone());
        }
        return OktaScenario(IamPeople + OktaOnlyPeople, allFaults);
    }

    /// <summary>An Okta org of person0000@… to person{people-1}@…, but 1000..1199 (IAM users nobody owns); every 50th from 7 on has left.</summary>
    public static string OktaScenario(int people, JsonArray faults)
    {
        var users = new JsonArray();
        for (var i = 0; i < people; i++)
        {
            if (i is >= 1000 and < IamPeople)
            {
                continue;
            }
            var gone = i % 50 == 7;
            users.Add(new JsonObject
            {
                ["id"] = $"00u{i:0000000000}", ["status"] = gone ? "DEPROVISIONED" : "ACTIVE",
                ["created"] = "2024-01-10T09:00:00.000Z", ["statusChanged"] = gone ? "2026-09-15T17:30:00.000Z" : "2024-01-10T09:05:00.000Z",
                ["profile"] = new JsonObject { ["login"] = Email(i), ["email"] = Email(i), ["firstName"] = "Person", ["lastName"] = $"{i:0000}" },
            });
        }
        var okta = new JsonObject { ["apiTokens"] = new JsonArray(OktaToken), ["users"] = users, ["pageSize"] = 200, ["faults"] = faults };
        return new JsonObject { ["okta"] = okta }.ToJsonString();
    }

    public static object AwsConnectRequest(string accessKeyId = AccessKeyId, string secretAccessKey = SecretAccessKey) =>
        new { displayName = "Faults production", accessKeyId, secretAccessKey, region = "us-east-1" };

    public static object OktaConnectRequest(Uri emulator) => new { displayName = "Faults Okta", orgUrl = new Uri(emulator, "okta").ToString(), apiToken = OktaToken };

    public static string WriteScenario(string json, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"thalian-faults-{name}-{Environment.ProcessId}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static JsonArray Faults(params string[] json) => [.. json.Select(j => JsonNode.Parse(j))];

    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
