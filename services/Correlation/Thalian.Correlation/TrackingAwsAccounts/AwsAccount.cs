using Thalian.Contracts.Aws;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingAwsAccounts;

public sealed record AwsAccountRegistered(Guid IdentityId, string AccountId, string Partition, AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

public sealed record RootMfaEnabled(AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

public sealed record RootMfaDisabled(AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

public sealed record RootUsed(DateTimeOffset LastUsedAt, string Evidence, AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

public sealed record CloudTrailAvailabilityChanged(bool Available, string? Error, AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

/// <summary>Any other posture change (summary counts, a regenerated credential report, root credentials).</summary>
public sealed record AccountPostureChanged(AccountPosture Posture, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

public sealed record AwsAccountRemoved(string Reason, DateTimeOffset ObservedAt, Guid? SyncRunId) : IAwsAccountEvent;

/// <summary>Root posture and account summary of one AWS account, as its stream tells it.</summary>
public sealed record AwsAccount : IStreamState
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string AccountId { get; init; } = "";
    public string Partition { get; init; } = "aws";
    public AccountPosture Posture { get; init; } = new();
    public DateTimeOffset ObservedAt { get; init; }
    public Guid? SyncRunId { get; init; }
    public bool Removed { get; init; }
    public DateTimeOffset? RemovedAt { get; init; }

    public static AwsAccount Create(AwsAccountRegistered e) =>
        new() { Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition, Posture = e.Posture, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };

    public AwsAccount Apply(AwsAccountRegistered e) => this with { Removed = false, RemovedAt = null, Posture = e.Posture, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };
    public AwsAccount Apply(RootMfaEnabled e) => Observed(e.Posture, e);
    public AwsAccount Apply(RootMfaDisabled e) => Observed(e.Posture, e);
    public AwsAccount Apply(RootUsed e) => Observed(e.Posture, e);
    public AwsAccount Apply(CloudTrailAvailabilityChanged e) => Observed(e.Posture, e);
    public AwsAccount Apply(AccountPostureChanged e) => Observed(e.Posture, e);
    public AwsAccount Apply(AwsAccountRemoved e) => this with { Removed = true, RemovedAt = e.ObservedAt };

    private AwsAccount Observed(AccountPosture posture, IObservedEvent e) => this with
    {
        Posture = posture,
        ObservedAt = e.ObservedAt > ObservedAt ? e.ObservedAt : ObservedAt,
        SyncRunId = e.SyncRunId ?? SyncRunId,
    };
}
