namespace Thalian.Delivery.Destinations;

/// <summary>
/// What a destination made of one send. The first <see cref="Delivered"/> events of the batch were accepted; when
/// <see cref="Failure"/> is set, the rest were not and stay queued (in order).
/// </summary>
/// <param name="Answer">The receiver's answer in words ("HTTP 200", "HEC code 9: Server is busy"), for status and the test endpoint.</param>
public sealed record SendOutcome(int Delivered, DeliveryFailure? Failure, string Answer)
{
    public static SendOutcome AllDelivered(int count, string answer) => new(count, null, answer);

    public static SendOutcome Failed(int delivered, FailureKind kind, string reason, TimeSpan? retryAfter = null) =>
        new(delivered, new DeliveryFailure(kind, reason, retryAfter), reason);
}

/// <param name="Reason">In words a user can act on; never contains a secret.</param>
/// <param name="RetryAfter">The receiver's own wait (Retry-After), honoured over the back-off when longer.</param>
public sealed record DeliveryFailure(FailureKind Kind, string Reason, TimeSpan? RetryAfter = null);

public enum FailureKind
{
    /// <summary>Try again after a back-off (receiver down, 429, 503, 5xx, HEC code 9, timeouts).</summary>
    Transient,
    /// <summary>Retrying cannot help until the settings change (401/403, invalid token, TLS name mismatch, 4xx): the destination is <c>failing</c>.</summary>
    Permanent,
    /// <summary>The receiver said it is gone for good (webhook 410): the destination is <c>disabled</c> until its settings change.</summary>
    Gone,
}
