using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.TrackingIdpAccounts;

public sealed record IdpAccountCreated(Guid IdentityId, Guid ConnectionId, string Provider, IdpAccountObservation Account, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpAccountEvent;

/// <summary>An account a complete sync had removed was listed again.</summary>
public sealed record IdpAccountReappeared(IdpAccountObservation Account, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpAccountEvent;

/// <summary>Common shape of the lifecycle transitions.</summary>
public interface IIdpLifecycleEvent : IIdpAccountEvent
{
    IdpLifecycle Lifecycle { get; }
    string RawStatus { get; }
    DateTimeOffset? StatusChangedAt { get; }
}

public sealed record IdpAccountActivated(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

public sealed record IdpAccountReactivated(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

public sealed record IdpAccountSuspended(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

public sealed record IdpAccountDeprovisioned(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

public sealed record IdpAccountLocked(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

/// <summary>To Staged or Unknown, or a raw status change within the same normalised lifecycle.</summary>
public sealed record IdpAccountStatusChanged(IdpLifecycle Lifecycle, string RawStatus, DateTimeOffset? StatusChangedAt, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpLifecycleEvent;

/// <summary>Emails, usernames, display name or the vendor's status time changed; carries the full new account.</summary>
public sealed record IdpAccountProfileChanged(IdpAccountObservation Account, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpAccountEvent;

/// <param name="Reason">"not-seen-in-complete-sync" or "connection-removed".</param>
public sealed record IdpAccountRemoved(string Reason, DateTimeOffset ObservedAt, Guid? SyncRunId) : IIdpAccountEvent;
