using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingIamUsers;

public sealed record IamUserCreated(Guid IdentityId, string AccountId, string Partition, IamUserObservation User, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>A user a complete sync had deleted was seen again (same immutable user id).</summary>
public sealed record IamUserReappeared(IamUserObservation User, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record IamUserRenamed(string UserName, string Path, string Arn, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record IamUserTagsChanged(IReadOnlyDictionary<string, string> Tags, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record GroupMembershipChanged(IReadOnlyList<string> GroupNames, IReadOnlyList<string> Joined, IReadOnlyList<string> Left, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record PoliciesChanged(IReadOnlyList<PolicyGrant> Policies, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ConsolePasswordEnabled(CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ConsolePasswordRemoved(CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ConsolePasswordUsed(DateTimeOffset? LastUsedAt, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ConsolePasswordChanged(DateTimeOffset? ChangedAt, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record AccessKeyCreated(int Slot, DateTimeOffset? CreatedAt, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record AccessKeyDeactivated(int Slot, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record AccessKeyReactivated(int Slot, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>The key in a slot was replaced by a new one (a new creation time in the credential report).</summary>
public sealed record AccessKeyRotated(int Slot, DateTimeOffset? CreatedAt, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record AccessKeyUsed(int Slot, DateTimeOffset? LastUsedAt, string? Service, string? Region, CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>Any other credential report change (mfa_active flag, the row appearing or vanishing).</summary>
public sealed record CredentialReportRowChanged(CredentialReportRow? Credentials, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record MfaDeviceEnrolled(MfaDevice Device, IReadOnlyList<MfaDevice> MfaDevices, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record MfaDeviceRemoved(MfaDevice Device, IReadOnlyList<MfaDevice> MfaDevices, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record AccessKeyMetadataChanged(IReadOnlyList<AccessKeyMetadata>? AccessKeys, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>Whatever changed that no specific event names (creation time, unparseable notes...), with the full new state.</summary>
public sealed record IamUserDetailsChanged(IamUserObservation User, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <param name="Reason">"not-seen-in-complete-sync" or "connection-removed".</param>
public sealed record IamUserDeleted(string Reason, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ExplicitIdpMappingSet(Guid ConnectionId, string ExternalId, string SetBy, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record ExplicitIdpMappingCleared(string ClearedBy, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record IamUserLinkedToIdpAccount(IdpMatch Match, string Trigger, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record IamUserMatchAmbiguous(IdpMatch Match, string Trigger, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

public sealed record IamUserUnlinked(IdpMatch Match, IReadOnlyList<LinkedIdpAccount> Previous, string Trigger, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>Moves between "unmatched" and "no-idp" (no link existed before or after).</summary>
public sealed record IamUserMatchStateChanged(IdpMatch Match, string Trigger, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;

/// <summary>Same link, but a linked account changed (lifecycle, raw status, email, removed).</summary>
public sealed record LinkedIdpAccountChanged(IdpMatch Match, string Trigger, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIamUserEvent;
