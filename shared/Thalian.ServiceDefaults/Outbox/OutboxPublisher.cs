using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Thalian.ServiceDefaults.Outbox;

/// <summary>
/// Publishes the integration messages a service recorded with <see cref="OutboxExtensions.PublishAfterCommit"/>: a Marten
/// subscription in the async daemon, so nothing leaves before its transaction commits and nothing committed is lost
/// when the process or the broker dies. Message ids are the Marten event ids (at-least-once; consumers dedupe).
/// </summary>
public sealed class OutboxPublisher : SubscriptionBase
{
    private readonly IBus bus;
    private readonly ILogger<OutboxPublisher> logger;

    public OutboxPublisher(IBus bus, ILogger<OutboxPublisher> logger)
    {
        this.bus = bus;
        this.logger = logger;
        Name = "OutboxPublisher";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events.Where(e => OutboxExtensions.IsMessage(e.Data)))
        {
            await PublishUntilAcceptedAsync(e.Data, e.Id, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>A page only counts as done once the broker took every message: an outage holds the outbox back, never skips it.</summary>
    private async Task PublishUntilAcceptedAsync(object message, Guid messageId, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await bus.Publish(message, message.GetType(), ctx => ctx.MessageId = messageId, ct);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Publishing {MessageType} {MessageId} failed; retrying in {Delay}", message.GetType().Name, messageId, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 15));
            }
        }
    }
}
