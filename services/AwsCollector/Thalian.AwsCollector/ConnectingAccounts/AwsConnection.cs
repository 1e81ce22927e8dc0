using Marten.Metadata;
using Thalian.Contracts.Aws;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>One connected AWS account of a tenant. The secret is stored only as Data Protection ciphertext.</summary>
public sealed class AwsConnection : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string AccountId { get; set; } = "";
    public string Partition { get; set; } = "aws";
    public string Region { get; set; } = "us-east-1";
    public string DisplayName { get; set; } = "";
    public string? AccessKeyId { get; set; }
    public string? ProtectedSecret { get; set; }
    public bool UsesAmbientCredentials { get; set; }
    /// <summary>Made by a demo/test tenant: only such a connection may go to the configured endpoint override (emulator).</summary>
    public bool Sandbox { get; set; }
    public string? RoleArn { get; set; }
    public string? ExternalId { get; set; }
    public string CallerArn { get; set; } = "";
    public IReadOnlyList<string> CloudTrailRegions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = ConnectionStatus.Connected;
    public DateTimeOffset? LastSyncRequestedAt { get; set; }
    public DateTimeOffset? LastSyncStartedAt { get; set; }
    public DateTimeOffset? LastSyncCompletedAt { get; set; }
    public bool? LastSyncComplete { get; set; }
    public string? LastError { get; set; }
    public SyncCounts? Counts { get; set; }
    public IReadOnlyList<string> Degradations { get; set; } = [];
    /// <summary>CloudTrail was searched up to here; later syncs ask only for newer events.</summary>
    public DateTimeOffset? CloudTrailCheckedUntil { get; set; }
    /// <summary>Root uses seen within the window, kept so every account observation carries the full picture.</summary>
    public IReadOnlyList<RootActivity> RecentRootActivity { get; set; } = [];
    /// <summary>Set on member accounts of a connected organisation: they are reached through its member role, with no credentials of their own.</summary>
    public Guid? OrganizationConnectionId { get; set; }
    /// <summary>The member's state in the organisation's latest listing (ACTIVE, SUSPENDED, PENDING_CLOSURE, NOT_LISTED); null for direct connections.</summary>
    public string? OrganizationAccountState { get; set; }

    /// <summary>Direct connections and active members are synced; suspended, closing and departed members are not.</summary>
    public bool IsSyncable => OrganizationAccountState is null or Organizations.AccountStates.Active;
}

public sealed record SyncCounts(int Users, int Roles, int Batches);

public static class ConnectionStatus
{
    public const string Connected = "connected";
    public const string Syncing = "syncing";
    public const string Synced = "synced";
    public const string Incomplete = "incomplete";
    /// <summary>Member account: sts:AssumeRole into the member role was refused.</summary>
    public const string RoleMissing = "role-missing";
    public const string Suspended = "suspended";
    public const string PendingClosure = "pending-closure";
    public const string LeftOrganization = "left-organization";
}
