using MassTransit;
using Thalian.Contracts.Findings;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Queueing;

/// <summary>
/// Every finding transition the findings service publishes, queued for the tenant's destinations. The event id is
/// the bus message id (the findings service's Marten event id), so a redelivered message is queued once.
/// </summary>
public sealed class FindingEventConsumer(FanOut fanOut) :
    IConsumer<FindingOpened>, IConsumer<FindingUpdated>, IConsumer<FindingResolved>,
    IConsumer<FindingReopened>, IConsumer<FindingSuppressed>, IConsumer<FindingUnsuppressed>
{
    public Task Consume(ConsumeContext<FindingOpened> context) =>
        Accept(context, Transitions.Opened, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion);

    public Task Consume(ConsumeContext<FindingUpdated> context) =>
        Accept(context, Transitions.Updated, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion,
            changed: context.Message.ChangedFields);

    public Task Consume(ConsumeContext<FindingResolved> context) =>
        Accept(context, Transitions.Resolved, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion, context.Message.Reason);

    public Task Consume(ConsumeContext<FindingReopened> context) =>
        Accept(context, Transitions.Reopened, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion);

    public Task Consume(ConsumeContext<FindingSuppressed> context) =>
        Accept(context, Transitions.Suppressed, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion,
            context.Message.Reason, context.Message.SuppressedBy, context.Message.ExpiresAt);

    public Task Consume(ConsumeContext<FindingUnsuppressed> context) =>
        Accept(context, Transitions.Unsuppressed, context.Message.Finding, context.Message.OccurredAt, context.Message.StreamVersion,
            context.Message.Automatic ? "expired" : "lifted", context.Message.UnsuppressedBy);

    private Task Accept(ConsumeContext context, string transition, FindingDetails finding, DateTimeOffset occurredAt, long version,
        string? reason = null, string? actor = null, DateTimeOffset? until = null, IReadOnlyList<string>? changed = null) =>
        fanOut.AcceptAsync(new DeliveryEvent
        {
            // Without a message id (a foreign publisher) the id is derived from what identifies the transition.
            EventId = context.MessageId ?? NameBasedId($"{finding.FindingId}/{version}/{transition}/{occurredAt.UtcTicks}"),
            Transition = transition,
            Finding = finding,
            Version = version,
            OccurredAt = occurredAt,
            Reason = reason,
            Actor = actor,
            SuppressedUntil = until,
            ChangedFields = changed ?? [],
        }, context.CancellationToken);

    private static Guid NameBasedId(string name) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
