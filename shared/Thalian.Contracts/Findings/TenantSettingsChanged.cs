namespace Thalian.Contracts.Findings;

/// <summary>
/// Findings owns tenant settings; correlation needs the matching part of them. Published on every change
/// (full state, so the latest message wins).
/// </summary>
[EntityName("thalian.findings.tenant-settings-changed")]
public sealed record TenantSettingsChanged
{
    public required string TenantId { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public long Version { get; init; }
    /// <summary>IAM tag keys that name the person (default "email", "idp-user").</summary>
    public IReadOnlyList<string> PersonTagKeys { get; init; } = ["email", "idp-user"];
    public string ServiceAccountTagKey { get; init; } = "thalian:service-account";
    public IReadOnlyList<string> ServiceAccountPathPrefixes { get; init; } = [];
    public IReadOnlyList<string> ServiceAccountNamePatterns { get; init; } = [];
}
