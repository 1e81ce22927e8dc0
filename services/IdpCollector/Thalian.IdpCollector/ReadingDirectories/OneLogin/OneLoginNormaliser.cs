using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.OneLogin;

/// <summary>OneLogin user → common lifecycle. <c>state</c> (approval/licence) blocks access before <c>status</c> counts.</summary>
public static class OneLoginNormaliser
{
    public static (IdpLifecycle Lifecycle, bool CredentialAttention) Lifecycle(int? status, int? state) => state switch
    {
        2 or 3 => (IdpLifecycle.Suspended, false),
        0 => (IdpLifecycle.Staged, false),
        1 or null => status switch
        {
            1 => (IdpLifecycle.Active, false),
            4 or 5 or 8 => (IdpLifecycle.Active, true),
            0 or 7 => (IdpLifecycle.Staged, false),
            2 => (IdpLifecycle.Suspended, false),
            3 => (IdpLifecycle.Locked, false),
            _ => (IdpLifecycle.Unknown, false),
        },
        _ => (IdpLifecycle.Unknown, false),
    };

    public static IdpAccountObservation? Normalise(JsonElement user)
    {
        var id = user.Str("id");
        if (id is null)
        {
            return null;
        }
        var (status, state) = (user.Number("status"), user.Number("state"));
        var (lifecycle, attention) = Lifecycle(status, state);
        var email = user.Str("email");
        var upn = user.Str("userprincipalname");
        var name = string.Join(' ', new[] { user.Str("firstname"), user.Str("lastname") }.Where(n => !string.IsNullOrEmpty(n)));
        return new IdpAccountObservation
        {
            ExternalId = id,
            Lifecycle = lifecycle,
            RawStatus = $"status={status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, state={state?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}",
            PrimaryEmail = email,
            Emails = JsonFields.Distinct([upn is not null && upn.Contains('@', StringComparison.Ordinal) ? upn : null], email),
            Usernames = JsonFields.Distinct([user.Str("username"), user.Str("samaccountname")]),
            DisplayName = string.IsNullOrWhiteSpace(name) ? null : name,
            CredentialAttention = attention,
            Pass = "main",
        };
    }
}
