using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>Sends one signed request (through the retry pipeline) and turns error answers into <see cref="AwsApiException"/>.</summary>
public sealed class AwsHttp(IHttpClientFactory factory)
{
    public const string ClientName = "aws";

    public async Task<string> PostAsync(AWSCredentials credentials, AwsEndpoint endpoint, string action, HttpContent content,
        IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = content };
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Options.Set(AwsSigningHandler.Credentials, credentials);
        request.Options.Set(AwsSigningHandler.Endpoint, endpoint);
        var client = factory.CreateClient(ClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            throw AwsErrorBody.Parse(action, response.StatusCode, body, errorType);
        }
        return body;
    }

    public static HttpContent Form(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        // RFC 3986 encoding of every value, as botocore sends it; FormUrlEncodedContent would use '+' for spaces.
        var text = string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        return content;
    }
}
