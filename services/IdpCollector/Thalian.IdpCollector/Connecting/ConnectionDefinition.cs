using System.Text.Json;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;

namespace Thalian.IdpCollector.Connecting;

/// <summary>Turns a connect request into stored settings + secrets, or into validation errors a user can act on.</summary>
public sealed record ConnectionDefinition(ConnectionSettings Settings, ConnectionSecrets Secrets)
{
    public static (ConnectionDefinition? Definition, Dictionary<string, string[]> Errors) Build(
        string provider, ConnectRequest request, EndpointPolicy policy)
    {
        var errors = new Dictionary<string, string[]>();
        var definition = provider switch
        {
            IdpProviders.Okta => VendorDefinitions.Okta(request, policy, errors),
            IdpProviders.Entra => VendorDefinitions.Entra(request, policy, errors),
            IdpProviders.GoogleWorkspace => VendorDefinitions.Google(request, policy, errors),
            IdpProviders.JumpCloud => VendorDefinitions.JumpCloud(request, policy, errors),
            IdpProviders.OneLogin => VendorDefinitions.OneLogin(request, policy, errors),
            _ => null,
        };
        return errors.Count > 0 ? (null, errors) : (definition, errors);
    }

    /// <summary>Stored settings back to a request, so a credentials update only needs to send what changes.</summary>
    public static ConnectRequest Merge(ConnectionSettings stored, string provider, ConnectRequest update) => new()
    {
        DisplayName = update.DisplayName,
        OrgUrl = update.OrgUrl ?? (provider == IdpProviders.Okta ? stored.BaseUrl : null),
        BaseUrl = update.BaseUrl ?? (provider is IdpProviders.OneLogin or IdpProviders.JumpCloud ? stored.BaseUrl : null),
        ClientId = update.ClientId ?? stored.ClientId,
        KeyId = update.KeyId ?? stored.KeyId,
        Dpop = update.Dpop ?? stored.UseDpop,
        TenantId = update.TenantId ?? stored.TenantId,
        AuthorityHost = update.AuthorityHost ?? stored.AuthorityHost,
        GraphBaseUrl = update.GraphBaseUrl ?? stored.GraphBaseUrl,
        AdminEmail = update.AdminEmail ?? stored.AdminEmail,
        Customer = update.Customer ?? stored.Customer,
        TokenUri = update.TokenUri ?? stored.TokenUri,
        DirectoryBaseUrl = update.DirectoryBaseUrl ?? stored.DirectoryBaseUrl,
        OrgId = update.OrgId ?? stored.OrgId,
        Region = update.Region ?? stored.Region,
        ApiToken = update.ApiToken,
        PrivateKey = update.PrivateKey,
        ClientSecret = update.ClientSecret,
        Certificate = update.Certificate,
        ServiceAccountKey = update.ServiceAccountKey,
        ApiKey = update.ApiKey,
    };

    internal static string? Required(Dictionary<string, string[]> errors, string field, string? value, string hint)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required: {hint}"];
            return null;
        }
        return value.Trim();
    }

    internal static string? Url(Dictionary<string, string[]> errors, EndpointPolicy policy, string field, string? value, IReadOnlyList<string> hosts)
    {
        var (url, error) = policy.Check(field, value, hosts);
        if (error is not null)
        {
            errors[field] = [error];
        }
        return url;
    }

    internal static string? JsonText(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Object => element.Value.GetRawText(),
        _ => null,
    };
}
