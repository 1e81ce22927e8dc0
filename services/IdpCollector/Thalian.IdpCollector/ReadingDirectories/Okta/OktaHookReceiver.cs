using System.Text.Json;
using Thalian.IdpCollector.Realtime;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>
/// Okta event hooks: the one-time verification <c>GET</c> (echo <c>X-Okta-Verification-Challenge</c>) and deliveries, both
/// carrying the shared secret in <c>Authorization</c>. Each System Log event names its user in <c>target[]</c>.
/// </summary>
public sealed class OktaHookReceiver : IHookReceiver
{
    public IResult? Handshake(HttpRequest request, string secret)
    {
        var challenge = request.Headers["X-Okta-Verification-Challenge"].ToString();
        return challenge.Length is > 0 and <= 512 && HookSecrets.Matches(request.Headers.Authorization, secret)
            ? Results.Json(new HookEndpoints.HandshakeAnswer(challenge))
            : null;
    }

    public IReadOnlyList<HookHint>? Read(HttpRequest request, ReadOnlySpan<byte> body, string secret)
    {
        if (!HookSecrets.Matches(request.Headers.Authorization, secret))
        {
            return null;
        }
        using (var json = HookSecrets.ParseBody(body, "Okta event hook"))
        {
            if (json.RootElement.Get("data", "events") is not { ValueKind: JsonValueKind.Array } events)
            {
                throw new FormatException("The Okta event hook body has no data.events array.");
            }
            return Hints(events);
        }
    }

    /// <summary>The users named by an array of System Log events (a hook's <c>data.events</c> or a System Log page).</summary>
    public static IReadOnlyList<HookHint> Hints(JsonElement events)
    {
        var hints = new List<HookHint>();
        foreach (var e in events.EnumerateArray())
        {
            var (uuid, type) = (e.Str("uuid"), e.Str("eventType"));
            if (uuid is null || type is null || !OktaClient.HookEvents.Contains(type) || e.Get("target") is not { ValueKind: JsonValueKind.Array } targets)
            {
                continue;
            }
            hints.AddRange(targets.EnumerateArray().Where(t => t.Str("type") == "User" && t.Str("id") is not null)
                .Select(t => new HookHint(uuid, t.Str("id")!, type, e.Time("published"))));
        }
        return hints;
    }
}
