using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Thalian.IdpCollector.Connecting;

namespace Thalian.IdpCollector.ReadingDirectories.Google;

/// <summary>Service-account credential (non-obsolete CredentialFactory) scoped to read users and impersonating the admin.</summary>
public static class GoogleClientBuilder
{
    public const string Scope = "https://www.googleapis.com/auth/admin.directory.user.readonly";

    public static GoogleClient Create(ConnectionSettings settings, ConnectionSecrets secrets, VendorHttp http, IdpOptions options, RequestStats stats)
    {
        // The token endpoint is the connection's (already checked against the endpoint policy), not whatever the key file says.
        var key = JsonNode.Parse(secrets.ServiceAccountKey!)!.AsObject();
        key["token_uri"] = settings.TokenUri;
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(key.ToJsonString())
            .ToGoogleCredential()
            .CreateScoped(Scope)
            .CreateWithUser(settings.AdminEmail)
            .CreateWithHttpClientFactory(new TrustingHttpClientFactory(http));
        var requests = new VendorRequests("Google Workspace", http.Client, options, stats, new GoogleThrottle());
        return new GoogleClient(settings.DirectoryBaseUrl!, settings.Customer ?? "my_customer", settings.AdminEmail!, credential, requests);
    }

    /// <summary>Google's token calls go through the same certificate trust as every vendor call.</summary>
    private sealed class TrustingHttpClientFactory(VendorHttp http) : global::Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(global::Google.Apis.Http.CreateHttpClientArgs args) => http.CreateHandler();
    }
}
