using System.Net;
using System.Text;
using System.Text.Json;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>Picks a vendor's error code and message out of a JSON error body (Okta, Google, Graph, JumpCloud, OneLogin shapes).</summary>
public static class VendorError
{
    private const int MaxLength = 120;
    private static readonly string[] CodeFields = ["errorCode", "error", "code"];
    private static readonly string[] MessageFields = ["errorSummary", "error_description", "message", "description"];

    public static string Describe(HttpStatusCode status, string body)
    {
        var (code, message) = Parse(body);
        var parts = new[] { code, message }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return parts.Count == 0 ? $"HTTP {(int)status}, no vendor error code" : $"HTTP {(int)status}, {string.Join(": ", parts)}";
    }

    private static (string? Code, string? Message) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            // Nested shapes: {"error": {"code", "message"}} (Google, Graph), {"status": {"message"}} (OneLogin).
            var scopes = new[] { root, Child(root, "error"), Child(root, "status") }.Where(e => e.ValueKind == JsonValueKind.Object).ToList();
            return (First(scopes, CodeFields), First(scopes, MessageFields));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static JsonElement Child(JsonElement element, string name) => element.TryGetProperty(name, out var child) ? child : default;

    private static string? First(List<JsonElement> scopes, string[] names) => scopes
        .SelectMany(scope => names.Select(n => scope.TryGetProperty(n, out var v) ? v : default))
        .Where(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        .Select(v => Sanitise(v.ToString())).FirstOrDefault(v => v.Length > 0);

    private static string Sanitise(string text)
    {
        var kept = new StringBuilder();
        foreach (var c in text.Where(c => char.IsLetterOrDigit(c) || " .,:;_'()/-".Contains(c)).Take(MaxLength))
        {
            kept.Append(c);
        }
        return kept.ToString().Trim();
    }
}
