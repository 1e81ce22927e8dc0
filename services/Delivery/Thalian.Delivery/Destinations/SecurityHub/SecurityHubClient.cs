using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Thalian.Delivery.Destinations.SecurityHub;

public sealed record FailedFinding(string Id, string ErrorCode, string ErrorMessage)
{
    /// <summary>Throttling and internal errors are worth another attempt; anything else is about the finding itself.</summary>
    public bool Retryable => ErrorCode.Contains("Throttl", StringComparison.OrdinalIgnoreCase)
        || ErrorCode.Contains("Internal", StringComparison.OrdinalIgnoreCase) || ErrorCode.Contains("Unavailable", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// BatchImportFindings (REST-JSON, <c>POST /findings/import</c>) signed with SigV4 through AWSSDK.Core: AWSSDK.SecurityHub is
/// not served, and this one call is all delivery needs.
/// </summary>
public sealed class SecurityHubClient(HttpClient http)
{
    public const int MaxFindingsPerCall = 100;

    /// <summary>Imports up to 100 findings; answers the ones Security Hub refused (FailedFindings), throws when the call itself failed.</summary>
    public async Task<IReadOnlyList<FailedFinding>> BatchImportFindingsAsync(AWSCredentials credentials, SecurityHubSettings settings,
        IReadOnlyList<JsonObject> findings, CancellationToken cancellationToken)
    {
        if (findings.Count is 0 or > MaxFindingsPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(findings), findings.Count, "BatchImportFindings takes 1 to 100 findings.");
        }
        var body = new JsonObject { ["Findings"] = new JsonArray([.. findings.Select(f => f.DeepClone())]) }.ToJsonString();
        using var response = await SendAsync(credentials, settings, "findings/import", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw SecurityHubException.From(response, text);
        }
        using var answer = JsonDocument.Parse(text);
        return answer.RootElement.TryGetProperty("FailedFindings", out var failed) && failed.ValueKind == JsonValueKind.Array
            ? [.. failed.EnumerateArray().Select(f => new FailedFinding(Read(f, "Id"), Read(f, "ErrorCode"), Read(f, "ErrorMessage")))]
            : [];
    }

    private async Task<HttpResponseMessage> SendAsync(AWSCredentials credentials, SecurityHubSettings settings, string path, string body, CancellationToken cancellationToken)
    {
        var baseUrl = settings.EndpointOverride ?? new Uri($"https://securityhub.{settings.Region}.{(settings.Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com")}/");
        var uri = new Uri(baseUrl, path);
        var bytes = Encoding.UTF8.GetBytes(body);
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = bytes };
        signing.Headers["Content-Type"] = "application/json";
        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(settings.Region!),
            Service = "securityhub",
            SignPayload = true,
        }, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in signed.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await http.SendAsync(request, cancellationToken);
    }

    private static string Read(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

/// <summary>A failed call; <see cref="Permanent"/> when only new credentials or settings can fix it (the destination is failing).</summary>
public sealed class SecurityHubException(string message, string code, bool permanent, TimeSpan? retryAfter) : Exception(message)
{
    public string Code { get; } = code;
    public bool Permanent { get; } = permanent;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static SecurityHubException From(HttpResponseMessage response, string body)
    {
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        var (code, message) = Parse(body);
        code = header ?? code ?? $"Http{(int)response.StatusCode}";
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var transient = response.StatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
            || code.Contains("Throttl", StringComparison.OrdinalIgnoreCase) || code == "LimitExceededException";
        var words = code == "InvalidAccessException" ? "Security Hub is not enabled in this account and region, or the caller may not use it"
            : response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "the destination's AWS credentials were refused"
            : "Security Hub refused the import";
        return new SecurityHubException($"{words} ({code}: {message ?? "no message"}).", code, !transient, retryAfter);
    }

    private static (string? Code, string? Message) Parse(string body)
    {
        if (body.TrimStart().StartsWith('<'))
        {
            string? Element(string name) => System.Text.RegularExpressions.Regex.Match(body, $"<{name}>([^<]*)</{name}>") is { Success: true } m ? m.Groups[1].Value : null;
            return (Element("Code"), Element("Message") ?? "an HTML or XML error page instead of an AWS answer");
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            string? Read(params string[] names) => names
                .Select(n => doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .FirstOrDefault(v => v is not null);
            return (Read("__type", "Code", "code")?.Split('#')[^1], Read("Message", "message"));
        }
        catch (JsonException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }
}
