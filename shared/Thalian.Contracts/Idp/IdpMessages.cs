namespace Thalian.Contracts.Idp;

/// <summary>The identity providers Thalian reads. Values are the API path segments.</summary>
public static class IdpProviders
{
    public const string Okta = "okta";
    public const string Entra = "entra";
    public const string GoogleWorkspace = "google-workspace";
    public const string JumpCloud = "jumpcloud";
    public const string OneLogin = "onelogin";
    public static readonly IReadOnlyList<string> All = [Okta, Entra, GoogleWorkspace, JumpCloud, OneLogin];
}

/// <summary>Common lifecycle every vendor status maps to. Unknown raw values are <see cref="Unknown"/>, never Active.</summary>
public enum IdpLifecycle { Unknown, Active, Staged, Locked, Suspended, Deprovisioned }

[EntityName("thalian.idp.sync-idp-connection")]
public sealed record SyncIdpConnection(string TenantId, Guid ConnectionId, Guid CorrelationId, string Reason);

[EntityName("thalian.idp.observations")]
public sealed record IdpAccountsObserved
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid SyncRunId { get; init; }
    public required Guid ConnectionId { get; init; }
    public required string Provider { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public IReadOnlyList<IdpAccountObservation> Accounts { get; init; } = [];
    /// <summary>
    /// A re-read of named accounts (a real-time hint), not a page of a listing: no completion follows and nothing may be
    /// closed, deleted or resolved because an account is absent from it. <see cref="SyncRunId"/> is the refresh's own id.
    /// </summary>
    public bool Targeted { get; init; }
}

/// <summary>Re-read these accounts from the vendor now (a hook named them); a hook's own content is never taken as state.</summary>
[EntityName("thalian.idp.refresh-accounts")]
public sealed record RefreshIdpAccounts(string TenantId, Guid ConnectionId, Guid CorrelationId, IReadOnlyList<string> ExternalIds, string Reason);

public sealed record IdpAccountObservation
{
    /// <summary>The vendor's immutable id.</summary>
    public required string ExternalId { get; init; }
    public required IdpLifecycle Lifecycle { get; init; }
    public required string RawStatus { get; init; }
    public string? PrimaryEmail { get; init; }
    /// <summary>Aliases and other addresses, besides the primary one.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
    /// <summary>Every username the vendor knows the person by (login, mailNickname, samaccountname, ...).</summary>
    public IReadOnlyList<string> Usernames { get; init; } = [];
    public string? DisplayName { get; init; }
    /// <summary>The vendor's own status-changed time, where it has one.</summary>
    public DateTimeOffset? StatusChangedAt { get; init; }
    /// <summary>Added: the person is enabled but their credential needs attention (password expired, reset pending).</summary>
    public bool CredentialAttention { get; init; }
    /// <summary>Added: a guest/external account (Entra userType Guest, Google isGuestUser).</summary>
    public bool IsGuest { get; init; }
    /// <summary>Added: which listing pass saw the account ("main", "deprovisioned", "deleted").</summary>
    public string? Pass { get; init; }
}

[EntityName("thalian.idp.sync-completed")]
public sealed record IdpSyncCompleted
{
    public required string TenantId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid SyncRunId { get; init; }
    public required Guid ConnectionId { get; init; }
    public required string Provider { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    /// <summary>False when the listing failed part way: the accounts seen are not the directory.</summary>
    public required bool Complete { get; init; }
    public string? Error { get; init; }
    public int AccountCount { get; init; }
    public int BatchCount { get; init; }
}

/// <summary>An IdP connection was deleted: its accounts no longer count for matching.</summary>
[EntityName("thalian.idp.connection-removed")]
public sealed record IdpConnectionRemoved(string TenantId, Guid ConnectionId, string Provider, DateTimeOffset RemovedAt);
