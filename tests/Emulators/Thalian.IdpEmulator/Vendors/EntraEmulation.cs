using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>Entra: the v2.0 token endpoint (client secret or certificate assertion) and Graph users / deleted users.</summary>
public static class EntraEmulation
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpRequest request) => Http.Json(new JsonObject
        {
            ["token_endpoint"] = $"{Http.Origin(request)}/{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{Http.Origin(request)}/{tenant}/oauth2/v2.0/authorize",
            ["issuer"] = $"{Http.Origin(request)}/{tenant}/v2.0",
        }));
        app.MapGet("/graph/v1.0/users", (HttpRequest r, EmulatorState s) => Users(r, s, false));
        // Graph accepts the cast segment in its long and short forms; the .NET SDK uses the short one.
        app.MapGet("/graph/v1.0/directory/deletedItems/microsoft.graph.user", (HttpRequest r, EmulatorState s) => Users(r, s, true));
        app.MapGet("/graph/v1.0/directory/deletedItems/graph.user", (HttpRequest r, EmulatorState s) => Users(r, s, true));
    }

    private static async Task<IResult> TokenAsync(string tenant, HttpRequest request, EmulatorState state)
    {
        state.Count("entra");
        var entra = state.Scenario.Entra;
        if (entra is null || !string.Equals(tenant, entra.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return OAuthError("invalid_tenant", $"AADSTS90002: Tenant '{tenant}' not found.", 400);
        }
        if (!request.HasFormContentType)
        {
            return OAuthError("invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.", 400);
        }
        var form = await request.ReadFormAsync();
        var client = entra.Clients.FirstOrDefault(c => c.ClientId == form["client_id"]);
        if (form["grant_type"] != "client_credentials" || !form["scope"].ToString().EndsWith("/.default", StringComparison.Ordinal))
        {
            return OAuthError("invalid_scope", "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default.", 400);
        }
        if (client is null)
        {
            return OAuthError("unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory '{tenant}'.", 400);
        }
        var assertion = form["client_assertion"].ToString();
        if (assertion.Length > 0)
        {
            var (token, error) = client.CertificatePem is null
                ? (null, "no certificate is registered")
                : await Jwts.VerifyAsync(assertion, Jwts.KeyFromPem(client.CertificatePem), Http.UrlWithoutQuery(request), client.ClientId, TimeSpan.FromHours(1));
            if (token is null)
            {
                return OAuthError("invalid_client", $"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application ({error}).", 401);
            }
        }
        else if (client.ClientSecret is null || form["client_secret"] != client.ClientSecret)
        {
            return OAuthError("invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client.ClientId}'.", 401);
        }
        var access = state.Issue("entra", client.ClientId, null, TimeSpan.FromHours(1));
        return Http.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["ext_expires_in"] = 3599, ["access_token"] = access });
    }

    private static IResult Users(HttpRequest request, EmulatorState state, bool deleted)
    {
        state.Count("entra");
        var entra = state.Scenario.Entra;
        if (entra is null || state.Bearer(request, "entra") is null)
        {
            return GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        }
        var pass = deleted ? "deleted" : "main";
        var users = Population(state, entra, deleted);
        var top = Http.Number(request, "$top") ?? entra.PageSize ?? 100;
        if (top is < 1 or > 999)
        {
            return GraphError(400, "Request_UnsupportedQuery", $"Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive.");
        }
        top = Math.Min(top, entra.MaxPageSize ?? 999);
        var offset = EmulatorState.Offset(request.Query["$skiptoken"]);
        if (offset < 0)
        {
            return GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.");
        }
        if (state.FaultFor("entra", entra, pass, Http.PageNumber(offset, top)) is { } fault)
        {
            switch (fault.Kind)
            {
                case "throttle":
                    request.HttpContext.Response.Headers.RetryAfter = fault.DelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return GraphError(429, "TooManyRequests", "Too many requests.");
                case "expiredToken":
                    return GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.");
                case "malformed":
                    return Http.Malformed();
                case "forbidden":
                    return GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                default:
                    return GraphError(500, "UnknownError", "");
            }
        }
        var select = request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var body = new JsonObject
        {
            ["@odata.context"] = $"{Http.Origin(request)}/graph/v1.0/$metadata#users",
            ["value"] = Http.Slice(users, offset, top, u => Project(u, select)),
        };
        if (offset + top < users.Count)
        {
            body["@odata.nextLink"] = $"{Http.UrlWithoutQuery(request)}?$top={top}"
                + (select.Length > 0 ? $"&$select={string.Join(',', select)}" : "") + $"&$skiptoken={EmulatorState.Cursor(offset + top)}";
        }
        return Http.Json(body);
    }

    /// <summary>The scenario's users and the generated ones (cached; the scenario's own objects, so a change to one shows everywhere).</summary>
    public static IReadOnlyList<JsonObject> Population(EmulatorState state, EntraScenario entra, bool deleted) =>
        state.Population($"entra/{(deleted ? "deleted" : "main")}", () => (deleted ? entra.DeletedUsers : entra.Users)
            .Concat(Generators.Many(entra.Generate, Generated).Where(u => u.ContainsKey("deletedDateTime") == deleted)).ToList());

    /// <summary>A soft delete, as Graph does it: the user leaves /users and shows under deletedItems. False when it already left.</summary>
    public static bool SoftDelete(EmulatorState state, EntraScenario entra, JsonObject user)
    {
        lock (state.Graph)
        {
            var main = Population(state, entra, deleted: false);
            var deleted = Population(state, entra, deleted: true);
            if (!main.Contains(user))
            {
                return false;
            }
            lock (user)
            {
                user["deletedDateTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            }
            state.SetPopulation("entra/main", [.. main.Where(u => u != user)]);
            state.SetPopulation("entra/deleted", [.. deleted, user]);
            return true;
        }
    }

    /// <summary>Graph returns only the default properties unless $select names them (accountEnabled is not a default).</summary>
    public static JsonObject Project(JsonObject user, string[] select)
    {
        string[] defaults = ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "mobilePhone", "officeLocation", "preferredLanguage", "businessPhones"];
        var keep = select.Length > 0 ? select.Append("id") : defaults;
        var projected = new JsonObject();
        lock (user) // the control endpoint changes users in place
        {
            foreach (var name in keep.Distinct())
            {
                projected[name] = user[name]?.DeepClone();
            }
        }
        return projected;
    }

    private static JsonObject Generated(int i, bool deleted)
    {
        var user = new JsonObject
        {
            ["id"] = $"00000000-0000-0000-0000-{i:D12}", ["userPrincipalName"] = $"user{i}@example.com", ["mail"] = $"user{i}@example.com",
            ["accountEnabled"] = i % 10 != 0, ["userType"] = "Member", ["mailNickname"] = $"user{i}", ["displayName"] = $"User {i}",
        };
        if (deleted)
        {
            user["deletedDateTime"] = "2026-01-01T00:00:00Z";
        }
        return user;
    }

    public static IResult GraphError(int status, string code, string message) => Http.Json(new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["innerError"] = new JsonObject { ["request-id"] = Guid.NewGuid().ToString() } },
    }, status);

    private static IResult OAuthError(string error, string description, int status) =>
        Http.Json(new JsonObject { ["error"] = error, ["error_description"] = description, ["error_codes"] = new JsonArray(7000215) }, status);
}
