using JasperFx.Events;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Publishing;

/// <summary>Maps a stream's state and the committed events that changed it to the integration contracts.</summary>
public static class ChangeMessages
{
    public static IamUserChanged ForUser(string tenantId, IamUser state, IReadOnlyList<IEvent> events) => new()
    {
        TenantId = tenantId,
        CorrelationId = CorrelationOf(events),
        IdentityId = state.Id,
        AccountId = state.AccountId,
        Partition = state.Partition,
        ObservedAt = ObservedAt(events),
        SyncRunId = SyncRunOf(events),
        Changes = Names(events),
        Deleted = state.Deleted,
        User = state.User,
        Match = state.Match,
        Version = state.Version,
    };

    public static IamRoleChanged ForRole(string tenantId, IamRole state, IReadOnlyList<IEvent> events) => new()
    {
        TenantId = tenantId,
        CorrelationId = CorrelationOf(events),
        IdentityId = state.Id,
        AccountId = state.AccountId,
        Partition = state.Partition,
        ObservedAt = ObservedAt(events),
        SyncRunId = SyncRunOf(events),
        Changes = Names(events),
        Deleted = state.Deleted,
        Role = state.Role,
        Version = state.Version,
    };

    public static AwsAccountChanged ForAccount(string tenantId, AwsAccount state, IReadOnlyList<IEvent> events) => new()
    {
        TenantId = tenantId,
        CorrelationId = CorrelationOf(events),
        IdentityId = state.Id,
        AccountId = state.AccountId,
        Partition = state.Partition,
        ObservedAt = ObservedAt(events),
        SyncRunId = SyncRunOf(events),
        Changes = Names(events),
        Removed = state.Removed,
        Posture = state.Posture,
        Version = state.Version,
    };

    public static IdentitiesSettled ForSettled(string tenantId, SyncRunSettled settled) => new()
    {
        TenantId = tenantId,
        CorrelationId = settled.CorrelationId,
        SourceKind = settled.SourceKind,
        SourceId = settled.SourceId,
        Provider = settled.Provider,
        SyncRunId = settled.SettledRunId,
        Complete = settled.Complete,
        Error = settled.Error,
        ObservedAt = settled.ObservedAt,
        SettledAt = settled.SettledAt,
    };

    private static IReadOnlyList<string> Names(IReadOnlyList<IEvent> events) => [.. events.Select(e => e.Data.GetType().Name).Distinct()];

    private static DateTimeOffset ObservedAt(IReadOnlyList<IEvent> events) => events.Max(e => ((IObservedEvent)e.Data).ObservedAt);

    private static Guid? SyncRunOf(IReadOnlyList<IEvent> events) => events.Select(e => ((IObservedEvent)e.Data).SyncRunId).LastOrDefault(r => r is not null);

    private static Guid CorrelationOf(IReadOnlyList<IEvent> events) =>
        Guid.TryParse(events[^1].CorrelationId, out var id) ? id : StreamIds.Of($"correlation/{events[^1].Id:N}");
}
