namespace Thalian.Gateway.Authenticating;

/// <summary>Optional OIDC JWT bearer (section Thalian:Oidc). Off unless Authority is set; then Audience is required.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? Audience { get; set; }
    public string TenantClaim { get; set; } = "thalian_tenant";
    public string RoleClaim { get; set; } = "thalian_role";
    /// <summary>The role-claim value that grants admin; any other value (or none) gives reader.</summary>
    public string AdminRoleValue { get; set; } = "admin";
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
