using Marten.Metadata;

namespace Thalian.IdpCollector.Connecting;

/// <summary>One connected IdP directory of a tenant (Marten document, tenant-scoped). Secrets only as ciphertext.</summary>
public sealed class IdpConnection : ITenanted
{
    public Guid Id { get; set; }
    public string? TenantId { get; set; }
    public string Provider { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public ConnectionSettings Settings { get; set; } = new();

    /// <summary><see cref="ConnectionSecrets"/> as JSON, encrypted with ISecretProtector. Never leaves the service.</summary>
    public string ProtectedSecrets { get; set; } = "";

    public string Status { get; set; } = ConnectionStatus.Connected;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSyncStartedAt { get; set; }
    public DateTimeOffset? LastSyncCompletedAt { get; set; }
    public bool? LastSyncComplete { get; set; }
    public string? LastError { get; set; }
    public Guid? LastSyncRunId { get; set; }
    public SyncCounts? Counts { get; set; }
    /// <summary>A sync was asked for while the tenant was at its concurrent-sync limit; the scheduler asks again.</summary>
    public bool SyncDeferred { get; set; }
}

public static class ConnectionStatus
{
    public const string Connected = "connected";
    public const string Syncing = "syncing";
    public const string Synced = "synced";
    public const string Incomplete = "incomplete";
}

/// <summary>Accounts seen by the last sync, in total and per normalised lifecycle.</summary>
public sealed record SyncCounts(int Accounts, IReadOnlyDictionary<string, int> ByLifecycle, int Requests, int Throttled);

/// <summary>The non-secret, already resolved connection fields (endpoints are absolute URLs).</summary>
public sealed record ConnectionSettings
{
    /// <summary>Okta org URL, OneLogin base URL, JumpCloud base URL.</summary>
    public string? BaseUrl { get; init; }
    public string? ClientId { get; init; }
    public string? KeyId { get; init; }
    public bool UseDpop { get; init; } = true;
    public string? TenantId { get; init; }
    public string? AuthorityHost { get; init; }
    public string? GraphBaseUrl { get; init; }
    public string? AdminEmail { get; init; }
    public string? Customer { get; init; }
    public string? TokenUri { get; init; }
    public string? DirectoryBaseUrl { get; init; }
    public string? OrgId { get; init; }
    public string? Region { get; init; }
    public string? Subdomain { get; init; }
    public string? Cloud { get; init; }
}

/// <summary>What is encrypted: the credential material of any vendor.</summary>
public sealed record ConnectionSecrets
{
    public string? ApiToken { get; init; }
    public string? PrivateKey { get; init; }
    public string? ClientSecret { get; init; }
    public string? Certificate { get; init; }
    public string? ServiceAccountKey { get; init; }
    public string? ApiKey { get; init; }
}
