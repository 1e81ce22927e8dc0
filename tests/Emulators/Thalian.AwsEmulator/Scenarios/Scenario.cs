using System.Text.Json;

namespace Thalian.AwsEmulator.Scenarios;

/// <summary>The scenario file (see README.md). Dates are strings relative to now ("-120d") or absolute.</summary>
public sealed class Scenario
{
    public List<AccountSpec> Accounts { get; set; } = [];
    public int PageSize { get; set; } = 100;
    public bool ShortPages { get; set; }
    public List<FaultSpec> Faults { get; set; } = [];
    /// <summary>When set, every account of the scenario is a member of this organisation.</summary>
    public OrganizationSpec? Organization { get; set; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Scenario Load(string path) =>
        JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");

    public static Scenario Parse(string json) =>
        JsonSerializer.Deserialize<Scenario>(json, Json) ?? throw new InvalidOperationException("The scenario is empty.");
}

public sealed class OrganizationSpec
{
    public string Id { get; set; } = "o-emulator01";
    public string ManagementAccountId { get; set; } = "";
    /// <summary>Features iam:ListOrganizationsFeatures reports (e.g. RootCredentialsManagement).</summary>
    public List<string> Features { get; set; } = [];
}

public sealed class AccountSpec
{
    public string AccountId { get; set; } = "";
    /// <summary>Name and state in the organisation (ACTIVE, SUSPENDED, PENDING_CLOSURE).</summary>
    public string? Name { get; set; }
    public string OrganizationStatus { get; set; } = "ACTIVE";
    public string Partition { get; set; } = "aws";
    public string PolicyEncoding { get; set; } = "percent";
    public List<KeySpec> AccessKeys { get; set; } = [];
    public RootSpec? Root { get; set; }
    public List<UserSpec> Users { get; set; } = [];
    public List<GroupSpec> Groups { get; set; } = [];
    public List<PolicySpec> Policies { get; set; } = [];
    public List<RoleSpec> Roles { get; set; } = [];
    public List<EventSpec> CloudTrail { get; set; } = [];
    public string? CredentialReportCsv { get; set; }
    public List<FaultSpec> Faults { get; set; } = [];

    public string Arn(string service, string resource) => $"arn:{Partition}:{service}::{AccountId}:{resource}";
}

public sealed class KeySpec
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
    public string Principal { get; set; } = "root";
    public List<string> Deny { get; set; } = [];
}

public sealed class RootSpec
{
    public bool PasswordEnabled { get; set; } = true;
    public string? PasswordLastUsed { get; set; }
    public string Mfa { get; set; } = "none";
    public List<UserKeySpec> AccessKeys { get; set; } = [];
}

public sealed class UserSpec
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "/";
    public string? Created { get; set; }
    public Dictionary<string, string> Tags { get; set; } = [];
    public List<string> Groups { get; set; } = [];
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, JsonElement> InlinePolicies { get; set; } = [];
    public PasswordSpec? Password { get; set; }
    public List<MfaSpec> MfaDevices { get; set; } = [];
    public List<UserKeySpec> AccessKeys { get; set; } = [];
}

public sealed class PasswordSpec
{
    public string? LastUsed { get; set; }
    public string? LastChanged { get; set; }
}

public sealed class MfaSpec
{
    public string Type { get; set; } = "virtual";
    public string? Name { get; set; }
    public string? Enabled { get; set; }
}

public sealed class UserKeySpec
{
    public string? Id { get; set; }
    public string Status { get; set; } = "Active";
    public string? Created { get; set; }
    public string? LastUsed { get; set; }
    public string? LastUsedService { get; set; }
    public string? LastUsedRegion { get; set; }
}

public sealed class GroupSpec
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "/";
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, JsonElement> InlinePolicies { get; set; } = [];
}

public sealed class PolicySpec
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "/";
    public JsonElement Document { get; set; }
    public string? DocumentRaw { get; set; }
}

public sealed class RoleSpec
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "/";
    public string? Created { get; set; }
    public string? LastUsed { get; set; }
    public Dictionary<string, string> Tags { get; set; } = [];
    public JsonElement TrustPolicy { get; set; }
    public string? TrustPolicyRaw { get; set; }
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, JsonElement> InlinePolicies { get; set; } = [];
}

public sealed class EventSpec
{
    public string Region { get; set; } = "us-east-1";
    public string? Time { get; set; }
    public string EventName { get; set; } = "ConsoleLogin";
    public string IdentityType { get; set; } = "Root";
    public string? Username { get; set; }
    public string? InvokedBy { get; set; }
    public string EventType { get; set; } = "AwsApiCall";
    public string? SourceIp { get; set; }
    public bool? MfaUsed { get; set; }
    public string? EventSource { get; set; }
    public string? EventId { get; set; }
}

public sealed class FaultSpec
{
    public string Action { get; set; } = "*";
    public string Kind { get; set; } = "throttle";
    public string? Code { get; set; }
    public int Status { get; set; } = 400;
    public string? Message { get; set; }
    public int Times { get; set; } = 1;
    public int After { get; set; }
}
