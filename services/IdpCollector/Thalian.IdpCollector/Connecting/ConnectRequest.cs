using System.Text.Json;

namespace Thalian.IdpCollector.Connecting;

/// <summary>The body of POST /api/v1/integrations/{provider} and PUT .../credentials; each vendor uses its own subset.</summary>
public sealed record ConnectRequest
{
    public string? DisplayName { get; init; }
    // Okta
    public string? OrgUrl { get; init; }
    public string? ApiToken { get; init; }
    public string? ClientId { get; init; }
    public string? PrivateKey { get; init; }
    public string? KeyId { get; init; }
    public bool? Dpop { get; init; }
    // Entra
    public string? TenantId { get; init; }
    public string? ClientSecret { get; init; }
    public string? Certificate { get; init; }
    public string? AuthorityHost { get; init; }
    public string? GraphBaseUrl { get; init; }
    public string? Cloud { get; init; }
    // Google
    public JsonElement? ServiceAccountKey { get; init; }
    public string? AdminEmail { get; init; }
    public string? Customer { get; init; }
    public string? TokenUri { get; init; }
    public string? DirectoryBaseUrl { get; init; }
    // JumpCloud
    public string? ApiKey { get; init; }
    public string? OrgId { get; init; }
    public string? Region { get; init; }
    // OneLogin (and JumpCloud with custom endpoints)
    public string? Subdomain { get; init; }
    public string? BaseUrl { get; init; }
}
