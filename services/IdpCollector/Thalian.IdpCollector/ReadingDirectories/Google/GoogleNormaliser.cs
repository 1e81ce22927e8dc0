using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Google;

/// <summary>
/// Google Workspace user → common lifecycle: deleted or archived is Deprovisioned, suspended is Suspended, and only
/// an explicit suspended=false with archived=false is Active — a user whose flags are missing is Unknown.
/// </summary>
public static class GoogleNormaliser
{
    public static IdpLifecycle Lifecycle(bool? suspended, bool? archived, bool deleted) =>
        deleted || archived == true ? IdpLifecycle.Deprovisioned
        : suspended == true ? IdpLifecycle.Suspended
        : suspended is null || archived is null ? IdpLifecycle.Unknown
        : IdpLifecycle.Active;

    public static IdpAccountObservation? Normalise(JsonElement user, bool deleted)
    {
        var id = user.Str("id");
        if (id is null)
        {
            return null;
        }
        var (suspended, archived) = (user.Bool("suspended"), user.Bool("archived"));
        var primary = user.Str("primaryEmail");
        var raw = deleted ? "deleted" : $"suspended={Flag(suspended)}, archived={Flag(archived)}";
        if (user.Str("suspensionReason") is { } reason)
        {
            raw += $" ({reason})";
        }
        var addresses = user.Strings("aliases").Concat(user.Strings("nonEditableAliases"))
            .Concat(user.Get("emails") is { ValueKind: JsonValueKind.Array } emails
                ? emails.EnumerateArray().Select(e => e.Str("address")).OfType<string>()
                : []);
        return new IdpAccountObservation
        {
            ExternalId = id,
            Lifecycle = Lifecycle(suspended, archived, deleted),
            RawStatus = raw,
            PrimaryEmail = primary,
            Emails = JsonFields.Distinct(addresses, primary),
            Usernames = JsonFields.Distinct([primary?.Split('@')[0]]),
            DisplayName = user.Str("name", "fullName"),
            StatusChangedAt = deleted ? user.Time("deletionTime") : null,
            IsGuest = user.Bool("isGuestUser") == true,
            Pass = deleted ? "deleted" : "main",
        };
    }

    private static string Flag(bool? value) => value is null ? "(none)" : value.Value ? "true" : "false";
}
