using System.Text;
using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>OneLogin: the v2 client-credentials token endpoint and <c>/api/2/users</c> with After-Cursor paging.</summary>
public static class OneLoginEmulation
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/onelogin/auth/oauth2/v2/token", TokenAsync);
        app.MapGet("/onelogin/api/2/users", Users);
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, EmulatorState state)
    {
        state.Count("onelogin");
        var ol = state.Scenario.OneLogin;
        var (id, secret) = await CredentialsAsync(request);
        var client = ol?.Clients.FirstOrDefault(c => c.ClientId == id && c.ClientSecret == secret);
        if (client is null)
        {
            return Http.Json(new JsonObject
            {
                ["status"] = new JsonObject { ["error"] = true, ["code"] = 401, ["type"] = "Unauthorized", ["message"] = "Authentication Failure" },
            }, 401);
        }
        // v2 hands out the same token for the same credentials until it expires.
        var existing = state.Tokens.FirstOrDefault(t => t.Value.Vendor == "onelogin" && t.Value.Subject == client.ClientId && t.Value.Expires > DateTimeOffset.UtcNow);
        var token = existing.Key ?? state.Issue("onelogin", client.ClientId, null, TimeSpan.FromHours(10));
        return Http.Json(new JsonObject
        {
            ["access_token"] = token, ["created_at"] = DateTimeOffset.UtcNow.ToString("O"), ["expires_in"] = 36000,
            ["refresh_token"] = Guid.NewGuid().ToString("N"), ["token_type"] = "bearer", ["account_id"] = 12345,
        });
    }

    private static async Task<(string? Id, string? Secret)> CredentialsAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
            return pair.Length == 2 ? (pair[0], pair[1]) : (null, null);
        }
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (form["client_id"], form["client_secret"]);
        }
        var body = await JsonNode.ParseAsync(request.Body);
        return (body?["client_id"]?.ToString(), body?["client_secret"]?.ToString());
    }

    private static IResult Users(HttpRequest request, EmulatorState state)
    {
        state.Count("onelogin");
        var ol = state.Scenario.OneLogin;
        if (ol is null || state.Bearer(request, "onelogin") is null)
        {
            return Status(401, "Unauthorized", "Authentication Failure");
        }
        var limit = Math.Min(Math.Clamp(Http.Number(request, "limit") ?? ol.PageSize ?? 50, 1, 100), ol.MaxPageSize ?? 100);
        var offset = EmulatorState.Offset(request.Query["cursor"]);
        if (offset < 0)
        {
            return Status(400, "Bad Request", "Invalid cursor");
        }
        var users = state.Population("onelogin/main", () => ol.Users.Concat(Generators.Many(ol.Generate, Generated)).ToList());
        var headers = request.HttpContext.Response.Headers;
        headers["X-RateLimit-Limit"] = "5000";
        if (state.FaultFor("onelogin", ol, "main", Http.PageNumber(offset, limit)) is { } fault)
        {
            switch (fault.Kind)
            {
                case "throttle":
                    headers["X-RateLimit-Remaining"] = "0";
                    headers["X-RateLimit-Reset"] = fault.DelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Status(429, "Too Many Requests", "Rate limit exceeded");
                case "malformed":
                    return Http.Malformed();
                case "forbidden":
                    return Status(403, "Forbidden", "Insufficient scope");
                default:
                    return Status(500, "Internal Server Error", "Something went wrong");
            }
        }
        headers["X-RateLimit-Remaining"] = "4999";
        headers["X-RateLimit-Reset"] = "3600";
        headers["Total-Count"] = users.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Page-Items"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (offset + limit < users.Count)
        {
            headers["After-Cursor"] = EmulatorState.Cursor(offset + limit);
        }
        if (offset > 0)
        {
            headers["Before-Cursor"] = EmulatorState.Cursor(Math.Max(0, offset - limit));
        }
        return Http.Json(Http.Slice(users, offset, limit));
    }

    private static JsonObject Generated(int i, bool deleted) => new()
    {
        ["id"] = 100000 + i, ["username"] = $"user{i}", ["email"] = $"user{i}@example.com", ["status"] = i % 10 == 0 ? 2 : 1, ["state"] = 1,
    };

    private static IResult Status(int code, string type, string message) => Http.Json(new JsonObject
    {
        ["statusCode"] = code, ["name"] = type, ["message"] = message,
    }, code);
}
