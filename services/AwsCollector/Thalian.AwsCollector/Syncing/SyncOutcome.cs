using Thalian.Contracts.Aws;

namespace Thalian.AwsCollector.Syncing;

/// <summary>What one sync run produced, before it is published.</summary>
public sealed record SyncSnapshot(
    string AccountId,
    string Partition,
    IReadOnlyList<IamUserObservation> Users,
    IReadOnlyList<IamRoleObservation> Roles,
    AccountPosture Posture,
    IReadOnlyList<string> Degradations,
    DateTimeOffset CloudTrailCheckedUntil);
