using Thalian.Contracts.Correlation;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Matching;

/// <summary>Turns a re-evaluated match into link events on the IAM user's stream.</summary>
public static class LinkRules
{
    /// <summary>The accounts the user is linked to (or candidates of an ambiguous match) that the proposal drops.</summary>
    public static IReadOnlyList<LinkedIdpAccount> Lost(IdpMatch current, IdpMatch proposed)
    {
        var kept = proposed.Accounts.Select(a => IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)).ToHashSet();
        return [.. current.Accounts.Where(a => !kept.Contains(IdpMatches.AccountKey(a.ConnectionId, a.ExternalId)))];
    }

    public static bool LosesLink(IdpMatch current, IdpMatch proposed) => Lost(current, proposed).Count > 0;

    /// <param name="mayUnlink">
    /// False unless the evidence is complete (a complete sync, an explicit mapping change, a removed connection):
    /// an incomplete view of the world never unlinks, it only refreshes what it knows about the linked accounts.
    /// </param>
    public static IReadOnlyList<object> Decide(IdpMatch current, IdpMatch proposed, IReadOnlyDictionary<string, LinkedIdpAccount> freshAccounts,
        bool mayUnlink, string trigger, DateTimeOffset at, Guid? run)
    {
        if (!mayUnlink && LosesLink(current, proposed))
        {
            proposed = current with
            {
                Accounts = [.. current.Accounts.Select(a => freshAccounts.GetValueOrDefault(IdpMatches.AccountKey(a.ConnectionId, a.ExternalId), a))],
            };
        }
        if (IdpMatches.Same(current, proposed))
        {
            return [];
        }
        if (IdpMatches.SameLink(current, proposed))
        {
            return [new LinkedIdpAccountChanged(proposed, trigger, at, run)];
        }
        return proposed.State switch
        {
            IdpMatches.Linked => [new IamUserLinkedToIdpAccount(proposed, trigger, at, run)],
            IdpMatches.Ambiguous => [new IamUserMatchAmbiguous(proposed, trigger, at, run)],
            _ when current.Accounts.Count > 0 => [new IamUserUnlinked(proposed, current.Accounts, trigger, at, run)],
            _ => [new IamUserMatchStateChanged(proposed, trigger, at, run)],
        };
    }
}
