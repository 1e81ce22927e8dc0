using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>The change log behind users/delta: change n (1-based) names the user it changed.</summary>
public sealed class GraphChangeLog
{
    private readonly List<string> changes = [];

    public long Latest
    {
        get
        {
            lock (changes)
            {
                return changes.Count;
            }
        }
    }

    public void Append(string userId)
    {
        lock (changes)
        {
            changes.Add(userId);
        }
    }

    /// <summary>The users changed after change <paramref name="after"/> up to change <paramref name="upTo"/>, each once.</summary>
    public IReadOnlyList<string> ChangedBetween(long after, long upTo)
    {
        lock (changes)
        {
            var end = (int)Math.Min(upTo, changes.Count);
            var start = (int)Math.Min(after, end);
            return [.. changes.Skip(start).Take(end - start).Distinct()];
        }
    }
}

/// <summary>GET /users/{id} and users/delta (a first round lists everyone; a delta link brings the users changed since).</summary>
public static class GraphUsersDelta
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/graph/v1.0/users/delta", Delta);
        app.MapGet("/graph/v1.0/users/{id}", User);
    }

    private static IResult User(string id, HttpRequest request, EmulatorState state)
    {
        if (GraphChangeNotifications.Denied(request, state) is { } denied)
        {
            return denied;
        }
        return GraphChangeNotifications.Find(state, id, deleted: false) is { } user
            ? Http.Json(EntraEmulation.Project(user, Select(request)))
            : GraphChangeNotifications.UserNotFound(id);
    }

    /// <summary>
    /// One round is a fixed window of the change log (after, upTo], so changes made while a client pages are not lost: they
    /// come in the next round. <c>after = -1</c> is the first round (everyone); <c>$deltatoken=latest</c> starts at "now".
    /// </summary>
    private static IResult Delta(HttpRequest request, EmulatorState state)
    {
        if (GraphChangeNotifications.Denied(request, state) is { } denied)
        {
            return denied;
        }
        var top = Http.Number(request, "$top") ?? 100;
        if (top is < 1 or > 999)
        {
            return EntraEmulation.GraphError(400, "Request_UnsupportedQuery", $"Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive.");
        }
        var latest = state.Graph.Changes.Latest;
        var deltaToken = request.Query["$deltatoken"].ToString();
        var skipToken = request.Query["$skiptoken"].ToString();
        long after, upTo;
        int offset;
        if (skipToken.Length > 0)
        {
            if (Decode(skipToken, "round:", 3) is not [var a, var u, var o] || u < Math.Max(a, 0) || u > latest || o is < 0 or > int.MaxValue)
            {
                return Resync();
            }
            (after, upTo, offset) = (a, u, (int)o);
        }
        else if (deltaToken == "latest")
        {
            (after, upTo, offset) = (latest, latest, 0);
        }
        else if (deltaToken.Length > 0)
        {
            if (Decode(deltaToken, "delta:", 1) is not [var a] || a < 0 || a > latest)
            {
                return Resync();
            }
            (after, upTo, offset) = (a, latest, 0);
        }
        else
        {
            (after, upTo, offset) = (-1, latest, 0);
        }

        var select = Select(request);
        List<JsonNode> page;
        int total;
        if (after < 0)
        {
            var users = EntraEmulation.Population(state, state.Scenario.Entra!, deleted: false);
            total = users.Count;
            page = [.. users.Skip(offset).Take(top).Select(u => EntraEmulation.Project(u, select))];
        }
        else
        {
            var changed = state.Graph.Changes.ChangedBetween(after, upTo);
            total = changed.Count;
            page = [.. changed.Skip(offset).Take(top).Select(id => Changed(state, id, select))];
        }
        var link = $"{Http.UrlWithoutQuery(request)}?" + (select.Length > 0 ? $"$select={string.Join(',', select)}&" : "");
        var body = new JsonObject
        {
            ["@odata.context"] = $"{Http.Origin(request)}/graph/v1.0/$metadata#users",
            ["value"] = new JsonArray([.. page]),
        };
        if (offset + top < total)
        {
            body["@odata.nextLink"] = $"{link}$top={top}&$skiptoken={Encode($"round:{after}:{upTo}:{offset + top}")}";
        }
        else
        {
            body["@odata.deltaLink"] = $"{link}$deltatoken={Encode($"delta:{upTo}")}";
        }
        return Http.Json(body);
    }

    /// <summary>A changed user's current state; a soft-deleted one is "changed" (it can be restored), a gone one "deleted".</summary>
    private static JsonObject Changed(EmulatorState state, string id, string[] select)
    {
        if (GraphChangeNotifications.Find(state, id, deleted: false) is { } user)
        {
            return EntraEmulation.Project(user, select);
        }
        var reason = GraphChangeNotifications.Find(state, id, deleted: true) is null ? "deleted" : "changed";
        return new JsonObject { ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = reason } };
    }

    public static string[] Select(HttpRequest request) =>
        request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Encode(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>The numbers in an opaque token the emulator issued; null when it is not one.</summary>
    private static long[]? Decode(string token, string prefix, int count)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token));
            var parts = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..].Split(':') : [];
            var numbers = parts.Select(p => long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (long?)null).ToArray();
            return numbers.Length == count && numbers.All(n => n >= -1) ? [.. numbers.Select(n => n!.Value)] : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static IResult Resync() => EntraEmulation.GraphError(410, "resyncRequired", "The delta token is not valid; start a new round without it.");
}
