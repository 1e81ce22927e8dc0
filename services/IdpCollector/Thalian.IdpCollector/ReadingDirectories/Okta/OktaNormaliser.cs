using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>Okta user → common lifecycle (idp-wire.md §7).</summary>
public static class OktaNormaliser
{
    public static (IdpLifecycle Lifecycle, bool CredentialAttention) Lifecycle(string? status, string? transitioningTo) =>
        transitioningTo == "DEPROVISIONED" ? (IdpLifecycle.Deprovisioned, false) : status switch
        {
            "ACTIVE" => (IdpLifecycle.Active, false),
            "PASSWORD_EXPIRED" or "RECOVERY" => (IdpLifecycle.Active, true),
            "STAGED" or "PROVISIONED" => (IdpLifecycle.Staged, false),
            "LOCKED_OUT" => (IdpLifecycle.Locked, false),
            "SUSPENDED" => (IdpLifecycle.Suspended, false),
            "DEPROVISIONED" => (IdpLifecycle.Deprovisioned, false),
            _ => (IdpLifecycle.Unknown, false),
        };

    public static IdpAccountObservation? Normalise(JsonElement user, string pass)
    {
        var id = user.Str("id");
        if (id is null)
        {
            return null;
        }
        var status = user.Str("status");
        var transitioning = user.Str("transitioningToStatus");
        var (lifecycle, attention) = Lifecycle(status, transitioning);
        var email = user.Str("profile", "email");
        var name = user.Str("profile", "displayName")
            ?? string.Join(' ', new[] { user.Str("profile", "firstName"), user.Str("profile", "lastName") }.Where(n => n is not null));
        return new IdpAccountObservation
        {
            ExternalId = id,
            Lifecycle = lifecycle,
            RawStatus = transitioning is null ? status ?? "" : $"{status} (transitioningToStatus={transitioning})",
            PrimaryEmail = email,
            Emails = JsonFields.Distinct([user.Str("profile", "login") is { } login && login.Contains('@', StringComparison.Ordinal) ? login : null], email),
            Usernames = JsonFields.Distinct([user.Str("profile", "login")]),
            DisplayName = string.IsNullOrWhiteSpace(name) ? null : name,
            StatusChangedAt = user.Time("statusChanged"),
            CredentialAttention = attention,
            Pass = pass,
        };
    }
}
