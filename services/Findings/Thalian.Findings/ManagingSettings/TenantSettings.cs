namespace Thalian.Findings.ManagingSettings;

/// <summary>
/// A tenant's detection settings (one Marten document per tenant, id = tenant id). The defaults below are the
/// documented product defaults and apply until the tenant saves its own.
/// </summary>
public sealed record TenantSettings
{
    public string Id { get; init; } = "";
    /// <summary>An active key unused (or never used and created) more than this many days ago is stale.</summary>
    public int StaleKeyDays { get; init; } = 90;
    /// <summary>An active key created more than this many days ago is not rotated.</summary>
    public int KeyRotationDays { get; init; } = 90;
    /// <summary>Root use within this many days fires root-recently-used.</summary>
    public int RootUseWindowDays { get; init; } = 90;
    public string ServiceAccountTagKey { get; init; } = "thalian:service-account";
    /// <summary>IAM path prefixes that mark service accounts, e.g. "/service/". None by default.</summary>
    public IReadOnlyList<string> ServiceAccountPathPrefixes { get; init; } = [];
    /// <summary>Globs on the IAM user name that mark service accounts, e.g. "svc-*". None by default.</summary>
    public IReadOnlyList<string> ServiceAccountNamePatterns { get; init; } = [];
    /// <summary>IAM tag keys that name the person (used by correlation for matching).</summary>
    public IReadOnlyList<string> PersonTagKeys { get; init; } = ["email", "idp-user"];
    public IReadOnlyList<ServiceAccountExclusion> Exclusions { get; init; } = [];
    /// <summary>AWS account ids trusted like the tenant's own accounts by the cross-account trust rule.</summary>
    public IReadOnlyList<string> TrustedAccountIds { get; init; } = [];
    public long Version { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public static TenantSettings DefaultFor(string tenantId) => new() { Id = tenantId };
}

/// <summary>An explicit "this IAM user is not a person" decision; it lapses at <see cref="ExpiresAt"/>.</summary>
public sealed record ServiceAccountExclusion(string UserArn, string Owner, string Reason, DateTimeOffset ExpiresAt);
