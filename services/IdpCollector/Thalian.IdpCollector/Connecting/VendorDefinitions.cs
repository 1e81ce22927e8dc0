using System.Security.Cryptography;
using System.Text.Json;
using Thalian.IdpCollector.Connecting;
using static Thalian.IdpCollector.Connecting.ConnectionDefinition;

namespace Thalian.IdpCollector.Connecting;

/// <summary>Per-vendor checks of a connect request (see docs: idp-wire.md for what each vendor needs).</summary>
internal static class VendorDefinitions
{
    public static ConnectionDefinition Okta(ConnectRequest r, EndpointPolicy policy, Dictionary<string, string[]> errors)
    {
        var orgUrl = Url(errors, policy, "orgUrl", r.OrgUrl, EndpointPolicy.OktaHosts);
        var oauth = !string.IsNullOrWhiteSpace(r.ClientId) || !string.IsNullOrWhiteSpace(r.PrivateKey);
        if (!oauth)
        {
            Required(errors, "apiToken", r.ApiToken, "an Okta API token (Security → API → Tokens), or clientId + privateKey of an API Services app.");
        }
        else
        {
            Required(errors, "clientId", r.ClientId, "the client id of the Okta API Services app.");
            CheckPrivateKey(errors, "privateKey", r.PrivateKey, "the PEM private key whose public key is registered on the app");
        }
        return new(new ConnectionSettings { BaseUrl = orgUrl, ClientId = oauth ? r.ClientId?.Trim() : null, KeyId = r.KeyId, UseDpop = r.Dpop ?? true },
            new ConnectionSecrets { ApiToken = oauth ? null : r.ApiToken?.Trim(), PrivateKey = oauth ? r.PrivateKey : null });
    }

    public static ConnectionDefinition Entra(ConnectRequest r, EndpointPolicy policy, Dictionary<string, string[]> errors)
    {
        var (authority, graph) = (r.Cloud ?? "Global") switch
        {
            "USGovernment" => ("https://login.microsoftonline.us", "https://graph.microsoft.us/v1.0"),
            "USGovernmentDoD" => ("https://login.microsoftonline.us", "https://dod-graph.microsoft.us/v1.0"),
            "China" => ("https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/v1.0"),
            _ => ("https://login.microsoftonline.com", "https://graph.microsoft.com/v1.0"),
        };
        var tenant = Required(errors, "tenantId", r.TenantId, "the directory (tenant) id of the Entra tenant.");
        Required(errors, "clientId", r.ClientId, "the application (client) id of the app registration with User.Read.All.");
        if (string.IsNullOrWhiteSpace(r.ClientSecret) && string.IsNullOrWhiteSpace(r.Certificate))
        {
            errors["clientSecret"] = ["clientSecret or certificate is required: a client secret of the app registration, or its certificate (PEM with the private key)."];
        }
        else if (!string.IsNullOrWhiteSpace(r.Certificate))
        {
            CheckCertificate(errors, r.Certificate);
        }
        return new(new ConnectionSettings
        {
            TenantId = tenant, ClientId = r.ClientId?.Trim(), Cloud = r.Cloud,
            AuthorityHost = Url(errors, policy, "authorityHost", r.AuthorityHost ?? authority, EndpointPolicy.EntraAuthorityHosts),
            GraphBaseUrl = Url(errors, policy, "graphBaseUrl", r.GraphBaseUrl ?? graph, EndpointPolicy.GraphHosts),
        }, new ConnectionSecrets { ClientSecret = r.ClientSecret, Certificate = r.Certificate });
    }

    public static ConnectionDefinition Google(ConnectRequest r, EndpointPolicy policy, Dictionary<string, string[]> errors)
    {
        var keyJson = JsonText(r.ServiceAccountKey);
        string? keyTokenUri = null;
        if (keyJson is null)
        {
            errors["serviceAccountKey"] = ["serviceAccountKey is required: the JSON key file of the service account with domain-wide delegation."];
        }
        else
        {
            keyTokenUri = CheckServiceAccountKey(errors, keyJson);
        }
        var admin = Required(errors, "adminEmail", r.AdminEmail, "a Workspace admin the service account impersonates (domain-wide delegation subject).");
        return new(new ConnectionSettings
        {
            AdminEmail = admin, Customer = string.IsNullOrWhiteSpace(r.Customer) ? "my_customer" : r.Customer.Trim(),
            TokenUri = Url(errors, policy, "tokenUri", r.TokenUri ?? keyTokenUri ?? "https://oauth2.googleapis.com/token", EndpointPolicy.GoogleTokenHosts),
            DirectoryBaseUrl = Url(errors, policy, "directoryBaseUrl", r.DirectoryBaseUrl ?? "https://admin.googleapis.com", EndpointPolicy.GoogleDirectoryHosts),
        }, new ConnectionSecrets { ServiceAccountKey = keyJson });
    }

    public static ConnectionDefinition JumpCloud(ConnectRequest r, EndpointPolicy policy, Dictionary<string, string[]> errors)
    {
        var region = (r.Region ?? "US").Trim().ToUpperInvariant();
        if (region is not ("US" or "EU"))
        {
            errors["region"] = ["region must be US or EU."];
        }
        Required(errors, "apiKey", r.ApiKey, "a JumpCloud API key of a read-only administrator.");
        var host = region == "EU" ? "https://console.eu.jumpcloud.com" : "https://console.jumpcloud.com";
        return new(new ConnectionSettings
        {
            Region = region, OrgId = string.IsNullOrWhiteSpace(r.OrgId) ? null : r.OrgId.Trim(),
            BaseUrl = Url(errors, policy, "baseUrl", r.BaseUrl ?? host, EndpointPolicy.JumpCloudHosts),
        }, new ConnectionSecrets { ApiKey = r.ApiKey?.Trim() });
    }

    public static ConnectionDefinition OneLogin(ConnectRequest r, EndpointPolicy policy, Dictionary<string, string[]> errors)
    {
        Required(errors, "clientId", r.ClientId, "the client id of a OneLogin API credential with \"Read users\".");
        Required(errors, "clientSecret", r.ClientSecret, "the client secret of that API credential.");
        string? baseUrl = null;
        if (r.BaseUrl is null && string.IsNullOrWhiteSpace(r.Subdomain))
        {
            errors["subdomain"] = ["subdomain is required: the part before .onelogin.com of your OneLogin address."];
        }
        else if (r.BaseUrl is null && !System.Text.RegularExpressions.Regex.IsMatch(r.Subdomain!.Trim(), "^[A-Za-z0-9-]{1,63}$"))
        {
            errors["subdomain"] = ["subdomain may contain only letters, digits and hyphens."];
        }
        else
        {
            baseUrl = Url(errors, policy, "baseUrl", r.BaseUrl ?? $"https://{r.Subdomain!.Trim()}.onelogin.com", EndpointPolicy.OneLoginHosts);
        }
        return new(new ConnectionSettings { BaseUrl = baseUrl, ClientId = r.ClientId?.Trim(), Subdomain = r.Subdomain },
            new ConnectionSecrets { ClientSecret = r.ClientSecret });
    }

    private static void CheckPrivateKey(Dictionary<string, string[]> errors, string field, string? pem, string what)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            errors[field] = [$"{field} is required: {what}."];
            return;
        }
        try
        {
            Authenticating.KeyMaterial.LoadSigningKey(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors[field] = [$"{field} is not a readable RSA or EC private key in PEM form ({what})."];
        }
    }

    private static void CheckCertificate(Dictionary<string, string[]> errors, string pem)
    {
        try
        {
            using var _ = Authenticating.KeyMaterial.LoadCertificateWithKey(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors["certificate"] = ["certificate must be the app's certificate and its private key, both in PEM form."];
        }
    }

    private static string? CheckServiceAccountKey(Dictionary<string, string[]> errors, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Get("type") != "service_account" || Get("client_email") is null || Get("private_key") is null)
            {
                errors["serviceAccountKey"] = ["serviceAccountKey must be a service account key file (type service_account, with client_email and private_key)."];
                return null;
            }
            CheckPrivateKey(errors, "serviceAccountKey", Get("private_key"), "the private_key of the key file");
            return Get("token_uri");
        }
        catch (JsonException)
        {
            errors["serviceAccountKey"] = ["serviceAccountKey is not valid JSON."];
            return null;
        }
    }
}
