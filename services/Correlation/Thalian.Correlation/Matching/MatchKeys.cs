using System.Text;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;

namespace Thalian.Correlation.Matching;

/// <summary>The normalised values an IdP account can be found by.</summary>
public sealed record IdpKeys(IReadOnlyList<string> Emails, IReadOnlyList<string> Usernames, IReadOnlyList<string> PlusStripped);

/// <summary>
/// Normalisation and lookup keys for matching (rules.md): trimmed, Unicode NFKC, case-insensitive. Keys are
/// prefixed ("e:" email, "u:" username, "p:" plus-stripped email) so one indexed array finds candidates.
/// </summary>
public static class MatchKeys
{
    public static string Normalize(string value) =>
        value.Trim().Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();

    public static bool LooksLikeEmail(string value) => value.IndexOf('@', StringComparison.Ordinal) > 0;

    /// <summary>"a+tag@x" → "a@x"; other values unchanged. Input is already normalised.</summary>
    public static string StripPlus(string email)
    {
        var at = email.LastIndexOf('@');
        var plus = at > 0 ? email.IndexOf('+', StringComparison.Ordinal) : -1;
        return plus >= 0 && plus < at ? email[..plus] + email[at..] : email;
    }

    private static string LocalPart(string value) => value[..value.LastIndexOf('@')];

    public static IdpKeys ForIdpAccount(string provider, IdpAccountObservation account)
    {
        var emails = new HashSet<string>(StringComparer.Ordinal);
        foreach (var email in account.Emails.Prepend(account.PrimaryEmail).OfType<string>().Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            emails.Add(Normalize(email));
        }
        var usernames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in account.Usernames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(Normalize))
        {
            usernames.Add(name);
            // Okta login, Entra UPN: the local part is a username too.
            if (LooksLikeEmail(name))
            {
                usernames.Add(LocalPart(name));
            }
        }
        if (provider == IdpProviders.GoogleWorkspace && account.PrimaryEmail is { } primary && LooksLikeEmail(primary))
        {
            usernames.Add(LocalPart(Normalize(primary)));
        }
        var plus = emails.Where(LooksLikeEmail).Select(StripPlus).ToHashSet(StringComparer.Ordinal);
        return new IdpKeys([.. emails.Order()], [.. usernames.Order()], [.. plus.Order()]);
    }

    public static IReadOnlyList<string> Prefixed(IdpKeys keys) =>
        [.. keys.Emails.Select(e => "e:" + e), .. keys.Usernames.Select(u => "u:" + u), .. keys.PlusStripped.Select(p => "p:" + p)];

    /// <summary>Every key any matching method could look up for this user (name and all tag values).</summary>
    public static IReadOnlyList<string> ForIamUser(IamUserObservation user)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tagValue in user.Tags.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Normalize))
        {
            keys.Add("e:" + tagValue);
            keys.Add("u:" + tagValue);
        }
        var name = Normalize(user.UserName);
        if (LooksLikeEmail(name))
        {
            keys.Add("e:" + name);
            keys.Add("p:" + StripPlus(name));
        }
        else
        {
            keys.Add("u:" + name);
        }
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
