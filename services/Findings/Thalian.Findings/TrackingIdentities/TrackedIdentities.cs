using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>Latest known state of one IAM user (id = correlation's identity stream id).</summary>
public sealed record TrackedUser
{
    public Guid Id { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public required IamUserObservation User { get; init; }
    public required IdpMatch Match { get; init; }
}

public sealed record TrackedRole
{
    public Guid Id { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public required IamRoleObservation Role { get; init; }
}

/// <summary>Root posture of one AWS account.</summary>
public sealed record TrackedAccount
{
    public Guid Id { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long Version { get; init; }
    public bool Removed { get; init; }
    public required AccountPosture Posture { get; init; }
}

/// <summary>An AWS account connected to the tenant (id = "tenant/account"), so its principals are not "another account".</summary>
public sealed record ConnectedAccount
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public DateTimeOffset LastSettledAt { get; init; }
    public bool LastSyncComplete { get; init; }
}

/// <summary>
/// An IAM user version an IdP run's settle named while findings held an older one, or none (id = the user's id): until
/// that version arrives, the IdP-gap rules do not decide on the user (its links are older than the run's).
/// </summary>
public sealed record AwaitedUserVersion
{
    public Guid Id { get; init; }
    public long Version { get; init; }
}

/// <summary>One connected IdP directory and whether its latest snapshot was complete (id = connection id).</summary>
public sealed record IdpDirectory
{
    public required string Id { get; init; }
    public string? Provider { get; init; }
    public Guid LatestSyncRunId { get; init; }
    public bool LatestComplete { get; init; }
    public DateTimeOffset SettledAt { get; init; }
    public string? Error { get; init; }
}
