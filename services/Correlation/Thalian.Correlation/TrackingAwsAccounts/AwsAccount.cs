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
public sealed record AwsAccount : IIdentityAggregate<AwsAccount>
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

    /// <summary>The one fold of an AWS account stream; registering again after a removal re-opens it.</summary>
    public static AwsAccount? Next(AwsAccount? state, object e) => e switch
    {
        AwsAccountRegistered r when state is null => Start(r),
        _ when state is null => null,
        AwsAccountRegistered r => state.With(r),
        RootMfaEnabled x => state.With(x),
        RootMfaDisabled x => state.With(x),
        RootUsed x => state.With(x),
        CloudTrailAvailabilityChanged x => state.With(x),
        AccountPostureChanged x => state.With(x),
        AwsAccountRemoved x => state.With(x),
        _ => throw new ArgumentException($"Not an AWS account event: {e.GetType().Name}", nameof(e)),
    };

    public static AwsAccount? Fold(AwsAccount? state, IEnumerable<object> events) => events.Aggregate(state, Next);

    public ReadingIdentities.IdentitySummary Summary() => ReadingIdentities.IdentitySummary.From(this);

    private static AwsAccount Start(AwsAccountRegistered e) =>
        new() { Id = e.IdentityId, AccountId = e.AccountId, Partition = e.Partition, Posture = e.Posture, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };

    private AwsAccount With(AwsAccountRegistered e) => this with { Removed = false, RemovedAt = null, Posture = e.Posture, ObservedAt = e.ObservedAt, SyncRunId = e.SyncRunId };
    private AwsAccount With(RootMfaEnabled e) => Observed(e.Posture, e);
    private AwsAccount With(RootMfaDisabled e) => Observed(e.Posture, e);
    private AwsAccount With(RootUsed e) => Observed(e.Posture, e);
    private AwsAccount With(CloudTrailAvailabilityChanged e) => Observed(e.Posture, e);
    private AwsAccount With(AccountPostureChanged e) => Observed(e.Posture, e);
    private AwsAccount With(AwsAccountRemoved e) => this with { Removed = true, RemovedAt = e.ObservedAt };

    private AwsAccount Observed(AccountPosture posture, IObservedEvent e) => this with
    {
        Posture = posture,
        ObservedAt = e.ObservedAt > ObservedAt ? e.ObservedAt : ObservedAt,
        SyncRunId = e.SyncRunId ?? SyncRunId,
    };
}
