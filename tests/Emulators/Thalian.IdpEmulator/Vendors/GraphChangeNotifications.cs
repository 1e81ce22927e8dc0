using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>A stored Graph subscription, and how often it was renewed (shown only to tests).</summary>
public sealed record GraphSubscription(JsonObject View, int Renewals);

/// <summary>Graph subscriptions and the change log behind users/delta.</summary>
public sealed class GraphState
{
    public ConcurrentDictionary<string, GraphSubscription> Subscriptions { get; } = new();
    public GraphChangeLog Changes { get; } = new();
}

/// <summary>
/// Graph change notifications for users: subscriptions (validated by calling the hook with a validationToken, as Graph
/// does, renewed by PATCH), and test-control endpoints that change a user and deliver the notification synchronously (or
/// only log it, <c>?deliver=false</c>) and that send lifecycle notifications.
/// </summary>
public static class GraphChangeNotifications
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(41_760);

    /// <summary>Graph follows no redirect and sends no trace headers; timeouts are per request (10 s validation, 3 s delivery).</summary>
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null });

    private static readonly string[] LifecycleEvents = ["reauthorizationRequired", "missed", "subscriptionRemoved"];

    public static void Map(WebApplication app)
    {
        GraphUsersDelta.Map(app);
        app.MapPost("/graph/v1.0/subscriptions", CreateAsync);
        app.MapGet("/graph/v1.0/subscriptions", (HttpRequest r, EmulatorState s) => Denied(r, s) ?? Http.Json(new JsonObject
        {
            ["@odata.context"] = $"{Http.Origin(r)}/graph/v1.0/$metadata#subscriptions",
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

    /// <summary>The bearer check of the users listing; null when the request may go on.</summary>
    public static IResult? Denied(HttpRequest request, EmulatorState state)
    {
        state.Count("entra");
        return state.Scenario.Entra is null || state.Bearer(request, "entra") is null
            ? EntraEmulation.GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
            : null;
    }

    public static JsonObject? Find(EmulatorState state, string id, bool deleted) =>
        state.Scenario.Entra is { } entra ? EntraEmulation.Population(state, entra, deleted).FirstOrDefault(u => Str(u["id"]) == id) : null;

    public static IResult UserNotFound(string id) => EntraEmulation.GraphError(404, "Request_ResourceNotFound",
        $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static async Task<IResult> CreateAsync(HttpRequest request, EmulatorState state)
    {
        if (Denied(request, state) is { } denied)
        {
            return denied;
        }
        var body = await BodyAsync(request);
        var notificationUrl = Str(body?["notificationUrl"]);
        var lifecycleUrl = Str(body?["lifecycleNotificationUrl"]);
        if (body is null || Str(body["resource"]) != "users" || string.IsNullOrEmpty(Str(body["changeType"])))
        {
            return Invalid("resource must be 'users' and changeType must be set.");
        }
        if (!IsAbsolute(notificationUrl) || (body["lifecycleNotificationUrl"] is not null && !IsAbsolute(lifecycleUrl)))
        {
            return Invalid("notificationUrl (and lifecycleNotificationUrl, when given) must be absolute URLs.");
        }
        if (Expiry(body) is not { } expires)
        {
            return BadExpiry();
        }
        if (body["clientState"] is { } clientState && (Str(clientState) is not { } text || text.Length > 128))
        {
            return Invalid("clientState must be a string of at most 128 characters.");
        }
        foreach (var url in new[] { notificationUrl, lifecycleUrl }.OfType<string>())
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
            ["clientState"] = Str(body["clientState"]), ["notificationUrl"] = notificationUrl, ["lifecycleNotificationUrl"] = lifecycleUrl,
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
        if (await BodyAsync(request) is not { } body || Expiry(body) is not { } expires)
        {
            return BadExpiry();
        }
        var view = subscription.View.DeepClone().AsObject();
        view["expirationDateTime"] = Iso(expires);
        var renewed = state.Graph.Subscriptions.AddOrUpdate(id, new GraphSubscription(view, 1), (_, current) => new GraphSubscription(view, current.Renewals + 1));
        return Http.Json(renewed.View.DeepClone());
    }

    /// <summary>Test control: change a user, log it for users/delta and, unless <c>?deliver=false</c>, notify every subscription that asked for the change type.</summary>
    private static async Task<IResult> ChangeUserAsync(string id, string action, HttpRequest request, EmulatorState state)
    {
        if (action is not ("disable" or "enable" or "delete"))
        {
            return Invalid($"Unknown action '{action}': disable, enable or delete.");
        }
        if (state.Scenario.Entra is not { } entra || Find(state, id, deleted: false) is not { } user)
        {
            return UserNotFound(id);
        }
        if (action == "delete")
        {
            if (!EntraEmulation.SoftDelete(state, entra, user))
            {
                return UserNotFound(id);
            }
        }
        else
        {
            lock (user)
            {
                user["accountEnabled"] = action == "enable";
            }
        }
        state.Graph.Changes.Append(id);
        // A soft delete leaves /users, so Graph reports it as "deleted" (delta calls it "changed": it can be restored).
        var changeType = action == "delete" ? "deleted" : "updated";
        var deliveries = new JsonArray();
        if (request.Query["deliver"] != "false")
        {
            foreach (var (subscriptionId, subscription) in state.Graph.Subscriptions)
            {
                if (!(Str(subscription.View["changeType"]) ?? "").Split(',', StringSplitOptions.TrimEntries).Contains(changeType))
                {
                    continue;
                }
                var body = Notification(subscription.View, state, new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(),
                    ["changeType"] = changeType,
                    ["resource"] = $"Users/{id}",
                    ["resourceData"] = new JsonObject
                    {
                        ["@odata.type"] = "#Microsoft.Graph.User", ["@odata.id"] = $"Users/{id}", ["id"] = id, ["organizationId"] = TenantId(state),
                    },
                });
                deliveries.Add(await DeliverAsync(subscriptionId, Str(subscription.View["notificationUrl"])!, body));
            }
        }
        JsonNode current;
        lock (user)
        {
            current = user.DeepClone();
        }
        return Http.Json(new JsonObject { ["user"] = current, ["deliveries"] = deliveries });
    }

    private static async Task<IResult> LifecycleAsync(string id, string lifecycleEvent, EmulatorState state)
    {
        if (!LifecycleEvents.Contains(lifecycleEvent))
        {
            return Invalid($"Unknown lifecycle event '{lifecycleEvent}': {string.Join(", ", LifecycleEvents)}.");
        }
        if (!state.Graph.Subscriptions.TryGetValue(id, out var subscription))
        {
            return NoSubscription(id);
        }
        if (Str(subscription.View["lifecycleNotificationUrl"]) is not { } url)
        {
            return Invalid($"Subscription {id} has no lifecycleNotificationUrl.");
        }
        var body = Notification(subscription.View, state, new JsonObject { ["lifecycleEvent"] = lifecycleEvent });
        var delivery = await DeliverAsync(id, url, body);
        if (lifecycleEvent == "subscriptionRemoved")
        {
            state.Graph.Subscriptions.TryRemove(id, out _); // Graph has dropped it; the app must create a new one
        }
        return Http.Json(new JsonObject { ["deliveries"] = new JsonArray(delivery) });
    }

    /// <summary>The notification envelope: the item's own fields first, then what every item names about its subscription.</summary>
    private static string Notification(JsonObject subscription, EmulatorState state, JsonObject fields)
    {
        var item = new JsonObject();
        if (fields["id"] is { } id)
        {
            item["id"] = id.DeepClone();
        }
        item["subscriptionId"] = Str(subscription["id"]);
        item["subscriptionExpirationDateTime"] = Str(subscription["expirationDateTime"]);
        item["clientState"] = Str(subscription["clientState"]);
        foreach (var (name, value) in fields.Where(f => f.Key != "id"))
        {
            item[name] = value?.DeepClone();
        }
        item["tenantId"] = TenantId(state);
        return new JsonObject { ["value"] = new JsonArray(item) }.ToJsonString();
    }

    /// <summary>Graph waits 3 s for an answer; the exact body is returned so tests can replay it. Status 0: no answer.</summary>
    private static async Task<JsonObject> DeliverAsync(string subscriptionId, string url, string body)
    {
        int status;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Client.PostAsync(url, content, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }
        return new JsonObject { ["subscriptionId"] = subscriptionId, ["url"] = url, ["status"] = status, ["body"] = body };
    }

    /// <summary>Graph's validation: POST {url}?validationToken=... (empty text/plain body) and expect exactly the decoded token back, 200, within 10 s.</summary>
    private static async Task<bool> ValidatesAsync(string url)
    {
        var token = $"Validation: Testing client application reachability for subscription Request-Id: {Guid.NewGuid()}";
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var content = new StringContent("", Encoding.UTF8, "text/plain");
            using var response = await Client.PostAsync($"{url}{separator}validationToken={Uri.EscapeDataString(token)}", content, timeout.Token);
            return response.StatusCode == System.Net.HttpStatusCode.OK && await response.Content.ReadAsStringAsync(timeout.Token) == token;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<JsonObject?> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsAbsolute(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static DateTimeOffset? Expiry(JsonObject body) =>
        DateTimeOffset.TryParse(Str(body["expirationDateTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at > DateTimeOffset.UtcNow && at <= DateTimeOffset.UtcNow + MaxLifetime ? at : null;

    private static string TenantId(EmulatorState state) => state.Scenario.Entra?.TenantId is { Length: > 0 } tenant ? tenant : Guid.Empty.ToString();

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult Invalid(string message) => EntraEmulation.GraphError(400, "InvalidRequest", message);

    private static IResult BadExpiry() => EntraEmulation.GraphError(400, "ExtensionError",
        $"Subscription expiration must be in the future and at most {MaxLifetime.TotalMinutes} minutes from now.");

    private static IResult NoSubscription(string id) => EntraEmulation.GraphError(404, "ResourceNotFound", $"The object was not found: subscription {id}.");
}
