using Thalian.Contracts.Correlation;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.Matching;

/// <summary>An IdP account as the matcher sees it.</summary>
/// <param name="DeletedState">Listed by the IdP in a deleted state (Entra deleted items, Google deleted users).</param>
public sealed record IdpCandidate(LinkedIdpAccount Account, IdpKeys Keys, bool DeletedState = false)
{
    public string Key => IdpMatches.AccountKey(Account.ConnectionId, Account.ExternalId);

    public static IdpCandidate From(IdpAccount account) => new(
        new LinkedIdpAccount(account.ConnectionId, account.Provider, account.ExternalId, account.Account.PrimaryEmail,
            account.Account.Lifecycle, account.Account.RawStatus, account.EffectiveLeftActiveAt, account.Removed, account.RemovedAt),
        account.Keys,
        account.Account.Pass == "deleted");
}
