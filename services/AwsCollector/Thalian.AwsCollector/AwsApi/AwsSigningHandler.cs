using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>
/// Signs each request with SigV4 using the credentials and scope carried in the request's options. It sits inside
/// the retry pipeline, so every attempt gets a fresh signature and X-Amz-Date.
/// </summary>
public sealed class AwsSigningHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<AWSCredentials> Credentials = new("Thalian.Aws.Credentials");
    public static readonly HttpRequestOptionsKey<AwsEndpoint> Endpoint = new("Thalian.Aws.Endpoint");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Credentials, out var credentials) || !request.Options.TryGetValue(Endpoint, out var endpoint))
        {
            throw new InvalidOperationException("An AWS request needs credentials and an endpoint in its options.");
        }
        foreach (var header in new[] { "Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token" })
        {
            request.Headers.Remove(header);
        }
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri!,
            Content = body,
        };
        // Only x-amz-* headers are signed: handlers further in (tracing) add or change others on every attempt.
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)))
        {
            signingRequest.Headers[header.Key] = string.Join(",", header.Value);
        }
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }
        var result = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(endpoint.SigningRegion),
            Service = endpoint.Service,
            SignPayload = true,
        }, cancellationToken);
        foreach (var (name, value) in result.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
