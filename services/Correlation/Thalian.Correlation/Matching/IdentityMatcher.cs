using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Matching;

/// <summary>
/// Links an IAM user to IdP accounts per rules.md: explicit mapping, person tag, email, username, then
/// plus-address (low confidence). The first method that finds a listed account wins; accounts a complete sync no
/// longer returns never match (they are kept as evidence). Within one IdP connection a current account wins over
/// deleted-state ones; several current accounts make the result ambiguous; only deleted-state ones link them all.
/// </summary>
public static class IdentityMatcher
{
    /// <param name="candidates">IdP accounts of the tenant's connected IdPs that share a key with the user (or are its explicit target).</param>
    public static IdpMatch Match(IamUserObservation user, ExplicitIdpMapping? explicitMapping, IReadOnlyList<string> personTagKeys,
        bool anyIdpConnected, IReadOnlyCollection<IdpCandidate> candidates)
    {
        var attempts = new List<string>();
        var removed = new List<LinkedIdpAccount>();
        if (explicitMapping is not null)
        {
            var target = Find(candidates, c => c.Account.ConnectionId == explicitMapping.ConnectionId && c.Account.ExternalId == explicitMapping.ExternalId, removed);
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
            var found = Find(candidates, c => c.Keys.Emails.Contains(value) || c.Keys.Usernames.Contains(value), removed);
            if (found.Count > 0)
            {
                return Result("tag", "high", found, attempts);
            }
            attempts.Add($"tag {tag.Key}={tag.Value}: no IdP account");
        }
        var name = MatchKeys.Normalize(user.UserName);
        if (MatchKeys.LooksLikeEmail(name))
        {
            var byEmail = Find(candidates, c => c.Keys.Emails.Contains(name), removed);
            if (byEmail.Count > 0)
            {
                return Result("email", "high", byEmail, attempts);
            }
            attempts.Add($"email {name}: no IdP account with this primary email or alias");
            var stripped = MatchKeys.StripPlus(name);
            var byPlus = Find(candidates, c => c.Keys.PlusStripped.Contains(stripped), removed);
            if (byPlus.Count > 0)
            {
                return Result("plus-address", "low", byPlus, attempts);
            }
            attempts.Add($"plus-address {stripped}: no IdP account");
        }
        else
        {
            var byName = Find(candidates, c => c.Keys.Usernames.Contains(name), removed);
            if (byName.Count > 0)
            {
                return Result("username", "high", byName, attempts);
            }
            attempts.Add($"username {name}: no IdP account with this username");
        }
        var gone = removed.DistinctBy(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId))
            .OrderBy(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId), StringComparer.Ordinal).ToList();
        if (gone.Count > 0)
        {
            attempts.Add($"removed from the IdP (no longer listed, not a match): {string.Join(", ", gone.Select(Describe))}");
        }
        return new IdpMatch(IdpMatches.Unmatched, null, null, [], attempts, gone.Count > 0 ? gone : null);
    }

    /// <summary>Listed accounts that match; matching removed ones are collected as evidence only.</summary>
    private static List<IdpCandidate> Find(IReadOnlyCollection<IdpCandidate> candidates, Func<IdpCandidate, bool> matches, List<LinkedIdpAccount> removed)
    {
        var found = candidates.Where(matches).ToList();
        removed.AddRange(found.Where(c => c.Account.Removed).Select(c => c.Account));
        return [.. found.Where(c => !c.Account.Removed)
            .GroupBy(c => c.Account.ConnectionId)
            .SelectMany(g => g.Any(c => !c.DeletedState) ? g.Where(c => !c.DeletedState) : g)];
    }

    private static IdpMatch Result(string method, string confidence, List<IdpCandidate> found, List<string> attempts)
    {
        var distinct = found.DistinctBy(c => c.Key).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        // Deleted-state accounts only survive Find when their connection lists no current one: all of them are linked.
        var ambiguous = distinct.GroupBy(c => c.Account.ConnectionId).Any(g => g.Count() > 1 && g.Any(c => !c.DeletedState));
        var accounts = distinct.Select(c => c.Account).ToList();
        attempts.Add(ambiguous ? $"{method}: {accounts.Count} accounts of one IdP match" : $"{method}: matched {accounts.Count}");
        return new IdpMatch(ambiguous ? IdpMatches.Ambiguous : IdpMatches.Linked, method, confidence, accounts, attempts);
    }

    private static string Describe(LinkedIdpAccount a) =>
        $"{a.Provider} {a.PrimaryEmail ?? a.ExternalId} (removed {a.RemovedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "at an unknown time"})";
}
