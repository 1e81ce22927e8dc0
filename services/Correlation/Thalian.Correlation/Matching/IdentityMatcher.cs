using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Matching;

/// <summary>
/// Links an IAM user to IdP accounts per rules.md: explicit mapping, person tag, email, username, then
/// plus-address (low confidence). The first method that finds anything wins; several accounts of one IdP
/// connection make the result ambiguous, one per connection links them all.
/// </summary>
public static class IdentityMatcher
{
    /// <param name="candidates">IdP accounts of the tenant's connected IdPs that share a key with the user (or are its explicit target).</param>
    public static IdpMatch Match(IamUserObservation user, ExplicitIdpMapping? explicitMapping, IReadOnlyList<string> personTagKeys,
        bool anyIdpConnected, IReadOnlyCollection<IdpCandidate> candidates)
    {
        var attempts = new List<string>();
        if (explicitMapping is not null)
        {
            var target = candidates.Where(c => c.Account.ConnectionId == explicitMapping.ConnectionId && c.Account.ExternalId == explicitMapping.ExternalId).ToList();
            if (target.Count > 0)
            {
                return Result("explicit", "high", target, attempts);
            }
            attempts.Add($"explicit: {explicitMapping.ConnectionId}/{explicitMapping.ExternalId} is not a known account of a connected IdP");
        }
        if (!anyIdpConnected)
        {
            return IdpMatches.NoIdp with { Attempts = [.. attempts, "no IdP connected"] };
        }
        foreach (var tagKey in personTagKeys)
        {
            var tag = user.Tags.FirstOrDefault(t => string.Equals(t.Key, tagKey, StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(tag.Value))
            {
                continue;
            }
            var value = MatchKeys.Normalize(tag.Value);
            var found = Find(candidates, c => c.Keys.Emails.Contains(value) || c.Keys.Usernames.Contains(value));
            if (found.Count > 0)
            {
                return Result("tag", "high", found, attempts);
            }
            attempts.Add($"tag {tag.Key}={tag.Value}: no IdP account");
        }
        var name = MatchKeys.Normalize(user.UserName);
        if (MatchKeys.LooksLikeEmail(name))
        {
            var byEmail = Find(candidates, c => c.Keys.Emails.Contains(name));
            if (byEmail.Count > 0)
            {
                return Result("email", "high", byEmail, attempts);
            }
            attempts.Add($"email {name}: no IdP account with this primary email or alias");
            var stripped = MatchKeys.StripPlus(name);
            var byPlus = Find(candidates, c => c.Keys.PlusStripped.Contains(stripped));
            if (byPlus.Count > 0)
            {
                return Result("plus-address", "low", byPlus, attempts);
            }
            attempts.Add($"plus-address {stripped}: no IdP account");
        }
        else
        {
            var byName = Find(candidates, c => c.Keys.Usernames.Contains(name));
            if (byName.Count > 0)
            {
                return Result("username", "high", byName, attempts);
            }
            attempts.Add($"username {name}: no IdP account with this username");
        }
        return new IdpMatch(IdpMatches.Unmatched, null, null, [], attempts);
    }

    /// <summary>Removed accounts only count when nothing current matches, so a re-created person wins over their deleted account.</summary>
    private static List<IdpCandidate> Find(IReadOnlyCollection<IdpCandidate> candidates, Func<IdpCandidate, bool> matches)
    {
        var found = candidates.Where(matches).ToList();
        var current = found.Where(c => !c.Account.Removed).ToList();
        return current.Count > 0 ? current : found;
    }

    private static IdpMatch Result(string method, string confidence, List<IdpCandidate> found, List<string> attempts)
    {
        var accounts = found.DistinctBy(c => c.Key).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Account).ToList();
        var ambiguous = accounts.GroupBy(a => a.ConnectionId).Any(g => g.Count() > 1);
        attempts.Add(ambiguous ? $"{method}: {accounts.Count} accounts of one IdP match" : $"{method}: matched {accounts.Count}");
        return new IdpMatch(ambiguous ? IdpMatches.Ambiguous : IdpMatches.Linked, method, confidence, accounts, attempts);
    }
}
