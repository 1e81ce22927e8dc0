using Microsoft.Extensions.Options;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.Authenticating;
using Thalian.IdpCollector.ReadingDirectories.Okta;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>Builds the vendor client for a connection's settings and (decrypted) secrets.</summary>
public sealed class DirectoryClientFactory(VendorHttp http, IOptions<IdpOptions> options, TimeProvider time)
{
    public IDirectoryClient Create(string provider, ConnectionSettings settings, ConnectionSecrets secrets, RequestStats stats) => provider switch
    {
        IdpProviders.Okta => CreateOkta(settings, secrets, stats),
        IdpProviders.Entra => Entra.EntraClientBuilder.Create(settings, secrets, http, options.Value, stats),
        IdpProviders.GoogleWorkspace => Google.GoogleClientBuilder.Create(settings, secrets, http, options.Value, stats),
        IdpProviders.JumpCloud => new JumpCloud.JumpCloudClient(settings.BaseUrl!, secrets.ApiKey!, settings.OrgId,
            Requests("JumpCloud", stats, new JumpCloud.JumpCloudThrottle())),
        IdpProviders.OneLogin => new OneLogin.OneLoginClient(settings.BaseUrl!, settings.ClientId!, secrets.ClientSecret!, http.Client, time,
            Requests("OneLogin", stats, new OneLogin.OneLoginThrottle())),
        _ => throw new ArgumentException($"Unknown IdP provider '{provider}'.", nameof(provider)),
    };

    private OktaClient CreateOkta(ConnectionSettings settings, ConnectionSecrets secrets, RequestStats stats)
    {
        IOktaAuthorizer authorizer = secrets.ApiToken is { } token
            ? new SswsAuthorizer(token)
            : new PrivateKeyJwtAuthorizer(settings.BaseUrl!, settings.ClientId!, KeyMaterial.LoadSigningKey(secrets.PrivateKey!, settings.KeyId),
                settings.UseDpop, http.Client, time);
        return new OktaClient(settings.BaseUrl!, authorizer, Requests("Okta", stats, new OktaThrottle()), options.Value.MaxThrottleWait);
    }

    private VendorRequests Requests(string vendor, RequestStats stats, IThrottleSignal signal) =>
        new(vendor, http.Client, options.Value, stats, signal);
}
