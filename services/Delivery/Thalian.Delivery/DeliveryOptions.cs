namespace Thalian.Delivery;

/// <summary>The <c>Delivery</c> configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>A pending event older than this moves to the dead-letter list (listed and replayable, never dropped).</summary>
    public TimeSpan DeadLetterAfter { get; set; } = TimeSpan.FromHours(24);
    /// <summary>First retry delay of a destination; doubles per consecutive failure, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long one request to a receiver may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>How often the dispatcher looks for due work when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How long a replaced secret stays valid beside the new one (webhook signatures carry both).</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Delivered events are kept this long for the deliveries list, then removed.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(3);
    /// <summary>
    /// How long a finding's event waits for an earlier version the service has not received at all (a message lost or
    /// parked on the bus) before it is sent anyway. Versions a destination skipped, dead-lettered or predates never make it wait.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Plain-http receiver URLs (tests and demos only).</summary>
    public bool AllowInsecureHttp { get; set; }
    /// <summary>Destinations sent to at the same time, across all tenants (a slow receiver holds one slot only).</summary>
    public int MaxParallelSends { get; set; } = 8;
    public int MaxDestinationsPerTenant { get; set; } = 25;
}
