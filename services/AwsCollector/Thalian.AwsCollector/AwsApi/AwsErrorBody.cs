using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>Reads the error code and message out of Query (XML) and JSON 1.1 error bodies, whatever their shape.</summary>
public static class AwsErrorBody
{
    public static AwsApiException Parse(string action, HttpStatusCode status, string body, string? errorTypeHeader)
    {
        var (code, message) = body.TrimStart().StartsWith('<') ? FromXml(body) : FromJson(body);
        code ??= errorTypeHeader?.Split(':')[0];
        code ??= status == HttpStatusCode.ServiceUnavailable ? "ServiceUnavailable" : $"Http{(int)status}";
        return new AwsApiException(action, StripNamespace(code), message ?? Truncate(body), status);
    }

    private static (string? Code, string? Message) FromXml(string body)
    {
        try
        {
            var doc = XDocument.Parse(body);
            return (doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value,
                doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    private static (string? Code, string? Message) FromJson(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            string? Read(params string[] names) => names
                .Select(n => doc.RootElement.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .FirstOrDefault(v => v is not null);
            return (Read("__type", "code", "Code"), Read("message", "Message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string StripNamespace(string code) => code.Contains('#', StringComparison.Ordinal) ? code[(code.LastIndexOf('#') + 1)..] : code;

    private static string Truncate(string body) =>
        body.TrimStart().StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || body.TrimStart().StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            ? "an HTML error page instead of an AWS answer"
            : body.Length > 200 ? body[..200] : body;
}
