namespace Thalian.Contracts.Aws;

/// <summary>
/// The full current state of a batch of IAM identities of one account, as one sync run saw it.
/// Batches are independent; the run ends with <see cref="AwsSyncCompleted"/>.
/// </summary>
[EntityName("thalian.aws.observations")]
public sealed record AwsIdentitiesObserved
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid SyncRunId { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public IReadOnlyList<IamUserObservation> Users { get; init; } = [];
    public IReadOnlyList<IamRoleObservation> Roles { get; init; } = [];
}

/// <summary>Root posture and account summary of one account, once per sync run.</summary>
[EntityName("thalian.aws.account-observed")]
public sealed record AwsAccountObserved
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid SyncRunId { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public required AccountPosture Posture { get; init; }
}

/// <summary>Ends a sync run. Only a run with <c>Complete = true</c> may delete or resolve anything downstream.</summary>
[EntityName("thalian.aws.sync-completed")]
public sealed record AwsSyncCompleted
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid SyncRunId { get; init; }
    public required Guid ConnectionId { get; init; }
    public required string AccountId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    public required bool Complete { get; init; }
    /// <summary>What went wrong, in words a user can act on; null when complete.</summary>
    public string? Error { get; init; }
    public int UserCount { get; init; }
    public int RoleCount { get; init; }
    /// <summary>Observation batches published for this run, so consumers know when they have them all.</summary>
    public int BatchCount { get; init; }
    public DateTimeOffset? CredentialReportGeneratedAt { get; init; }
    /// <summary>Parts that were read with reduced permissions or not at all (e.g. "iam:ListAccessKeys denied").</summary>
    public IReadOnlyList<string> Degradations { get; init; } = [];
}
