namespace Thalian.Contracts.Correlation;

using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;

/// <summary>
/// An IAM user's stream changed (or a linked IdP account changed). Carries the whole current state,
/// so a consumer needs no call back to correlation.
/// </summary>
[EntityName("thalian.correlation.iam-user-changed")]
public sealed record IamUserChanged
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    /// <summary>The identity's stream id (deterministic from tenant, account and user id).</summary>
    public required Guid IdentityId { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    /// <summary>Names of the domain events that caused this message (e.g. "MfaDeviceRemoved").</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
    /// <summary>True once a complete sync no longer saw the user.</summary>
    public bool Deleted { get; init; }
    public required IamUserObservation User { get; init; }
    public required IdpMatch Match { get; init; }
    /// <summary>Stream version the state was taken at; consumers drop older versions.</summary>
    public long Version { get; init; }
}

/// <summary>How an IAM user is linked to IdP people.</summary>
/// <param name="State">"linked", "unmatched", "ambiguous" or "no-idp" (no IdP connected).</param>
/// <param name="Method">"explicit", "tag", "email", "username" or "plus-address"; null unless linked or ambiguous.</param>
/// <param name="Confidence">"high" or "low".</param>
public sealed record IdpMatch(
    string State,
    string? Method,
    string? Confidence,
    IReadOnlyList<LinkedIdpAccount> Accounts,
    IReadOnlyList<string> Attempts,
    /// <summary>Added: accounts that matched but a complete sync no longer returns (never a match); set on unmatched results.</summary>
    IReadOnlyList<LinkedIdpAccount>? RemovedMatches = null);

/// <summary>An IdP account linked (or, when ambiguous, a candidate) with its lifecycle.</summary>
public sealed record LinkedIdpAccount(
    Guid ConnectionId,
    string Provider,
    string ExternalId,
    string? PrimaryEmail,
    IdpLifecycle Lifecycle,
    string RawStatus,
    /// <summary>When the account left Active: the vendor's time where given, else from the stream history.</summary>
    DateTimeOffset? LeftActiveAt,
    bool Removed,
    /// <summary>Added: when a complete sync first no longer returned the account.</summary>
    DateTimeOffset? RemovedAt = null);

[EntityName("thalian.correlation.iam-role-changed")]
public sealed record IamRoleChanged
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid IdentityId { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public IReadOnlyList<string> Changes { get; init; } = [];
    public bool Deleted { get; init; }
    public required IamRoleObservation Role { get; init; }
    public long Version { get; init; }
}

[EntityName("thalian.correlation.aws-account-changed")]
public sealed record AwsAccountChanged
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid IdentityId { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public IReadOnlyList<string> Changes { get; init; } = [];
    public bool Removed { get; init; }
    public required AccountPosture Posture { get; init; }
    public long Version { get; init; }
}

/// <summary>
/// Correlation has processed every observation of one sync run. Time-based rules re-evaluate the
/// whole source on this marker; only <c>Complete</c> markers may resolve IdP-dependent findings.
/// </summary>
[EntityName("thalian.correlation.identities-settled")]
public sealed record IdentitiesSettled
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    /// <summary>"aws" or "idp".</summary>
    public required string SourceKind { get; init; }
    /// <summary>The AWS account id, or the IdP connection id.</summary>
    public required string SourceId { get; init; }
    public string? Provider { get; init; }
    public required Guid SyncRunId { get; init; }
    public required bool Complete { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public required DateTimeOffset SettledAt { get; init; }
    /// <summary>
    /// Added, IdP runs only: the <see cref="IamUserChanged.Version"/> of every IAM user of the tenant when the run was
    /// announced. A consumer still holding an older version of a user has that user's newer state on its way (queues
    /// reorder) and decides on it when it arrives, not on the older state now. Null (older publishers, AWS runs): unknown.
    /// </summary>
    public IReadOnlyDictionary<Guid, long>? UserVersions { get; init; }
}
