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
public sealed class IdentityChangePublisher : SubscriptionBase
{
    private readonly IDocumentStore _store;
    private readonly IBus _bus;

    public IdentityChangePublisher(IDocumentStore store, IBus bus)
    {
        _store = store;
        _bus = bus;
        Name = "identity-change-publisher";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var tenant in page.Events.GroupBy(e => e.TenantId))
        {
            await using var session = _store.QuerySession(tenant.Key);
            var streams = tenant.GroupBy(e => e.StreamId).ToList();
            await PublishAsync<IamUser, IIamUserEvent>(session, streams, ChangeMessages.ForUser, cancellationToken);
            await PublishAsync<IamRole, IIamRoleEvent>(session, streams, ChangeMessages.ForRole, cancellationToken);
            await PublishAsync<AwsAccount, IAwsAccountEvent>(session, streams, ChangeMessages.ForAccount, cancellationToken);
            foreach (var settled in tenant.Where(e => e.Data is SyncRunSettled))
            {
                var message = ChangeMessages.ForSettled(tenant.Key, (SyncRunSettled)settled.Data);
                await _bus.Publish(message, c => c.MessageId = settled.Id, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    private async Task PublishAsync<TState, TEvent>(IQuerySession session, List<IGrouping<Guid, IEvent>> streams,
        Func<string, TState, IReadOnlyList<IEvent>, object> map, CancellationToken ct)
        where TState : class, IStreamState
    {
        var changed = streams.Where(s => s.Any(e => e.Data is TEvent)).ToDictionary(s => s.Key, s => s.Where(e => e.Data is TEvent).ToList());
        if (changed.Count == 0)
        {
            return;
        }
        var states = await session.LoadManyAsync<TState>(ct, changed.Keys);
        foreach (var state in states)
        {
            var message = map(session.TenantId, state, changed[state.Id]);
            await _bus.Publish(message, message.GetType(), c => c.MessageId = StreamIds.Of($"published/{state.Id:N}/{state.Version}"), ct);
        }
    }
}
