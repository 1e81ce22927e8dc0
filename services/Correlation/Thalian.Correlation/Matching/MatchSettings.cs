using Thalian.Contracts.Findings;

namespace Thalian.Correlation.Matching;

/// <summary>The part of the tenant's settings (owned by findings) that matching uses; one document per tenant.</summary>
public sealed record MatchSettings
{
    public const string DocumentId = "matching";
    public static readonly IReadOnlyList<string> DefaultPersonTagKeys = new TenantSettingsChanged { TenantId = "", ChangedAt = default }.PersonTagKeys;

    public string Id { get; init; } = DocumentId;
    public long Version { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public IReadOnlyList<string> PersonTagKeys { get; init; } = DefaultPersonTagKeys;
}

/// <summary>An IdP connection correlation has heard of. A removed connection's accounts no longer count for matching.</summary>
public sealed record IdpConnectionState
{
    public Guid Id { get; init; }
    public string Provider { get; init; } = "";
    public bool Removed { get; init; }
    public DateTimeOffset? RemovedAt { get; init; }
}
