using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.Authenticating;

namespace Thalian.IdpCollector.ReadingDirectories.Entra;

/// <summary>
/// Azure.Identity credential (secret or certificate) + a Graph client on the connection's authority and Graph hosts
/// (global or national cloud, or an emulator when custom endpoints are allowed).
/// </summary>
public static class EntraClientBuilder
{
    public static EntraClient Create(ConnectionSettings settings, ConnectionSecrets secrets, VendorHttp http, IdpOptions options, RequestStats stats)
    {
        var authority = new Uri(settings.AuthorityHost!.TrimEnd('/') + "/");
        var tokenHttp = new HttpClient(http.CreateHandler(), disposeHandler: true);
        var transport = new HttpClientTransport(tokenHttp);
        var knownCloud = EndpointPolicy.EntraAuthorityHosts.Contains(authority.Host, StringComparer.OrdinalIgnoreCase);
        TokenCredential credential = secrets.Certificate is { } pem
            ? new ClientCertificateCredential(settings.TenantId, settings.ClientId, KeyMaterial.LoadCertificateWithKey(pem),
                new ClientCertificateCredentialOptions { AuthorityHost = authority, Transport = transport, DisableInstanceDiscovery = !knownCloud })
            : new ClientSecretCredential(settings.TenantId, settings.ClientId, secrets.ClientSecret,
                new ClientSecretCredentialOptions { AuthorityHost = authority, Transport = transport, DisableInstanceDiscovery = !knownCloud });

        var graphBase = new Uri(settings.GraphBaseUrl!);
        var scope = $"{graphBase.GetLeftPart(UriPartial.Authority)}/.default";
        var tokens = new AzureIdentityAccessTokenProvider(credential, [graphBase.Host], null, true, scope);
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        handlers.Add(new CountingHandler(stats));
        var httpClient = GraphClientFactory.Create(handlers, "v1.0", GraphClientFactory.Global_Cloud, null, http.CreateHandler(), true);
        httpClient.Timeout = options.RequestTimeout;
        var graph = new GraphServiceClient(httpClient, new BaseBearerTokenAuthenticationProvider(tokens), settings.GraphBaseUrl);
        return new EntraClient(graph, [httpClient, tokenHttp], options.MaxRetries);
    }

    /// <summary>Counts requests and throttled responses under Graph's own retry handler.</summary>
    private sealed class CountingHandler(RequestStats stats) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            stats.CountRequest();
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                stats.CountThrottled();
            }
            return response;
        }
    }
}
