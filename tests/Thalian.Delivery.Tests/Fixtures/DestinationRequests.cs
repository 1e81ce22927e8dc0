namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>Destination requests as an API caller writes them.</summary>
public static class DestinationRequests
{
    public static object Webhook(WebhookReceiver receiver, string secret, object? filter = null, string name = "Automation hooks") => new
    {
        type = "webhook",
        displayName = name,
        settings = new { url = receiver.Url },
        secrets = new Dictionary<string, string> { ["signingSecret"] = secret },
        filter,
    };

    public static object Ocsf(OcsfCollector collector, string token, object? filter = null) => new
    {
        type = "ocsf-http",
        displayName = "Security lake",
        settings = new { url = collector.Url },
        secrets = new Dictionary<string, string> { ["token"] = token },
        filter,
    };

    public static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];
}
