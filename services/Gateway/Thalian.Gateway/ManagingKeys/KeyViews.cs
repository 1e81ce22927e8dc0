using Thalian.Gateway.Tenancy;

namespace Thalian.Gateway.ManagingKeys;

public sealed record CreateKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

/// <summary>What the API shows of a key: never the secret, never its hash.</summary>
public sealed record KeySummary(
    Guid Id, string Name, string Role, string Prefix, string Status,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public static KeySummary Of(ApiKey key, DateTimeOffset now) => new(
        key.Id, key.Name, key.Role, key.Prefix,
        key.IsRevoked ? "revoked" : key.HasExpiredAt(now) ? "expired" : "active",
        key.CreatedAt, key.CreatedBy, key.ExpiresAt, key.RevokedAt);
}

/// <summary>The only response that ever carries the secret: the reply to creating the key.</summary>
public sealed record CreatedKey(
    Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);
