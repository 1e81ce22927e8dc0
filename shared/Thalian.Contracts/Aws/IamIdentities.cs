namespace Thalian.Contracts.Aws;

public sealed record IamUserObservation
{
    public required string UserName { get; init; }
    /// <summary>The immutable unique id (AIDA...).</summary>
    public required string UserId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> GroupNames { get; init; } = [];
    /// <summary>Every policy that applies to the user: direct, inline, and through each group.</summary>
    public IReadOnlyList<PolicyGrant> Policies { get; init; } = [];
    /// <summary>Credential report row; null when the user was not in the report.</summary>
    public CredentialReportRow? Credentials { get; init; }
    public IReadOnlyList<MfaDevice> MfaDevices { get; init; } = [];
    /// <summary>Access key ids where iam:ListAccessKeys was permitted; null when not read.</summary>
    public IReadOnlyList<AccessKeyMetadata>? AccessKeys { get; init; }
    /// <summary>Anything about this user that could not be parsed, recorded instead of dropped.</summary>
    public IReadOnlyList<string> Unparseable { get; init; } = [];
    /// <summary>Added: the same problems by part, so the rules that need that part stay undecided.</summary>
    public IReadOnlyList<DataProblem> DataProblems { get; init; } = [];
}

/// <summary>Data the collector could not read for an identity, by part, with the problem in words.</summary>
/// <param name="Part">One of <see cref="DataParts"/>.</param>
/// <param name="Field">The group name, the credential-report column or the policy name.</param>
public sealed record DataProblem(string Part, string Field, string Problem);

public static class DataParts
{
    /// <summary>A group in the user's group list that the group details do not contain.</summary>
    public const string Group = "group";
    /// <summary>A credential-report value that is none of the known forms.</summary>
    public const string CredentialReport = "credential-report";
    /// <summary>A policy document that could not be decoded.</summary>
    public const string Policy = "policy";
}

public sealed record IamRoleObservation
{
    public required string RoleName { get; init; }
    public required string RoleId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>The trust policy as JSON text (already URL-decoded); null when absent or undecodable.</summary>
    public string? TrustPolicy { get; init; }
    /// <summary>Why the trust policy could not be read; set together with a null or raw <see cref="TrustPolicy"/>.</summary>
    public string? TrustPolicyError { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public IReadOnlyList<PolicyGrant> Policies { get; init; } = [];
    /// <summary>Added: facts about the role worth telling its owner whatever the rules decide (e.g. a deleted trust principal).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <param name="Source">"direct" or "group:&lt;name&gt;".</param>
/// <param name="Kind">"aws-managed", "customer-managed" or "inline".</param>
/// <param name="PolicyArn">Full ARN for managed policies; null for inline ones.</param>
/// <param name="Document">Default-version document as JSON text; null when unknown (AWS-managed) or unparseable.</param>
/// <param name="DocumentError">Why the document could not be decoded.</param>
public sealed record PolicyGrant(string Source, string Kind, string Name, string? PolicyArn, string? Document, string? DocumentError = null);

/// <param name="Type">"virtual", "u2f", "hardware" or "unknown".</param>
public sealed record MfaDevice(string SerialNumber, string Type, DateTimeOffset? EnabledAt);

public sealed record AccessKeyMetadata(string AccessKeyId, string Status, DateTimeOffset? CreatedAt);

/// <summary>One credential report row, values parsed; null means N/A, no_information or not_supported.</summary>
public sealed record CredentialReportRow
{
    public bool? PasswordEnabled { get; init; }
    public DateTimeOffset? PasswordLastUsed { get; init; }
    public DateTimeOffset? PasswordLastChanged { get; init; }
    public bool MfaActive { get; init; }
    public AccessKeyUsage AccessKey1 { get; init; } = new();
    public AccessKeyUsage AccessKey2 { get; init; } = new();
    public DateTimeOffset? UserCreationTime { get; init; }
}

public sealed record AccessKeyUsage
{
    public bool Active { get; init; }
    public DateTimeOffset? LastRotated { get; init; }
    public DateTimeOffset? LastUsedDate { get; init; }
    public string? LastUsedService { get; init; }
    public string? LastUsedRegion { get; init; }
}
