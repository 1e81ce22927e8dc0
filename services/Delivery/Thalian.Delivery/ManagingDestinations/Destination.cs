using Marten.Metadata;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>
/// One destination of a tenant (Marten document). Secrets are stored only as Data Protection ciphertext; a replaced
/// secret is kept (encrypted) until its rotation overlap ends. <see cref="SettingsVersion"/> grows with every change.
/// </summary>
public sealed class Destination : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string Type { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>The type's settings object, as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";
    public Dictionary<string, string> ProtectedSecrets { get; set; } = [];
    public Dictionary<string, RetiredSecret> RetiredSecrets { get; set; } = [];
    public DestinationFilter Filter { get; set; } = new();
    /// <summary>False = paused: events keep queueing (and do not age into dead letters) but nothing is sent.</summary>
    public bool Enabled { get; set; } = true;
    public long SettingsVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed record RetiredSecret(string Protected, DateTimeOffset ValidUntil);

/// <summary>
/// What the dispatcher knows about a destination's receiver (Marten document, same id; written only by the
/// dispatcher). A permanent failure blocks the destination at its current settings version.
/// </summary>
public sealed class DestinationHealth : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    /// <summary>Set with <see cref="DestinationStates.Failing"/> or <see cref="DestinationStates.Disabled"/>: blocked until the settings version changes.</summary>
    public long? BlockedAtSettingsVersion { get; set; }
    public string? BlockedState { get; set; }
    public string? BlockedReason { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public string? LastError { get; set; }
    public string? LastAnswer { get; set; }
    public DateTimeOffset? RetryAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public long Delivered { get; set; }
    public long FailedAttempts { get; set; }

    public bool IsBlocked(Destination d) => BlockedAtSettingsVersion == d.SettingsVersion;
}

public static class DestinationStates
{
    public const string Active = "active";
    /// <summary>Transient failures: retrying with back-off.</summary>
    public const string Retrying = "retrying";
    /// <summary>Permanent failure (credentials, TLS, refused): nothing is sent until the settings change.</summary>
    public const string Failing = "failing";
    /// <summary>The receiver answered 410 Gone: nothing is sent until the settings change.</summary>
    public const string Disabled = "disabled";
    public const string Paused = "paused";

    public static string Of(Destination d, DestinationHealth? h) =>
        !d.Enabled ? Paused
        : h is not null && h.IsBlocked(d) ? h.BlockedState ?? Failing
        : h is { ConsecutiveFailures: > 0 } ? Retrying
        : Active;
}
