using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>
/// Okta Event Hooks (register, verify, deactivate, delete), GET /users/{id}, the System Log (/logs polling) and a
/// test-control endpoint that changes a user's status, logs it and delivers it synchronously to the verified hooks.
/// </summary>
public static class OktaEventHooks
{
    /// <summary>The one filter form emulated: <c>eventType sw "prefix"</c>.</summary>
    private static readonly System.Text.RegularExpressions.Regex PrefixFilter = new("^eventType sw \"([a-z._]+)\"$");

    /// <summary>Okta waits 3 s for a hook, does not follow redirects and sends no trace headers.</summary>
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    private static readonly Dictionary<string, (string Status, string Message)> UserActions = new()
    {
        ["deactivate"] = ("DEPROVISIONED", "Deactivate Okta user"),
        ["suspend"] = ("SUSPENDED", "Suspend Okta user"),
        ["unsuspend"] = ("ACTIVE", "Unsuspend Okta user"),
        ["activate"] = ("ACTIVE", "Activate Okta user"),
        ["reactivate"] = ("ACTIVE", "Reactivate Okta user"),
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/okta/api/v1/users/{id}", UserAsync);
        app.MapGet("/okta/api/v1/logs", LogsAsync);
        app.MapPost("/okta/api/v1/eventHooks", CreateAsync);
        app.MapGet("/okta/api/v1/eventHooks", ListAsync);
        app.MapGet("/okta/api/v1/eventHooks/{id}", GetAsync);
        app.MapPost("/okta/api/v1/eventHooks/{id}/lifecycle/{action}", HookLifecycleAsync);
        app.MapDelete("/okta/api/v1/eventHooks/{id}", DeleteAsync);
        app.MapPost("/_emulator/okta/users/{id}/lifecycle/{action}", UserLifecycleAsync);
    }

    private static async Task<IResult?> DenyAsync(HttpRequest request, EmulatorState state)
    {
        state.Count("okta");
        var okta = state.Scenario.Okta;
        return okta is not null && await OktaEmulation.AuthorisedAsync(request, state, okta)
            ? null
            : OktaEmulation.Error(401, "E0000011", "Invalid token provided");
    }

    private static async Task<IResult> UserAsync(string id, HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        var user = OktaEmulation.OktaUsers(state.Scenario.Okta!).FirstOrDefault(u => u["id"]?.ToString() == id);
        return user is null ? NotFound(id, "User") : Http.Json(user.DeepClone());
    }

    private static async Task<IResult> LogsAsync(HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        var filter = request.Query["filter"].ToString();
        var prefix = PrefixFilter.Match(filter) is { Success: true } m ? m.Groups[1].Value : "";
        if (filter.Length > 0 && prefix.Length == 0)
        {
            return OktaEmulation.Error(400, "E0000031", "Invalid search criteria.");
        }
        var sortOrder = request.Query["sortOrder"].ToString();
        if (sortOrder.Length > 0 && sortOrder != "ASCENDING")
        {
            return OktaEmulation.Error(400, "E0000001", "Api validation failed: sortOrder (the emulator serves ASCENDING only)");
        }
        var log = state.OktaLog();
        var start = 0;
        if (request.Query.ContainsKey("after"))
        {
            start = EmulatorState.Offset(request.Query["after"]);
            if (start < 0)
            {
                return OktaEmulation.Error(400, "E0000001", "Api validation failed: after");
            }
        }
        else if (request.Query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return OktaEmulation.Error(400, "E0000001", "Api validation failed: since");
            }
            start = log.TakeWhile(e => DateTimeOffset.Parse(e["published"]!.ToString(), CultureInfo.InvariantCulture) <= since).Count();
        }
        var limit = Math.Clamp(Http.Number(request, "limit") ?? 100, 1, 1000);
        var page = new JsonArray();
        var position = Math.Min(start, log.Count);
        for (var i = position; i < log.Count && page.Count < limit; i++)
        {
            if (filter.Length == 0 || log[i]["eventType"]!.ToString().StartsWith(prefix, StringComparison.Ordinal))
            {
                page.Add(log[i].DeepClone());
                position = i + 1;
            }
        }
        var url = Http.UrlWithoutQuery(request);
        var next = $"{url}?limit={limit}&sortOrder=ASCENDING&after={EmulatorState.Cursor(position)}"
            + (filter.Length > 0 ? $"&filter={Uri.EscapeDataString(filter)}" : "");
        var headers = request.HttpContext.Response.Headers;
        headers.Append("Link", $"<{url}{request.QueryString}>; rel=\"self\"");
        headers.Append("Link", $"<{next}>; rel=\"next\"");
        return Http.Json(page);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        var events = body?["events"] as JsonObject;
        var channel = body?["channel"] as JsonObject;
        var config = channel?["config"] as JsonObject;
        var uri = Str(config?["uri"]);
        var items = events?["items"] as JsonArray;
        var headers = config?["headers"] ?? new JsonArray();
        var auth = config?["authScheme"] as JsonObject;
        if (body is null || Str(body["name"]) is not { Length: > 0 } name)
        {
            return OktaEmulation.Error(400, "E0000001", "Api validation failed: name");
        }
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return OktaEmulation.Error(400, "E0000001", "Api validation failed: channel.config.uri");
        }
        if (items is null || items.Count == 0 || items.Any(i => Str(i) is null))
        {
            return OktaEmulation.Error(400, "E0000001", "Api validation failed: events.items");
        }
        if (headers is not JsonArray headerList || headerList.Any(h => h is not JsonObject o || Str(o["key"]) is null))
        {
            return OktaEmulation.Error(400, "E0000001", "Api validation failed: channel.config.headers");
        }
        var now = Now();
        var id = "who" + Guid.NewGuid().ToString("N")[..17];
        var view = new JsonObject
        {
            ["id"] = id, ["status"] = "ACTIVE", ["verificationStatus"] = "UNVERIFIED", ["name"] = name,
            ["events"] = new JsonObject { ["type"] = Str(events!["type"]) ?? "EVENT_TYPE", ["items"] = items.DeepClone() },
            ["channel"] = new JsonObject
            {
                ["type"] = Str(channel!["type"]) ?? "HTTP", ["version"] = Str(channel["version"]) ?? "1.0.0",
                ["config"] = new JsonObject
                {
                    ["uri"] = uri, ["headers"] = headerList.DeepClone(),
                    ["authScheme"] = auth is null ? null : new JsonObject { ["type"] = Str(auth["type"]) ?? "HEADER", ["key"] = Str(auth["key"]) ?? "Authorization" },
                },
            },
            ["created"] = now, ["lastUpdated"] = now,
        };
        var hook = new OktaHook(view, auth is null ? null : Str(auth["value"]));
        state.OktaHooks[id] = hook;
        return HookResult(hook);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        var array = new JsonArray();
        foreach (var hook in state.OktaHooks.Values.OrderBy(h => h.View["created"]?.ToString(), StringComparer.Ordinal))
        {
            lock (hook.View)
            {
                array.Add(hook.View.DeepClone());
            }
        }
        return Http.Json(array);
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        return state.OktaHooks.TryGetValue(id, out var hook) ? HookResult(hook) : NotFound(id, "EventHook");
    }

    private static async Task<IResult> HookLifecycleAsync(string id, string action, HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        if (!state.OktaHooks.TryGetValue(id, out var hook))
        {
            return NotFound(id, "EventHook");
        }
        switch (action)
        {
            case "activate":
            case "deactivate":
                Update(hook, "status", action == "activate" ? "ACTIVE" : "INACTIVE");
                return HookResult(hook);
            case "verify":
                if (!await VerifyAsync(hook))
                {
                    return OktaEmulation.Error(400, "E0000001", "Api validation failed: Verification failed");
                }
                Update(hook, "verificationStatus", "VERIFIED");
                return HookResult(hook);
            default:
                return NotFound(action, "Lifecycle");
        }
    }

    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, EmulatorState state)
    {
        if (await DenyAsync(request, state) is { } denied)
        {
            return denied;
        }
        if (!state.OktaHooks.TryGetValue(id, out var hook))
        {
            return NotFound(id, "EventHook");
        }
        if (Field(hook, "status") != "INACTIVE")
        {
            return OktaEmulation.Error(403, "E0000006", "You do not have permission to perform the requested action: deactivate the event hook first");
        }
        state.OktaHooks.TryRemove(id, out _);
        return Results.NoContent();
    }

    /// <summary>Test control: change a user's status, log it as Okta would, and deliver it to every subscribed verified hook.</summary>
    private static async Task<IResult> UserLifecycleAsync(string id, string action, HttpRequest request, EmulatorState state)
    {
        if (!UserActions.TryGetValue(action, out var change))
        {
            return OktaEmulation.Error(400, "E0000001", $"Api validation failed: unknown lifecycle action {action}");
        }
        var now = Now();
        if (state.SetOktaUserStatus(id, change.Status, now) is not { } user)
        {
            return NotFound(id, "User");
        }
        var eventType = $"user.lifecycle.{action}";
        var logEvent = new JsonObject
        {
            ["uuid"] = Guid.NewGuid().ToString(), ["published"] = now, ["eventType"] = eventType, ["displayMessage"] = change.Message, ["severity"] = "INFO",
            ["actor"] = new JsonObject { ["id"] = "00uadmin", ["type"] = "User", ["alternateId"] = "admin@example.com", ["displayName"] = "Admin" },
            ["target"] = new JsonArray(new JsonObject
            {
                ["id"] = id, ["type"] = "User", ["alternateId"] = user["profile"]?["login"]?.ToString(),
                ["displayName"] = $"{user["profile"]?["firstName"]} {user["profile"]?["lastName"]}".Trim(),
            }),
            ["outcome"] = new JsonObject { ["result"] = "SUCCESS" },
        };
        state.AppendOktaLog(logEvent);
        var deliveries = new JsonArray();
        foreach (var (hookId, hook) in state.OktaHooks.OrderBy(h => h.Value.View["created"]?.ToString(), StringComparer.Ordinal))
        {
            bool subscribed;
            lock (hook.View)
            {
                subscribed = hook.View["events"]?["items"] is JsonArray items && items.Any(i => i?.ToString() == eventType);
            }
            if (!subscribed || Field(hook, "status") != "ACTIVE" || Field(hook, "verificationStatus") != "VERIFIED")
            {
                continue;
            }
            var body = new JsonObject
            {
                ["eventType"] = "com.okta.event_hook", ["eventTypeVersion"] = "1.0", ["cloudEventsVersion"] = "0.1",
                ["source"] = $"{Http.Origin(request)}/okta/api/v1/eventHooks/{hookId}", ["eventId"] = Guid.NewGuid().ToString(),
                ["eventTime"] = now, ["contentType"] = "application/json",
                ["data"] = new JsonObject { ["events"] = new JsonArray(logEvent.DeepClone()) },
            }.ToJsonString();
            var status = await SendAsync(hook, HttpMethod.Post, body, null);
            var attempts = 1;
            if (status == 0 || status >= 500)
            {
                status = await SendAsync(hook, HttpMethod.Post, body, null); // Okta retries once, never on 4xx
                attempts = 2;
            }
            deliveries.Add(new JsonObject { ["hookId"] = hookId, ["status"] = status, ["attempts"] = attempts, ["body"] = body,
                // What a network observer captured, so a test can replay the delivery exactly.
                ["authorization"] = hook.Secret });
        }
        return Http.Json(new JsonObject { ["event"] = logEvent.DeepClone(), ["deliveries"] = deliveries });
    }

    /// <summary>Okta's one-time verification: GET the hook with a challenge; the hook must echo it as {"verification": ...}.</summary>
    private static async Task<bool> VerifyAsync(OktaHook hook)
    {
        var challenge = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        string? echoed = null;
        await SendAsync(hook, HttpMethod.Get, null, challenge, async response =>
        {
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                try
                {
                    echoed = Str(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["verification"]);
                }
                catch (JsonException)
                {
                    echoed = null;
                }
            }
        });
        return echoed == challenge;
    }

    /// <summary>One request to the hook's URI with its secret and extra headers; the HTTP status, or 0 when it could not be had (timeout, refused).</summary>
    private static async Task<int> SendAsync(OktaHook hook, HttpMethod method, string? body, string? challenge, Func<HttpResponseMessage, Task>? read = null)
    {
        using var message = new HttpRequestMessage(method, Field(hook, "channel", "config", "uri"));
        lock (hook.View)
        {
            foreach (var header in hook.View["channel"]?["config"]?["headers"] as JsonArray ?? [])
            {
                if (Str(header?["key"]) is { Length: > 0 } key)
                {
                    message.Headers.TryAddWithoutValidation(key, Str(header?["value"]) ?? "");
                }
            }
        }
        if (hook.Secret is not null)
        {
            message.Headers.TryAddWithoutValidation(Field(hook, "channel", "config", "authScheme", "key") ?? "Authorization", hook.Secret);
        }
        if (challenge is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Okta-Verification-Challenge", challenge);
        }
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        try
        {
            using var response = await Client.SendAsync(message);
            if (read is not null)
            {
                await read(response);
            }
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private static void Update(OktaHook hook, string field, string value)
    {
        lock (hook.View)
        {
            hook.View[field] = value;
            hook.View["lastUpdated"] = Now();
        }
    }

    private static string? Field(OktaHook hook, params string[] path)
    {
        lock (hook.View)
        {
            JsonNode? node = hook.View;
            foreach (var name in path)
            {
                node = node?[name];
            }
            return Str(node);
        }
    }

    private static IResult HookResult(OktaHook hook)
    {
        lock (hook.View)
        {
            return Http.Json(hook.View.DeepClone());
        }
    }

    private static IResult NotFound(string id, string kind) => OktaEmulation.Error(404, "E0000007", $"Not found: Resource not found: {id} ({kind})");

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
