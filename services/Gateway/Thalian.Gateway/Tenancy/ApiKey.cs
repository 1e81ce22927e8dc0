namespace Thalian.Gateway.Tenancy;

/// <summary>
/// An API key of one tenant. Only the SHA-256 of the secret is stored (keys carry 256 random bits, so a slow hash adds nothing);
/// <see cref="Prefix"/> is a short, non-secret handle that lets people tell their keys apart.
/// </summary>
public sealed record ApiKey
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required string KeyHash { get; init; }
    public required string Prefix { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    public bool HasExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    public bool IsUsableAt(DateTimeOffset now) => !IsRevoked && !HasExpiredAt(now);
}
