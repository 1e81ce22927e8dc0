using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.JumpCloud;

/// <summary>JumpCloud system user → common lifecycle. <c>state</c> and the legacy <c>suspended</c> flag may disagree: either suspends.</summary>
public static class JumpCloudNormaliser
{
    public static (IdpLifecycle Lifecycle, bool CredentialAttention) Lifecycle(string? state, bool? suspended, bool? locked, bool? passwordExpired)
    {
        if (state == "SUSPENDED" || suspended == true)
        {
            return (IdpLifecycle.Suspended, false);
        }
        if (locked == true)
        {
            return (IdpLifecycle.Locked, false);
        }
        return state switch
        {
            "STAGED" => (IdpLifecycle.Staged, false),
            "ACTIVATED" => (IdpLifecycle.Active, passwordExpired == true),
            _ => (IdpLifecycle.Unknown, false),
        };
    }

    public static IdpAccountObservation? Normalise(JsonElement user)
    {
        var id = user.Str("_id") ?? user.Str("id");
        if (id is null)
        {
            return null;
        }
        var (state, suspended, locked) = (user.Str("state"), user.Bool("suspended"), user.Bool("account_locked"));
        var (lifecycle, attention) = Lifecycle(state, suspended, locked, user.Bool("password_expired"));
        var email = user.Str("email");
        var name = user.Str("displayname") ?? string.Join(' ', new[] { user.Str("firstname"), user.Str("lastname") }.Where(n => !string.IsNullOrEmpty(n)));
        return new IdpAccountObservation
        {
            ExternalId = id,
            Lifecycle = lifecycle,
            RawStatus = $"state={state ?? "(none)"}, suspended={Flag(suspended)}, account_locked={Flag(locked)}",
            PrimaryEmail = email,
            Emails = JsonFields.Distinct([user.Str("alternateEmail")], email),
            Usernames = JsonFields.Distinct([user.Str("username")]),
            DisplayName = string.IsNullOrWhiteSpace(name) ? null : name,
            CredentialAttention = attention,
            Pass = "main",
        };
    }

    private static string Flag(bool? value) => value is null ? "(none)" : value.Value ? "true" : "false";
}
