using System.Security.Cryptography;
using System.Text;

namespace Thalian.IdpCollector.Realtime;

/// <summary>One vendor's side of <c>/hooks/{connectionId}</c>: its handshake and its verified deliveries.</summary>
public interface IHookReceiver
{
    /// <summary>The answer to the vendor's verification request, or null when the request is not a verified handshake.</summary>
    IResult? Handshake(HttpRequest request, string secret);

    /// <summary>The identities a delivery names, or null when the delivery is not verified. A verified but unreadable body throws <see cref="FormatException"/>.</summary>
    IReadOnlyList<HookHint>? Read(HttpRequest request, ReadOnlySpan<byte> body, string secret);
}

/// <summary>One vendor event: its own id (for de-duplication) and the account to re-read.</summary>
public sealed record HookHint(string EventId, string ExternalId, string EventType, DateTimeOffset? Published);

public static class HookSecrets
{
    public static string Create() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A hook body as JSON; one that is not JSON is a <see cref="FormatException"/> (a 400 for the vendor).</summary>
    public static System.Text.Json.JsonDocument ParseBody(ReadOnlySpan<byte> body, string what)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(body.ToArray());
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"The {what} body is not JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Constant-time, so response timing tells a forger nothing about the secret.</summary>
    public static bool Matches(string? presented, string secret) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret));
}
