using Marten.Metadata;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// A connection's push hook (Marten document, tenant-scoped, id = the connection's). Kept apart from the connection so
/// hook traffic never races a sync's updates of it. The secret is stored only encrypted.
/// </summary>
public sealed class RealtimeSubscription : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string Provider { get; set; } = "";
    public string HookUrl { get; set; } = "";
    /// <summary>The hook's shared secret, encrypted with ISecretProtector.</summary>
    public string ProtectedSecret { get; set; } = "";
    public string? VendorHookId { get; set; }
    /// <summary>When the vendor drops the hook unless it is renewed (Graph subscriptions); null for hooks that never expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public string Status { get; set; } = RealtimeStatus.Registering;
    public string? LastError { get; set; }
    public DateTimeOffset EnabledAt { get; set; }

    /// <summary>The advisory lock every writer of a subscription holds (enable, disable, renewal), so none overwrites another's secret or hook id.</summary>
    public static string LockFor(string tenantId, Guid connectionId) => $"hook/{tenantId}/{connectionId}";
}

public static class RealtimeStatus
{
    /// <summary>Saved before the vendor is asked, so the vendor's verification call finds the secret.</summary>
    public const string Registering = "registering";
    public const string Active = "active";
    public const string Failed = "failed";
}

/// <summary>A vendor event already acted on (id = connection/event id): a redelivered or replayed event changes nothing.</summary>
public sealed class ReceivedHookEvent : ITenanted
{
    public string Id { get; set; } = "";
    public string? TenantId { get; set; }
    public Guid ConnectionId { get; set; }
    public string EventType { get; set; } = "";
    /// <summary>"hook" or "feed": which path saw it first.</summary>
    public string Source { get; set; } = "";
    public IReadOnlyList<string> ExternalIds { get; set; } = [];
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    public static string IdFor(Guid connectionId, string eventId) => $"{connectionId:N}/{eventId}";
}

/// <summary>Where a connection's change feed continues (id = the connection's): kept apart so polls never race the subscription.</summary>
public sealed class ChangeFeedCursor : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string? Position { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>Real time as the API shows it: no secret. <c>FeedCheckedAt</c> is how far the catch-up feed has read (its lag is now minus that).</summary>
public sealed record RealtimeView(string Status, string HookUrl, string? VendorHookId, DateTimeOffset EnabledAt, DateTimeOffset? ExpiresAt, string? LastError,
    int EventsReceived, DateTimeOffset? LastEventAt, DateTimeOffset? FeedCheckedAt, string? FeedError);
