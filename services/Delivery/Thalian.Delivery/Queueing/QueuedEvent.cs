using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Queueing;

/// <summary>One row of the queue: an event on its way to one destination.</summary>
/// <param name="Resend">A resync or replay: sent even when the destination already has this version.</param>
public sealed record QueuedEvent(long Seq, DeliveryEvent Event, bool Resend, int Attempts);

public static class QueueStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Dead-lettered: older than <c>Delivery:DeadLetterAfter</c> without being delivered (the API's "failed").</summary>
    public const string Dead = "dead";
    /// <summary>Not sent because the destination already had a newer state of the finding.</summary>
    public const string Superseded = "superseded";
    /// <summary>Not for this destination (its filter): recorded, never sent, so the destination does not wait for this version.</summary>
    public const string Skipped = "skipped";
}

/// <summary>Backlog, age of the oldest pending event and dead letters of one destination.</summary>
public sealed record QueueStats(long Backlog, DateTimeOffset? OldestPendingAt, long DeadLettered);

/// <summary>One entry of the deliveries list.</summary>
public sealed record DeliveryRecord(Guid EventId, Guid FindingId, string Transition, long Version, string Status,
    DateTimeOffset EnqueuedAt, DateTimeOffset CommittedAt, int Attempts, string? LastError, DateTimeOffset? DoneAt);
