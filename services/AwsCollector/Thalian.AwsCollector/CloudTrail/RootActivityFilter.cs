using System.Text.Json;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.CloudTrail;

/// <summary>
/// CIS root-use rule: userIdentity.type == Root, no userIdentity.invokedBy, eventType != AwsServiceEvent.
/// Events that cannot be read are reported as unparseable, never dropped silently.
/// </summary>
public static class RootActivityFilter
{
    public sealed record Outcome(RootActivity? Activity, string? Unparseable);

    public static Outcome Evaluate(JsonElement lookupEvent, string region)
    {
        var eventId = Str(lookupEvent, "EventId") ?? "?";
        if (Str(lookupEvent, "CloudTrailEvent") is not { } raw)
        {
            return new(null, $"CloudTrail event {eventId} ({region}) has no CloudTrailEvent record");
        }
        try
        {
            using var document = JsonDocument.Parse(raw);
            var record = document.RootElement;
            if (!record.TryGetProperty("userIdentity", out var identity) || identity.ValueKind != JsonValueKind.Object)
            {
                return new(null, $"CloudTrail event {eventId} ({region}) has no userIdentity");
            }
            if (Str(identity, "type") != "Root" || identity.TryGetProperty("invokedBy", out _) || Str(record, "eventType") == "AwsServiceEvent")
            {
                return new(null, null);
            }
            var time = Str(record, "eventTime") is { } t && AwsTime.TryParse(t, out var parsed) ? parsed : EventTime(lookupEvent);
            if (time is null)
            {
                return new(null, $"CloudTrail event {eventId} ({region}) has no readable event time");
            }
            bool? mfa = record.TryGetProperty("additionalEventData", out var extra) && extra.ValueKind == JsonValueKind.Object && Str(extra, "MFAUsed") is { } m
                ? m.Equals("Yes", StringComparison.OrdinalIgnoreCase)
                : null;
            return new(new RootActivity(time.Value, Str(record, "eventName") ?? Str(lookupEvent, "EventName") ?? "?",
                Str(record, "awsRegion") ?? region, Str(record, "sourceIPAddress"), mfa, eventId) { EventType = Str(record, "eventType") }, null);
        }
        catch (JsonException e)
        {
            return new(null, $"CloudTrail event {eventId} ({region}) is not valid JSON: {e.Message}");
        }
    }

    private static DateTimeOffset? EventTime(JsonElement lookupEvent) =>
        lookupEvent.TryGetProperty("EventTime", out var t) && t.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(t.GetDouble() * 1000))
            : null;

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
