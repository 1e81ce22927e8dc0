namespace Thalian.Delivery.Destinations.Webhook;

/// <param name="Url">The subscriber's endpoint; each event is one POST.</param>
public sealed record WebhookSettings(string? Url);
