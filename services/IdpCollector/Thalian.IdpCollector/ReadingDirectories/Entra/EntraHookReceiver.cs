using System.Security.Cryptography;
using System.Text.Json;
using Thalian.IdpCollector.Realtime;

namespace Thalian.IdpCollector.ReadingDirectories.Entra;

/// <summary>
/// Graph change notifications: the validation handshake (echo <c>validationToken</c> as text/plain; Graph sends no secret
/// with it) and notifications, every one of which must carry the subscription's <c>clientState</c>. Lifecycle
/// notifications are accepted and name nobody: renewal runs on its own schedule and the delta feed covers "missed".
/// </summary>
public sealed class EntraHookReceiver : IHookReceiver
{
    private const int MaxValidationToken = 1024;

    public IResult? Handshake(HttpRequest request, string secret) =>
        request.Query["validationToken"].ToString() is { Length: > 0 and <= MaxValidationToken } token
            ? Results.Text(token, "text/plain", statusCode: StatusCodes.Status200OK)
            : null;

    public IReadOnlyList<HookHint>? Read(HttpRequest request, ReadOnlySpan<byte> body, string secret)
    {
        using (var json = HookSecrets.ParseBody(body, "Graph notification"))
        {
            if (json.RootElement.Get("value") is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
            {
                throw new FormatException("The Graph notification body has no value array.");
            }
            // One item without the secret makes the whole delivery unverified: nothing of it is acted on.
            if (items.EnumerateArray().Any(i => !HookSecrets.Matches(i.Str("clientState"), secret)))
            {
                return null;
            }
            return [.. items.EnumerateArray().Where(i => i.Str("changeType") is not null).Select(Hint).OfType<HookHint>()];
        }
    }

    private static HookHint? Hint(JsonElement item)
    {
        var id = item.Str("resourceData", "id") ?? item.Str("resource")?.Split('/').LastOrDefault();
        if (id is null || !Guid.TryParse(id, out _))
        {
            return null;
        }
        // Graph's notification id is optional; without one the item itself identifies the delivery (a replay is then a duplicate).
        var eventId = item.Str("id") ?? Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(item.GetRawText())))[..32];
        return new HookHint(eventId, id, $"graph.{item.Str("changeType")}", Published: null);
    }
}
