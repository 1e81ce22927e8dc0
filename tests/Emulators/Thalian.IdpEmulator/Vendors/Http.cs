using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator.Vendors;

/// <summary>Small helpers shared by the vendor emulations.</summary>
public static class Http
{
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    public static string UrlWithoutQuery(HttpRequest request) => $"{Origin(request)}{request.PathBase}{request.Path}";

    public static int? Number(HttpRequest request, string name) => int.TryParse(request.Query[name], out var v) ? v : null;

    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    /// <summary>A 200 whose body stops mid-document, like a proxy cutting a response.</summary>
    public static IResult Malformed() => Results.Text("{\"truncated\": [ {\"id\": \"x\", ", "application/json", statusCode: 200);

    public static JsonArray Slice(IReadOnlyList<JsonObject> users, int offset, int count, Func<JsonObject, JsonObject>? project = null)
    {
        var array = new JsonArray();
        for (var i = offset; i < Math.Min(users.Count, offset + count); i++)
        {
            array.Add(project is null ? users[i].DeepClone() : project(users[i]));
        }
        return array;
    }

    public static int PageNumber(int offset, int size) => (offset / Math.Max(size, 1)) + 1;
}
