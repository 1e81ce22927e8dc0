using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>JumpCloud v1 <c>/api/systemusers</c>: x-api-key (+ x-org-id), limit ≤ 100, skip, sort, totalCount.</summary>
public static class JumpCloudEmulation
{
    public static void Map(WebApplication app) => app.MapGet("/jumpcloud/api/systemusers", Users);

    private static IResult Users(HttpRequest request, EmulatorState state)
    {
        state.Count("jumpcloud");
        var jc = state.Scenario.JumpCloud;
        if (jc is null || !jc.ApiKeys.Contains(request.Headers["x-api-key"].ToString()))
        {
            return Message(401, "Unauthorized");
        }
        var org = request.Headers["x-org-id"].ToString();
        if (jc.OrgId is not null && org.Length == 0)
        {
            return Message(401, "Please provide an x-org-id header: the administrator belongs to several organizations");
        }
        if (jc.OrgId is not null && org != jc.OrgId)
        {
            return Message(404, "organization not found");
        }
        var limit = Http.Number(request, "limit") ?? jc.PageSize ?? 10;
        var skip = Http.Number(request, "skip") ?? 0;
        if (limit is < 0 or > 100 || skip < 0)
        {
            return Message(400, "limit must be between 0 and 100 and skip must not be negative");
        }
        limit = Math.Min(limit, jc.MaxPageSize ?? 100);
        var users = state.Population("jumpcloud/main", () => jc.Users.Concat(Generators.Many(jc.Generate, Generated))
            .OrderBy(u => u["_id"]?.ToString(), StringComparer.Ordinal).ToList());
        if (state.FaultFor("jumpcloud", jc, "main", Http.PageNumber(skip, limit)) is { } fault)
        {
            switch (fault.Kind)
            {
                case "throttle":
                    request.HttpContext.Response.Headers.RetryAfter = fault.DelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Message(429, "Too Many Requests");
                case "malformed":
                    return Http.Malformed();
                case "forbidden":
                    return Message(403, "Forbidden");
                default:
                    return Message(500, "Internal Server Error");
            }
        }
        // JumpCloud hard-deletes: a user marked "listedPasses": N is gone from every listing after the first N.
        var pass = state.ListingPass("jumpcloud", starts: skip == 0);
        users = [.. users.Where(u => u[ListedPasses] is not { } n || pass <= n.GetValue<int>())];
        return Http.Json(new JsonObject
        {
            ["totalCount"] = jc.ReportedTotalCount ?? users.Count,
            ["results"] = Http.Slice(users, skip, limit, u => WithoutEmulatorFields((JsonObject)u.DeepClone())),
        });
    }

    private const string ListedPasses = "listedPasses";

    private static JsonObject WithoutEmulatorFields(JsonObject user)
    {
        user.Remove(ListedPasses);
        return user;
    }

    private static JsonObject Generated(int i, bool deleted) => new()
    {
        ["_id"] = $"5f{i:D22}", ["username"] = $"user{i}", ["email"] = $"user{i}@example.com",
        ["state"] = i % 10 == 0 ? "SUSPENDED" : "ACTIVATED", ["suspended"] = i % 10 == 0, ["account_locked"] = false, ["activated"] = true,
    };

    private static IResult Message(int status, string message) => Http.Json(new JsonObject { ["message"] = message }, status);
}
