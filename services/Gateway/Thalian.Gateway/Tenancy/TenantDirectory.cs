using System.Collections.Concurrent;
using Marten;

namespace Thalian.Gateway.Tenancy;

/// <summary>Creates tenants and keys, and finds a presented key across all tenants (the only cross-tenant read in the gateway).</summary>
public sealed class TenantDirectory(IDocumentStore store, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, bool> sandboxes = new();

    public async Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellation, bool sandbox = false)
    {
        var tenant = new Tenant { Id = Guid.NewGuid().ToString("N"), Name = name.Trim(), CreatedAt = clock.GetUtcNow(), Sandbox = sandbox };
        await using var session = store.LightweightSession(tenant.Id);
        session.Store(tenant);
        await session.SaveChangesAsync(cancellation);
        return tenant;
    }

    public async Task<(ApiKey Key, string Plaintext)> CreateKeyAsync(
        string tenantId, string name, string role, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellation)
    {
        var (plaintext, hash, prefix) = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = name.Trim(),
            Role = role,
            KeyHash = hash,
            Prefix = prefix,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
        };
        await using var session = store.LightweightSession(tenantId);
        session.Store(key);
        await session.SaveChangesAsync(cancellation);
        return (key, plaintext);
    }

    public async Task<ApiKey?> FindKeyAsync(string plaintext, CancellationToken cancellation)
    {
        var hash = ApiKeySecrets.Hash(plaintext);
        await using var session = store.QuerySession();
        return await session.Query<ApiKey>().Where(k => k.AnyTenant() && k.KeyHash == hash).FirstOrDefaultAsync(cancellation);
    }

    /// <summary>Whether the tenant is marked demo/test. The mark never changes after creation, so it is cached once read.</summary>
    public async Task<bool> IsSandboxAsync(string tenantId, CancellationToken cancellation)
    {
        if (sandboxes.TryGetValue(tenantId, out var known))
        {
            return known;
        }
        await using var session = store.QuerySession(tenantId);
        var sandbox = (await session.LoadAsync<Tenant>(tenantId, cancellation))?.Sandbox ?? false;
        sandboxes[tenantId] = sandbox;
        return sandbox;
    }

    public void Forget(string tenantId) => sandboxes.TryRemove(tenantId, out _);

    public async Task<bool> TenantExistsAsync(string tenantId, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<Tenant>(tenantId, cancellation) is not null;
    }
}
