using System.Globalization;
using System.Text.Json;

namespace Thalian.HecEmulator;

/// <summary>One event as Splunk would index it: the metadata HEC applies plus the event payload as sent.</summary>
public sealed record IndexedEvent(
    string Index, DateTimeOffset? Time, string? Host, string? Source, string? Sourcetype,
    IReadOnlyDictionary<string, JsonElement> Fields, JsonElement Event, string? Channel, DateTimeOffset ReceivedAt);

/// <summary>
/// Parses a HEC /event body: JSON event objects concatenated (optionally whitespace-separated), each needing a
/// non-blank <c>event</c>; <c>time</c> in epoch seconds (decimals allowed, a number or a numeric string).
/// </summary>
public static class HecEvents
{
    /// <summary>Parses the events before the first bad one and says which one was bad (HEC indexes the ones before it).</summary>
    public static (IReadOnlyList<IndexedEvent> Events, HecReply? Error) Parse(byte[] body, HecSettings settings, string? channel, DateTimeOffset now)
    {
        var events = new List<IndexedEvent>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        while (true)
        {
            JsonElement element;
            try
            {
                if (!reader.Read())
                {
                    break;
                }
                element = JsonElement.ParseValue(ref reader);
            }
            catch (JsonException)
            {
                return (events, HecReply.InvalidDataFormat with { InvalidEventNumber = events.Count });
            }
            var (indexed, error) = Validate(element, settings, channel, now);
            if (error is not null)
            {
                return (events, error with { InvalidEventNumber = events.Count });
            }
            events.Add(indexed!);
        }
        return events.Count == 0 ? (events, HecReply.NoData) : (events, null);
    }

    private static (IndexedEvent?, HecReply?) Validate(JsonElement element, HecSettings settings, string? channel, DateTimeOffset now)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, HecReply.InvalidDataFormat);
        }
        if (!element.TryGetProperty("event", out var payload))
        {
            return (null, HecReply.EventRequired);
        }
        if (payload.ValueKind == JsonValueKind.Null || payload.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(payload.GetString()))
        {
            return (null, HecReply.EventBlank);
        }
        if (!TryString(element, "host", out var host) || !TryString(element, "source", out var source)
            || !TryString(element, "sourcetype", out var sourcetype) || !TryString(element, "index", out var index)
            || !TryTime(element, out var time) || !TryFields(element, out var fields))
        {
            return (null, HecReply.InvalidDataFormat);
        }
        if (index is not null && !settings.Indexes.Contains(index, StringComparer.Ordinal))
        {
            return (null, HecReply.IncorrectIndex);
        }
        return (new IndexedEvent(index ?? settings.Indexes[0], time, host, source, sourcetype, fields, payload.Clone(), channel, now), null);
    }

    private static bool TryString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property))
        {
            return true;
        }
        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is not null;
    }

    /// <summary>Epoch seconds; a value too large for seconds (a sender using milliseconds) is not a time HEC can index.</summary>
    private static bool TryTime(JsonElement element, out DateTimeOffset? time)
    {
        time = null;
        if (!element.TryGetProperty("time", out var property))
        {
            return true;
        }
        var seconds = 0m;
        var parsed = property.ValueKind == JsonValueKind.Number ? property.TryGetDecimal(out seconds)
            : property.ValueKind == JsonValueKind.String && decimal.TryParse(property.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);
        const decimal maxSeconds = 253402300799m; // 9999-12-31T23:59:59Z
        if (!parsed || seconds < 0 || seconds > maxSeconds)
        {
            return false;
        }
        time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Indexed fields must be a flat object: string (or number) values or arrays of them, no nesting.</summary>
    private static bool TryFields(JsonElement element, out IReadOnlyDictionary<string, JsonElement> fields)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        fields = found;
        if (!element.TryGetProperty("fields", out var property))
        {
            return true;
        }
        if (property.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        foreach (var field in property.EnumerateObject())
        {
            var flat = field.Value.ValueKind switch
            {
                JsonValueKind.Object => false,
                JsonValueKind.Array => field.Value.EnumerateArray().All(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)),
                _ => true,
            };
            if (!flat)
            {
                return false;
            }
            found[field.Name] = field.Value.Clone();
        }
        return true;
    }
}
