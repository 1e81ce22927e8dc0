using System.Text.Json;
using System.Text.Json.Nodes;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Queueing;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>Create (POST) or replace (PUT) a destination. On PUT, secrets that are left out keep their values; <c>type</c> cannot change.</summary>
/// <param name="Type">"webhook", "ocsf-http", "splunk-hec", ... (GET /api/v1/destinations/types lists them).</param>
/// <param name="Settings">The type's settings (see the service README).</param>
/// <param name="Secrets">Write-only: stored encrypted, never returned.</param>
/// <param name="Enabled">False pauses the destination (events keep queueing). Default true.</param>
public sealed record DestinationRequest(string? Type, string? DisplayName, JsonElement? Settings, Dictionary<string, string>? Secrets,
    DestinationFilter? Filter, bool? Enabled);

/// <param name="Secrets">The names of the secrets that are set (never their values).</param>
public sealed record DestinationView(Guid Id, string Type, string DisplayName, bool Enabled, JsonElement Settings, IReadOnlyList<string> Secrets,
    DestinationFilter Filter, DestinationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="State">"active", "retrying", "failing", "disabled" or "paused".</param>
/// <param name="Reason">Why it is failing or disabled, in words.</param>
/// <param name="Backlog">Events waiting to be delivered.</param>
/// <param name="OldestPendingAgeSeconds">Age of the oldest waiting event.</param>
/// <param name="Delivered">Events delivered since the destination was created.</param>
/// <param name="FailedAttempts">Sends that failed since the destination was created.</param>
/// <param name="DeadLettered">Events in the dead-letter list (GET .../deliveries?status=failed).</param>
public sealed record DestinationStatus(string State, string? Reason, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError,
    string? LastAnswer, DateTimeOffset? NextAttemptAt, long Backlog, double? OldestPendingAgeSeconds, long Delivered, long FailedAttempts, long DeadLettered);

/// <param name="Delivered">Whether the receiver accepted the test event.</param>
/// <param name="Answer">The receiver's answer, e.g. "HTTP 200" or "HTTP 401".</param>
public sealed record TestResult(bool Delivered, string Answer, string? Reason);

public sealed record ResyncQueued(int Queued);

/// <param name="EventIds">Dead letters to replay; all of them when left out.</param>
public sealed record ReplayRequest(IReadOnlyList<Guid>? EventIds);

public sealed record ReplayResult(int Replayed);

/// <param name="SecretDescriptions">What each secret is, by name.</param>
/// <param name="SettingsSchema">The JSON schema of the type's settings object.</param>
public sealed record DestinationTypeView(string Type, IReadOnlyList<string> Secrets, IReadOnlyList<string> RequiredSecrets, int MaxBatchSize,
    IReadOnlyDictionary<string, string> SecretDescriptions, JsonNode SettingsSchema)
{
    public static DestinationTypeView Of(IDestinationType t) => new(t.Name, [.. t.Secrets.Select(s => s.Name)],
        [.. t.Secrets.Where(s => s.Required).Select(s => s.Name)], t.MaxBatchSize, t.Secrets.ToDictionary(s => s.Name, s => s.Description), t.SettingsSchema);
}

public static class DestinationViews
{
    public static DestinationView Of(Destination d, DestinationHealth? h, QueueStats stats, DateTimeOffset now)
    {
        using var settings = JsonDocument.Parse(d.SettingsJson);
        var state = DestinationStates.Of(d, h);
        return new DestinationView(d.Id, d.Type, d.DisplayName, d.Enabled, settings.RootElement.Clone(), [.. d.ProtectedSecrets.Keys.Order()], d.Filter,
            new DestinationStatus(state, state is DestinationStates.Failing or DestinationStates.Disabled ? h?.BlockedReason : null,
                h?.LastSuccessAt, h?.LastErrorAt, h?.LastError, h?.LastAnswer, state == DestinationStates.Retrying ? h?.RetryAt : null,
                stats.Backlog, stats.OldestPendingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : null,
                h?.Delivered ?? 0, h?.FailedAttempts ?? 0, stats.DeadLettered),
            d.CreatedAt, d.UpdatedAt);
    }
}
