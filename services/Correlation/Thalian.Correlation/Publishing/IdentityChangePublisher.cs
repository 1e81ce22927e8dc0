using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Publishing;

/// <summary>
/// The outbox: maps committed events to integration messages, one message per changed stream and page, carrying
/// the stream's current state. At-least-once; message ids derive from stream and version so duplicates are recognisable.
/// </summary>
public sealed partial class IdentityChangePublisher : SubscriptionBase
{
    private readonly IServiceProvider _services;
    private readonly IBus _bus;

    // The store builds its subscriptions, so it is resolved on first use, not injected.
    public IdentityChangePublisher(IServiceProvider services, IBus bus)
    {
        _services = services;
        _bus = bus;
        Name = "identity-change-publisher";
        Options.BatchSize = 2000;
        // IdP account changes are not published (findings learns of them through the IAM users linked to them).
        foreach (var type in EventTypes.Implementing<IIamUserEvent>().Concat(EventTypes.Implementing<IIamRoleEvent>())
            .Concat(EventTypes.Implementing<IAwsAccountEvent>()).Concat([typeof(SyncRunSettled), typeof(SyncRunLinksReevaluated)]))
        {
            IncludeType(type);
        }
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var tenant in page.Events.GroupBy(e => e.TenantId))
        {
            await using var session = _services.GetRequiredService<IDocumentStore>().QuerySession(tenant.Key);
            var streams = tenant.GroupBy(e => e.StreamId).ToList();
            var changes = new List<(object Message, Guid Id)>();
            changes.AddRange(await ChangesAsync<IamUser, IIamUserEvent>(session, streams, ChangeMessages.ForUser, cancellationToken));
            changes.AddRange(await ChangesAsync<IamRole, IIamRoleEvent>(session, streams, ChangeMessages.ForRole, cancellationToken));
            changes.AddRange(await ChangesAsync<AwsAccount, IAwsAccountEvent>(session, streams, ChangeMessages.ForAccount, cancellationToken));
            // Publishing one message at a time would make the broker's round trip the ingest's pace; order within a page
            // does not matter (each message carries its stream's full state and version), across pages it is kept.
            await Task.WhenAll(changes.Select(c => PublishReliablyAsync(c.Message, c.Id, cancellationToken)));
            // An IdP run is announced once its links are re-evaluated, so its IamUserChanged messages go out first.
            foreach (var (settled, run) in tenant.Select(e => (e, Run: SettledRun(e.Data))).Where(s => s.Run is not null))
            {
                var message = ChangeMessages.ForSettled(tenant.Key, run!);
                if (run!.SourceKind == "idp")
                {
                    // Findings decides the IdP-gap rules only on users at least this new (its queues may deliver this first).
                    message = message with { UserVersions = await UserVersionsAsync(session, cancellationToken) };
                }
                await PublishReliablyAsync(message, settled.Id, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    private static SyncRunSettled? SettledRun(object data) => data switch
    {
        SyncRunSettled { SourceKind: not "idp" } run => run,
        SyncRunLinksReevaluated marked => marked.Run,
        _ => null,
    };

    private static async Task<Dictionary<Guid, long>> UserVersionsAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Query<IamUser>().Select(u => new { u.Id, u.Version }).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.Version);

    private static async Task<IEnumerable<(object Message, Guid Id)>> ChangesAsync<TState, TEvent>(IQuerySession session,
        List<IGrouping<Guid, IEvent>> streams, Func<string, TState, IReadOnlyList<IEvent>, object> map, CancellationToken ct)
        where TState : class, IStreamState
    {
        var changed = streams.Where(s => s.Any(e => e.Data is TEvent)).ToDictionary(s => s.Key, s => s.Where(e => e.Data is TEvent).ToList());
        if (changed.Count == 0)
        {
            return [];
        }
        var states = await session.LoadManyAsync<TState>(ct, changed.Keys);
        return states.Select(state => (map(session.TenantId, state, changed[state.Id]), StreamIds.Of($"published/{state.Id:N}/{state.Version}")));
    }

    /// <summary>
    /// Waits out a broker outage instead of failing the page: a failing subscription is paused by the daemon
    /// after a few retries, and nothing would be published again until a restart.
    /// </summary>
    private async Task PublishReliablyAsync(object message, Guid messageId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _bus.Publish(message, message.GetType(), c => c.MessageId = messageId, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PublishFailed(_services.GetRequiredService<ILogger<IdentityChangePublisher>>(), e, message.GetType().Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {MessageType} failed (attempt {Attempt}); retrying")]
    private static partial void PublishFailed(ILogger logger, Exception exception, string messageType, int attempt);
}
