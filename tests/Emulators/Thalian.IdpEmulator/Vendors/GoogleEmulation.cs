using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>Google: the JWT-bearer token endpoint (service account + delegation subject) and Directory API users.</summary>
public static class GoogleEmulation
{
    private const string DirectoryScope = "https://www.googleapis.com/auth/admin.directory.user.readonly";

    public static void Map(WebApplication app)
    {
        app.MapPost("/google/token", TokenAsync);
        app.MapGet("/google/admin/directory/v1/users", Users);
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, EmulatorState state)
    {
        state.Count("google");
        var google = state.Scenario.Google;
        if (google is null || !request.HasFormContentType)
        {
            return OAuthError("invalid_request", "Invalid request.");
        }
        var form = await request.ReadFormAsync();
        var assertion = form["assertion"].ToString();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || assertion.Length == 0)
        {
            return OAuthError("unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
        }
        var account = google.ServiceAccounts.FirstOrDefault(a => a.ClientEmail == Jwts.Peek(assertion, "iss"));
        if (account is null)
        {
            return OAuthError("invalid_grant", "Invalid JWT Signature.");
        }
        var (token, error) = await Jwts.VerifyAsync(assertion, Jwts.KeyFromPem(account.PublicKeyPem),
            [Http.UrlWithoutQuery(request), "https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v4/token"], account.ClientEmail, TimeSpan.FromHours(1));
        if (token is null)
        {
            return OAuthError("invalid_grant", $"Invalid JWT Signature. ({error})");
        }
        if (!(Jwts.Peek(assertion, "scope") ?? "").Split(' ').Contains(DirectoryScope))
        {
            return OAuthError("unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.", 401);
        }
        var subject = Jwts.Peek(assertion, "sub") ?? account.ClientEmail;
        var access = state.Issue("google", subject, null, TimeSpan.FromHours(1));
        return Http.Json(new JsonObject { ["access_token"] = access, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
    }

    private static IResult Users(HttpRequest request, EmulatorState state)
    {
        state.Count("google");
        var google = state.Scenario.Google;
        var caller = state.Bearer(request, "google");
        if (google is null || caller is null)
        {
            return Error(401, "authError", "Invalid Credentials");
        }
        if (!google.ServiceAccounts.Any(a => a.Admins.Contains(caller.Subject, StringComparer.OrdinalIgnoreCase)))
        {
            return Error(403, "forbidden", "Not Authorized to access this resource/api");
        }
        var customer = request.Query["customer"].ToString();
        if (customer != "my_customer" && customer != google.Customer)
        {
            return Error(400, "badRequest", "Bad Request");
        }
        var deleted = request.Query["showDeleted"] == "true";
        var pass = deleted ? "deleted" : "main";
        var users = state.Population($"google/{pass}", () => (deleted ? google.DeletedUsers : google.Users)
            .Concat(Generators.Many(google.Generate, Generated).Where(u => u.ContainsKey("deletionTime") == deleted)).ToList());
        var max = Http.Number(request, "maxResults") ?? google.PageSize ?? 100;
        if (max is < 1 or > 500)
        {
            return Error(400, "invalid", "Invalid value for: maxResults");
        }
        max = Math.Min(max, google.MaxPageSize ?? 500);
        var offset = EmulatorState.Offset(request.Query["pageToken"]);
        if (offset < 0)
        {
            return Error(400, "invalid", "Invalid value for: pageToken");
        }
        if (state.FaultFor("google", google, pass, Http.PageNumber(offset, max)) is { } fault)
        {
            return fault.Kind switch
            {
                "throttle" => Error(403, "userRateLimitExceeded", "Rate Limit Exceeded", "usageLimits"),
                "malformed" => Http.Malformed(),
                "forbidden" => Error(403, "forbidden", "Not Authorized to access this resource/api"),
                _ => Error(500, "backendError", "Backend Error"),
            };
        }
        var body = new JsonObject { ["kind"] = "admin#directory#users", ["etag"] = "\"emulated\"", ["users"] = Http.Slice(users, offset, max) };
        if (offset + max < users.Count)
        {
            body["nextPageToken"] = EmulatorState.Cursor(offset + max);
        }
        return Http.Json(body);
    }

    private static JsonObject Generated(int i, bool deleted)
    {
        var user = new JsonObject
        {
            ["id"] = $"1{i:D11}", ["primaryEmail"] = $"user{i}@example.com", ["suspended"] = i % 10 == 0, ["archived"] = false,
            ["name"] = new JsonObject { ["fullName"] = $"User {i}" },
        };
        if (deleted)
        {
            user["deletionTime"] = "2026-01-01T00:00:00.000Z";
        }
        return user;
    }

    private static IResult Error(int status, string reason, string message, string domain = "global") => Http.Json(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = status, ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = domain, ["reason"] = reason }),
        },
    }, status);

    private static IResult OAuthError(string error, string description, int status = 400) =>
        Http.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, status);
}
