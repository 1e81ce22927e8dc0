using System.Text.Json;

namespace Thalian.Delivery.Destinations.SplunkHec;

/// <summary>HEC's answer body <c>{"text": ..., "code": N, "ackId": N}</c> and what each code means for the queue.</summary>
public sealed record HecAnswer(string? Text, int? Code, long? AckId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HecAnswer Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<HecAnswer>(body, Json) ?? new HecAnswer(null, null, null);
        }
        catch (JsonException)
        {
            return new HecAnswer(body.Length > 200 ? body[..200] : body, null, null);
        }
    }

    public string Words => Code is { } c ? $"HEC code {c}: {Text}" : $"HEC answer: {Text}";

    /// <summary>Null when the code is success (0); else the failure. Code 9 (busy) is transient; token, index, channel and data codes are permanent.</summary>
    public DeliveryFailure? Failure(int httpStatus, TimeSpan? retryAfter) => Code switch
    {
        0 => null,
        9 => new DeliveryFailure(FailureKind.Transient, $"Splunk is busy ({Words}).", retryAfter),
        1 or 2 or 3 or 4 => new DeliveryFailure(FailureKind.Permanent, $"Splunk rejected the token ({Words}); set a valid, enabled HEC token."),
        7 => new DeliveryFailure(FailureKind.Permanent, $"Splunk refused the index ({Words}); set an index the token may write to, or none."),
        10 or 11 => new DeliveryFailure(FailureKind.Permanent, $"This HEC token requires indexer acknowledgement ({Words}); turn on useAck."),
        14 => new DeliveryFailure(FailureKind.Permanent, $"Indexer acknowledgement is disabled for this token ({Words}); turn off useAck."),
        8 => new DeliveryFailure(FailureKind.Transient, $"Splunk had an internal error ({Words})."),
        null when httpStatus is >= 200 and < 300 => null,
        null when httpStatus is 429 or >= 500 => new DeliveryFailure(FailureKind.Transient, $"Splunk is unavailable (HTTP {httpStatus}).", retryAfter),
        null when httpStatus is 401 or 403 => new DeliveryFailure(FailureKind.Permanent, $"Splunk rejected the token (HTTP {httpStatus})."),
        _ => new DeliveryFailure(FailureKind.Permanent, $"Splunk refused the events (HTTP {httpStatus}, {Words})."),
    };
}
