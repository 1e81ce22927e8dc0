using Marten.Metadata;

namespace Thalian.AwsCollector.Organizations;

/// <summary>
/// One connected AWS organisation of a tenant: credentials of the management (or delegated-administrator) account,
/// the secret only as Data Protection ciphertext. Its accounts are synced as member <c>AwsConnection</c>s that
/// have no credentials of their own.
/// </summary>
public sealed class AwsOrganizationConnection : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string OrganizationId { get; set; } = "";
    public string ManagementAccountId { get; set; } = "";
    /// <summary>The account the credentials belong to (the management or a delegated-administrator account).</summary>
    public string CallerAccountId { get; set; } = "";
    public string CallerArn { get; set; } = "";
    public string Partition { get; set; } = "aws";
    public string Region { get; set; } = "us-east-1";
    public string DisplayName { get; set; } = "";
    public string? AccessKeyId { get; set; }
    public string? ProtectedSecret { get; set; }
    public bool UsesAmbientCredentials { get; set; }
    /// <summary>Made by a demo/test tenant: only then do the organisation and its members go to the endpoint override (emulator).</summary>
    public bool Sandbox { get; set; }
    public string? RoleArn { get; set; }
    public string? ExternalId { get; set; }
    public string MemberRoleName { get; set; } = OrganizationDefaults.MemberRoleName;
    public string MemberExternalId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastDiscoveryRequestedAt { get; set; }
    public DateTimeOffset? LastDiscoveredAt { get; set; }
    public string? LastDiscoveryError { get; set; }
    /// <summary>iam:ListOrganizationsFeatures: RootCredentialsManagement enabled; null when it could not be read.</summary>
    public bool? RootCredentialsManagement { get; set; }
    public IReadOnlyList<string> Degradations { get; set; } = [];
    /// <summary>Every account of the last complete listing, with its AWS status.</summary>
    public IReadOnlyList<OrganizationAccount> Accounts { get; set; } = [];

    /// <summary>
    /// The principal member roles must trust: the IAM user or role behind the organisation's credentials
    /// (an assumed-role session ARN is turned back into its role ARN, which is what a trust policy names).
    /// </summary>
    public string ThalianPrincipalArn => CallerArn.Split(':') is [_, var partition, "sts", _, var account, var resource] && resource.StartsWith("assumed-role/", StringComparison.Ordinal)
        ? $"arn:{partition}:iam::{account}:role/{resource.Split('/')[1]}"
        : CallerArn;

    public string MemberRoleArn(string accountId) => $"arn:{Partition}:iam::{accountId}:role/{MemberRoleName}";
}

public static class OrganizationDefaults
{
    public const string MemberRoleName = "ThalianAudit";
}

/// <summary>AWS account states as ListAccounts reports them.</summary>
public static class AccountStates
{
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string PendingClosure = "PENDING_CLOSURE";
    /// <summary>Not in the latest complete listing any more (left or removed from the organisation).</summary>
    public const string NotListed = "NOT_LISTED";
}
