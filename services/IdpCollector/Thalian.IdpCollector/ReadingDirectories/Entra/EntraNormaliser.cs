using Microsoft.Graph.Models;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Entra;

/// <summary>Entra user → common lifecycle: accountEnabled is the only switch; soft-deleted users are Deprovisioned.</summary>
public static class EntraNormaliser
{
    public static IdpLifecycle Lifecycle(bool? accountEnabled, string? userType, string? externalUserState, bool deleted) =>
        deleted ? IdpLifecycle.Deprovisioned : accountEnabled switch
        {
            false => IdpLifecycle.Suspended,
            true when string.Equals(userType, "Guest", StringComparison.OrdinalIgnoreCase)
                && string.Equals(externalUserState, "PendingAcceptance", StringComparison.OrdinalIgnoreCase) => IdpLifecycle.Staged,
            true => IdpLifecycle.Active,
            null => IdpLifecycle.Unknown,
        };

    public static IdpAccountObservation? Normalise(User user, bool deleted)
    {
        if (user.Id is null)
        {
            return null;
        }
        var lifecycle = Lifecycle(user.AccountEnabled, user.UserType, user.ExternalUserState, deleted);
        var upn = user.UserPrincipalName;
        var proxies = (user.ProxyAddresses ?? []).Where(p => p.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase)).Select(p => p[5..]);
        var primary = user.Mail ?? (user.ProxyAddresses ?? []).FirstOrDefault(p => p.StartsWith("SMTP:", StringComparison.Ordinal))?[5..];
        // Deleted users' UPNs are rewritten and guest UPNs carry #EXT#; neither is an address anyone uses.
        var upnAddress = deleted || upn is null || upn.Contains("#EXT#", StringComparison.OrdinalIgnoreCase) ? null : upn;
        var raw = deleted ? $"deleted (accountEnabled={Flag(user.AccountEnabled)})" : $"accountEnabled={Flag(user.AccountEnabled)}";
        if (user.ExternalUserState is { } state)
        {
            raw += $", externalUserState={state}";
        }
        return new IdpAccountObservation
        {
            ExternalId = user.Id,
            Lifecycle = lifecycle,
            RawStatus = raw,
            PrimaryEmail = primary,
            Emails = JsonFields.Distinct(proxies.Append(upnAddress), primary),
            Usernames = JsonFields.Distinct([upnAddress, user.MailNickname, user.OnPremisesSamAccountName, user.OnPremisesUserPrincipalName]),
            DisplayName = user.DisplayName,
            StatusChangedAt = deleted ? user.DeletedDateTime : null,
            IsGuest = string.Equals(user.UserType, "Guest", StringComparison.OrdinalIgnoreCase),
            Pass = deleted ? "deleted" : "main",
        };
    }

    private static string Flag(bool? value) => value is null ? "(none)" : value.Value ? "true" : "false";
}
