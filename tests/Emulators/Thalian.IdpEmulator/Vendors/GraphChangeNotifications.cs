using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>A stored Graph subscription, and how often it was renewed (shown only to tests).</summary>
public sealed record GraphSubscription(JsonObject View, int Renewals);

/// <summary>Graph subscriptions and the change log behind users/delta.</summary>
public sealed class GraphState
{
    public ConcurrentDictionary<string, GraphSubscription> Subscriptions { get; } = new();
    private readonly List<string> changes = [];

    public long Append(string userId)
    {
        lock (changes)
        {
            changes.Add(userId);
            return changes.Count;
        }
    }

    /// <summary>The users changed after change <paramref name="after"/>, each once, and the newest change number.</summary>
    public (IReadOnlyList<string> Users, long Latest) ChangedAfter(long after)
    {
        lock (changes)
        {
            return ([.. changes.Skip((int)Math.Min(after, changes.Count)).Distinct()], changes.Count);
        }
    }
}

/// <summary>
/// Graph change notifications for users: subscriptions (validated by calling the hook with a validationToken, as Graph
/// does, renewed by PATCH), GET /users/{id}, users/delta, and test-control endpoints that change a user and deliver the
/// notification synchronously (or only log it, <c>?deliver=false</c>) and that send lifecycle notifications.
/// </summary>
public static class GraphChangeNotifications
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(41_760);

    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null });

    public static void Map(WebApplication app)
    {
        app.MapGet("/graph/v1.0/users/delta", Delta);
        app.MapGet("/graph/v1.0/users/{id}", User);
        app.MapPost("/graph/v1.0/subscriptions", CreateAsync);
        app.MapGet("/graph/v1.0/subscriptions", (HttpRequest r, EmulatorState s) => Denied(r, s) ?? Http.Json(new JsonObject
        {
            ["value"] = new JsonArray([.. s.Graph.Subscriptions.Values.Select(v => v.View.DeepClone())]),
        }));
        app.MapGet("/graph/v1.0/subscriptions/{id}", (string id, HttpRequest r, EmulatorState s) => Denied(r, s)
            ?? (s.Graph.Subscriptions.TryGetValue(id, out var sub) ? Http.Json(sub.View.DeepClone()) : NoSubscription(id)));
        app.MapMethods("/graph/v1.0/subscriptions/{id}", ["PATCH"], RenewAsync);
        app.MapDelete("/graph/v1.0/subscriptions/{id}", (string id, HttpRequest r, EmulatorState s) => Denied(r, s)
            ?? (s.Graph.Subscriptions.TryRemove(id, out _) ? Results.NoContent() : NoSubscription(id)));
        app.MapGet("/_emulator/entra/subscriptions", (EmulatorState s) => Http.Json(new JsonArray([.. s.Graph.Subscriptions.Values.Select(v =>
        {
            var view = v.View.DeepClone();
            view["renewals"] = v.Renewals;
            return view;
        })])));
        app.MapPost("/_emulator/entra/users/{id}/{action}", ChangeUserAsync);
        app.MapPost("/_emulator/entra/subscriptions/{id}/lifecycle/{lifecycleEvent}", LifecycleAsync);
    }

    private static IResult? Denied(HttpRequest request, EmulatorState state)
    {
        state.Count("entra");
        return state.Scenario.Entra is null || state.Bearer(request, "entra") is null
            ? EntraEmulation.GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
            : null;
    }

    private static IResult User(string id, HttpRequest request, EmulatorState state)
    {
        if (Denied(request, state) is { } denied)
        {
            return denied;
        }
        return Find(state, id) is { } user
            ? Http.Json(EntraEmulation.Project(user, Select(request)))
            : EntraEmulation.GraphError(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, EmulatorState state)
    {
        if (Denied(request, state) is { } denied)
        {
            return denied;
        }
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        if (body is null || Str(body["resource"]) != "users" || string.IsNullOrEmpty(Str(body["changeType"]))
            || !Uri.TryCreate(Str(body["notificationUrl"]), UriKind.Absolute, out var notificationUrl))
        {
            return Invalid("resource must be 'users' with a changeType and an absolute notificationUrl.");
        }
        if (Expiry(body) is not { } expires)
        {
            return Invalid($"expirationDateTime must be in the future and at most {MaxLifetime.TotalMinutes} minutes from now.");
        }
        if (Str(body["clientState"]) is { Length: > 128 })
        {
            return Invalid("clientState is longer than 128 characters.");
        }
        var lifecycleUrl = Uri.TryCreate(Str(body["lifecycleNotificationUrl"]), UriKind.Absolute, out var l) ? l : null;
        foreach (var url in new[] { notificationUrl, lifecycleUrl }.OfType<Uri>())
        {
            if (!await ValidatesAsync(url))
            {
                return EntraEmulation.GraphError(400, "ValidationError",
                    "Subscription validation request failed. Response must exactly match validationToken query parameter.");
            }
        }
        var id = Guid.NewGuid().ToString();
        var view = new JsonObject
        {
            ["@odata.context"] = $"{Http.Origin(request)}/graph/v1.0/$metadata#subscriptions/$entity",
            ["id"] = id, ["resource"] = "users", ["applicationId"] = state.Bearer(request, "entra")!.Subject, ["changeType"] = Str(body["changeType"]),
            ["clientState"] = Str(body["clientState"]), ["notificationUrl"] = notificationUrl.ToString(), ["lifecycleNotificationUrl"] = lifecycleUrl?.ToString(),
            ["expirationDateTime"] = Iso(expires), ["creatorId"] = Guid.Empty.ToString(),
        };
        state.Graph.Subscriptions[id] = new GraphSubscription(view, 0);
        return Http.Json(view.DeepClone(), 201);
    }

    private static async Task<IResult> RenewAsync(string id, HttpRequest request, EmulatorState state)
    {
        if (Denied(request, state) is { } denied)
        {
            return denied;
        }
        if (!state.Graph.Subscriptions.TryGetValue(id, out var subscription))
        {
            return NoSubscription(id);
        }
        if (await JsonNode.ParseAsync(request.Body) is not JsonObject body || Expiry(body) is not { } expires)
        {
            return Invalid($"expirationDateTime must be in the future and at most {MaxLifetime.TotalMinutes} minutes from now.");
        }
        var view = subscription.View.DeepClone().AsObject();
        view["expirationDateTime"] = Iso(expires);
        state.Graph.Subscriptions[id] = new GraphSubscription(view, subscription.Renewals + 1);
        return Http.Json(view.DeepClone());
    }

    /// <summary>users/delta: a first round lists everyone (or nobody, with <c>$deltatoken=latest</c>); a delta link brings the users changed since.</summary>
    private static IResult Delta(HttpRequest request, EmulatorState state)
    {
        if (Denied(request, state) is { } denied)
        {
            return denied;
        }
        var entra = state.Scenario.Entra!;
        var select = Select(request);
        var link = $"{Http.UrlWithoutQuery(request)}?" + (select.Length > 0 ? $"$select={string.Join(',', select)}&" : "");
        var token = request.Query["$deltatoken"].ToString();
        JsonArray value;
        long latest;
        if (token == "latest")
        {
            (value, latest) = ([], state.Graph.ChangedAfter(0).Latest);
        }
        else if (token.Length > 0)
        {
            if (Position(token) is not { } after)
            {
                return EntraEmulation.GraphError(410, "resyncRequired", "The delta token is not valid; start a new round without it.");
            }
            var (changed, now) = state.Graph.ChangedAfter(after);
            value = new JsonArray([.. changed.Select(id => (JsonNode)(Find(state, id) is { } user
                ? EntraEmulation.Project(user, select)
                : new JsonObject { ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = "changed" } }))]);
            latest = now;
        }
        else
        {
            var top = Http.Number(request, "$top") ?? 100;
            var offset = EmulatorState.Offset(request.Query["$skiptoken"]);
            var users = EntraEmulation.Population(state, entra, deleted: false);
            latest = state.Graph.ChangedAfter(0).Latest;
            var page = new JsonObject { ["value"] = Http.Slice(users, offset, top, u => EntraEmulation.Project(u, select)) };
            page[offset + top < users.Count ? "@odata.nextLink" : "@odata.deltaLink"] = offset + top < users.Count
                ? $"{link}$top={top}&$skiptoken={EmulatorState.Cursor(offset + top)}"
                : $"{link}$deltatoken={Token(latest)}";
            return Http.Json(page);
        }
        return Http.Json(new JsonObject { ["value"] = value, ["@odata.deltaLink"] = $"{link}$deltatoken={Token(latest)}" });
    }

    private static async Task<IResult> ChangeUserAsync(string id, string action, HttpRequest request, EmulatorState state)
    {
        if (Find(state, id) is not { } user || action is not ("disable" or "enable"))
        {
            return Results.NotFound();
        }
        lock (user)
        {
            user["accountEnabled"] = action == "enable";
        }
        state.Graph.Append(id);
        var deliveries = new JsonArray();
        if (request.Query["deliver"] != "false")
        {
            foreach (var (subscriptionId, subscription) in state.Graph.Subscriptions)
            {
                var body = Notification(subscription.View, new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(), ["changeType"] = "updated", ["resource"] = $"Users/{id}",
                    ["resourceData"] = new JsonObject { ["@odata.type"] = "#Microsoft.Graph.User", ["@odata.id"] = $"Users/{id}", ["id"] = id, ["organizationId"] = TenantId(state) },
                }, state);
                deliveries.Add(await DeliverAsync(subscriptionId, Str(subscription.View["notificationUrl"]), body));
            }
        }
        return Http.Json(new JsonObject { ["user"] = user.DeepClone(), ["deliveries"] = deliveries });
    }

    private static async Task<IResult> LifecycleAsync(string id, string lifecycleEvent, EmulatorState state)
    {
        if (!state.Graph.Subscriptions.TryGetValue(id, out var subscription) || lifecycleEvent is not ("reauthorizationRequired" or "missed" or "subscriptionRemoved"))
        {
            return Results.NotFound();
        }
        var body = Notification(subscription.View, new JsonObject { ["lifecycleEvent"] = lifecycleEvent }, state);
        var delivery = await DeliverAsync(id, Str(subscription.View["lifecycleNotificationUrl"]), body);
        return Http.Json(new JsonObject { ["deliveries"] = new JsonArray(delivery) });
    }

    private static string Notification(JsonObject subscription, JsonObject item, EmulatorState state)
    {
        item["subscriptionId"] = Str(subscription["id"]);
        item["subscriptionExpirationDateTime"] = Str(subscription["expirationDateTime"]);
        item["clientState"] = Str(subscription["clientState"]);
        item["tenantId"] = TenantId(state);
        return new JsonObject { ["value"] = new JsonArray(item) }.ToJsonString();
    }

    /// <summary>Graph waits 3 s for an answer and follows no redirect; the exact body is returned so tests can replay it.</summary>
    private static async Task<JsonObject> DeliverAsync(string subscriptionId, string? url, string body)
    {
        var status = 0;
        if (url is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                using var response = await Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), timeout.Token);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
        }
        return new JsonObject { ["subscriptionId"] = subscriptionId, ["url"] = url, ["status"] = status, ["body"] = body };
    }

    /// <summary>Graph's validation: POST {url}?validationToken=... and expect the decoded token back, as text, within 10 s.</summary>
    private static async Task<bool> ValidatesAsync(Uri url)
    {
        var token = $"Validation: Testing client application reachability for subscription Request-Id: {Guid.NewGuid()}";
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await Client.PostAsync($"{url}{separator}validationToken={Uri.EscapeDataString(token)}",
                new StringContent("", Encoding.UTF8, "text/plain"), timeout.Token);
            return response.StatusCode == System.Net.HttpStatusCode.OK && await response.Content.ReadAsStringAsync(timeout.Token) == token;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static JsonObject? Find(EmulatorState state, string id) =>
        state.Scenario.Entra is { } entra ? EntraEmulation.Population(state, entra, deleted: false).FirstOrDefault(u => Str(u["id"]) == id) : null;

    private static DateTimeOffset? Expiry(JsonObject body) =>
        DateTimeOffset.TryParse(Str(body["expirationDateTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at > DateTimeOffset.UtcNow && at <= DateTimeOffset.UtcNow + MaxLifetime ? at : null;

    private static string[] Select(HttpRequest request) =>
        request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Token(long position) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"delta:{position}")).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static long? Position(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '=')));
            return text.StartsWith("delta:", StringComparison.Ordinal) && long.TryParse(text[6..], CultureInfo.InvariantCulture, out var p) && p >= 0 ? p : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string TenantId(EmulatorState state) => state.Scenario.Entra?.TenantId ?? Guid.Empty.ToString();

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult Invalid(string message) => EntraEmulation.GraphError(400, "InvalidRequest", message);

    private static IResult NoSubscription(string id) => EntraEmulation.GraphError(404, "ResourceNotFound", $"The object was not found: subscription {id}.");
}
