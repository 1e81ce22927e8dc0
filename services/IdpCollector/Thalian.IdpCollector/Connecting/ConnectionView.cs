namespace Thalian.IdpCollector.Connecting;

/// <summary>
/// A connection as the API shows it. Field names are shared with the AWS collector's list (the gateway merges both);
/// no secret, ever.
/// </summary>
public sealed record ConnectionView(
    Guid Id,
    string Type,
    string DisplayName,
    string Status,
    DateTimeOffset? LastSyncStartedAt,
    DateTimeOffset? LastSyncCompletedAt,
    bool? LastSyncComplete,
    string? LastError,
    SyncCounts? Counts,
    DateTimeOffset CreatedAt,
    ConnectionEndpointsView Endpoints)
{
    public static ConnectionView From(IdpConnection c) => new(
        c.Id, c.Provider, c.DisplayName, c.Status, c.LastSyncStartedAt, c.LastSyncCompletedAt, c.LastSyncComplete,
        c.LastError, c.Counts, c.CreatedAt,
        new ConnectionEndpointsView(c.Settings.BaseUrl ?? c.Settings.GraphBaseUrl ?? c.Settings.DirectoryBaseUrl,
            c.Settings.ClientId, c.Settings.TenantId, c.Settings.AdminEmail, c.Settings.OrgId, c.Settings.Region));
}

/// <summary>The non-secret identifiers of a connection, so a user can tell connections apart.</summary>
public sealed record ConnectionEndpointsView(string? BaseUrl, string? ClientId, string? TenantId, string? AdminEmail, string? OrgId, string? Region);
