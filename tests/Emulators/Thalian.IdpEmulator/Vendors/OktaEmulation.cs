using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>Okta: org authorization server token endpoint (private_key_jwt + DPoP) and /api/v1/users with Link paging.</summary>
public static class OktaEmulation
{
    private const string DeprovisionedFilter = "status eq \"DEPROVISIONED\"";

    public static void Map(WebApplication app)
    {
        app.MapPost("/okta/oauth2/v1/token", TokenAsync);
        app.MapGet("/okta/api/v1/users", UsersAsync);
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, EmulatorState state)
    {
        state.Count("okta");
        var okta = state.Scenario.Okta;
        if (okta is null || !request.HasFormContentType)
        {
            return OAuthError("invalid_request", "Expected a form-encoded client credentials request.");
        }
        var form = await request.ReadFormAsync();
        var assertion = form["client_assertion"].ToString();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || assertion.Length == 0)
        {
            return OAuthError("invalid_request", "grant_type client_credentials with a jwt-bearer client_assertion is required.");
        }
        var client = okta.Clients.FirstOrDefault(c => c.ClientId == Jwts.Peek(assertion, "iss"));
        var tokenUrl = Http.UrlWithoutQuery(request);
        if (client is null)
        {
            return OAuthError("invalid_client", "The client_assertion iss is not a registered client.", 401);
        }
        var (token, error) = await Jwts.VerifyAsync(assertion, Jwts.KeyFromPem(client.PublicKeyPem), tokenUrl, client.ClientId, TimeSpan.FromHours(1));
        if (token is null || Jwts.Peek(assertion, "sub") != client.ClientId || Jwts.Peek(assertion, "jti") is null)
        {
            return OAuthError("invalid_client", $"The client_assertion is invalid: {error ?? "sub must equal iss and jti is required"}.", 401);
        }
        if (!form["scope"].ToString().Split(' ').Contains("okta.users.read"))
        {
            return OAuthError("invalid_scope", "The requested scope is invalid, unknown, or malformed.");
        }
        string? jkt = null;
        if (client.RequireDpop || request.Headers.ContainsKey("DPoP"))
        {
            var (thumbprint, nonce, dpopError) = await Jwts.VerifyDpopAsync(request.Headers["DPoP"], "POST", tokenUrl, null);
            if (thumbprint is null)
            {
                return OAuthError("invalid_dpop_proof", dpopError!);
            }
            if (nonce is null || !state.DpopNonces.ContainsKey(nonce))
            {
                var fresh = Guid.NewGuid().ToString("N");
                state.DpopNonces[fresh] = 0;
                request.HttpContext.Response.Headers["DPoP-Nonce"] = fresh;
                return OAuthError("use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
            }
            jkt = thumbprint;
        }
        var access = state.Issue("okta", client.ClientId, jkt, TimeSpan.FromHours(1));
        return Http.Json(new JsonObject
        {
            ["token_type"] = jkt is null ? "Bearer" : "DPoP", ["expires_in"] = 3600, ["access_token"] = access, ["scope"] = "okta.users.read",
        });
    }

    private static async Task<IResult> UsersAsync(HttpRequest request, EmulatorState state)
    {
        state.Count("okta");
        var okta = state.Scenario.Okta;
        if (okta is null || !await AuthorisedAsync(request, state, okta))
        {
            return Error(401, "E0000011", "Invalid token provided");
        }
        var filter = request.Query["filter"].ToString();
        if (filter.Length > 0 && filter != DeprovisionedFilter)
        {
            return Error(400, "E0000031", "Invalid search criteria.");
        }
        var pass = filter.Length > 0 ? "deprovisioned" : "main";
        var users = state.Population($"okta/{pass}", () => OktaUsers(okta).Where(u => (u["status"]?.ToString() == "DEPROVISIONED") == (pass == "deprovisioned")).ToList());
        var limit = Math.Min(Math.Clamp(Http.Number(request, "limit") ?? okta.PageSize ?? 200, 1, 200), okta.MaxPageSize ?? 200);
        var offset = EmulatorState.Offset(request.Query["after"]);
        if (offset < 0)
        {
            return Error(400, "E0000001", "Api validation failed: after");
        }
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        var foreignLink = false;
        if (state.FaultFor("okta", okta, pass, Http.PageNumber(offset, limit)) is { } fault)
        {
            switch (fault.Kind)
            {
                case "throttle":
                    request.HttpContext.Response.Headers["X-Rate-Limit-Limit"] = "600";
                    request.HttpContext.Response.Headers["X-Rate-Limit-Remaining"] = "0";
                    request.HttpContext.Response.Headers["X-Rate-Limit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + fault.DelaySeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Error(429, "E0000047", "API call exceeded rate limit due to too many requests.");
                case "malformed":
                    return Http.Malformed();
                case "forbidden":
                    return Error(403, "E0000006", "You do not have permission to perform the requested action");
                case "foreignLink":
                    foreignLink = true;
                    break;
                default:
                    return Error(500, "E0000009", "Internal Server Error");
            }
        }
        var headers = request.HttpContext.Response.Headers;
        var (limitHeader, remaining, resetAt) = state.RateStatus("okta", okta) ?? (600, 599, reset);
        headers["X-Rate-Limit-Limit"] = limitHeader.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Reset"] = resetAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var self = $"{Http.UrlWithoutQuery(request)}{request.QueryString}";
        headers.Append("Link", $"<{self}>; rel=\"self\"");
        if (offset + limit < users.Count)
        {
            var next = $"{Http.UrlWithoutQuery(request)}?limit={limit}&after={EmulatorState.Cursor(offset + limit)}"
                + (filter.Length > 0 ? $"&filter={Uri.EscapeDataString(filter)}" : "");
            headers.Append("Link", $"<{(foreignLink ? next.Replace(Http.Origin(request), "http://attacker.invalid", StringComparison.Ordinal) : next)}>; rel=\"next\"");
        }
        return Http.Json(Http.Slice(users, offset, limit));
    }

    internal static async Task<bool> AuthorisedAsync(HttpRequest request, EmulatorState state, OktaScenario okta)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("SSWS ", StringComparison.Ordinal))
        {
            return okta.ApiTokens.Contains(header[5..].Trim());
        }
        if (state.Bearer(request, "okta", "DPoP") is { Jkt: not null } bound)
        {
            var token = header[5..].Trim();
            var (jkt, _, _) = await Jwts.VerifyDpopAsync(request.Headers["DPoP"], request.Method, Http.UrlWithoutQuery(request), token);
            return jkt == bound.Jkt;
        }
        return state.Bearer(request, "okta") is { Jkt: null };
    }

    internal static IEnumerable<JsonObject> OktaUsers(OktaScenario okta) =>
        okta.Users.Concat(Generators.Many(okta.Generate, (i, deleted) => new JsonObject
        {
            ["id"] = $"00ugen{i:D7}", ["status"] = deleted ? "DEPROVISIONED" : i % 10 == 0 ? "SUSPENDED" : "ACTIVE",
            ["statusChanged"] = "2026-01-01T00:00:00.000Z",
            ["profile"] = new JsonObject { ["login"] = $"user{i}@example.com", ["email"] = $"user{i}@example.com", ["firstName"] = "User", ["lastName"] = $"{i}" },
        }));

    internal static IResult Error(int status, string code, string summary) => Http.Json(new JsonObject
    {
        ["errorCode"] = code, ["errorSummary"] = summary, ["errorLink"] = code, ["errorId"] = Guid.NewGuid().ToString("N"), ["errorCauses"] = new JsonArray(),
    }, status);

    private static IResult OAuthError(string error, string description, int status = 400) =>
        Http.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, status);
}
