using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.ManagingSettings;
using Published = Thalian.Contracts.Findings;

namespace Thalian.Findings.Publishing;

/// <summary>
/// The outbox: a Marten subscription in the async daemon that publishes committed finding and settings events to
/// RabbitMQ. Message ids are the Marten event ids, so a redelivered page is recognisable downstream (at-least-once).
/// </summary>
public sealed class FindingEventPublisher : SubscriptionBase
{
    private readonly IBus bus;
    private readonly ILogger<FindingEventPublisher> logger;

    public FindingEventPublisher(IBus bus, ILogger<FindingEventPublisher> logger)
    {
        this.bus = bus;
        this.logger = logger;
        Name = "FindingEventPublisher";
        IncludeType<FindingOpened>();
        IncludeType<FindingUpdated>();
        IncludeType<FindingResolved>();
        IncludeType<FindingReopened>();
        IncludeType<FindingSuppressed>();
        IncludeType<FindingUnsuppressed>();
        IncludeType<TenantSettingsSaved>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            if (ToContract(e) is { } message)
            {
                await PublishUntilAccepted(message, e.Id, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// The page is only marked done after every message was accepted, so a broker outage holds the subscription back
    /// (and a restart resumes it) instead of skipping events.
    /// </summary>
    private async Task PublishUntilAccepted(object message, Guid messageId, CancellationToken ct)
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
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    public static object? ToContract(IEvent e) => e.Data switch
    {
        FindingOpened x => new Published.FindingOpened(x.Finding, x.OccurredAt) { StreamVersion = e.Version },
        FindingUpdated x => new Published.FindingUpdated(x.Finding, x.ChangedFields, x.OccurredAt) { StreamVersion = e.Version },
        FindingResolved x => new Published.FindingResolved(x.Finding, x.Reason, x.OccurredAt) { StreamVersion = e.Version },
        FindingReopened x => new Published.FindingReopened(x.Finding, x.OccurredAt) { StreamVersion = e.Version },
        FindingSuppressed x => new Published.FindingSuppressed(x.Finding, x.SuppressedBy, x.Reason, x.ExpiresAt, x.OccurredAt) { StreamVersion = e.Version },
        FindingUnsuppressed x => new Published.FindingUnsuppressed(x.Finding, x.UnsuppressedBy, x.Automatic, x.OccurredAt) { StreamVersion = e.Version },
        TenantSettingsSaved x => new Published.TenantSettingsChanged
        {
            TenantId = e.TenantId,
            ChangedAt = x.OccurredAt,
            Version = x.Settings.Version,
            PersonTagKeys = x.Settings.PersonTagKeys,
            ServiceAccountTagKey = x.Settings.ServiceAccountTagKey,
            ServiceAccountPathPrefixes = x.Settings.ServiceAccountPathPrefixes,
            ServiceAccountNamePatterns = x.Settings.ServiceAccountNamePatterns,
        },
        _ => null,
    };
}
