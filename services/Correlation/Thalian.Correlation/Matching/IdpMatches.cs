using Thalian.Contracts.Correlation;

namespace Thalian.Correlation.Matching;

public static class IdpMatches
{
    public const string Linked = "linked";
    public const string Unmatched = "unmatched";
    public const string Ambiguous = "ambiguous";
    public const string NoIdpState = "no-idp";

    public static readonly IdpMatch NoIdp = new(NoIdpState, null, null, [], ["no IdP connected"]);

    public static string AccountKey(Guid connectionId, string externalId) => $"{connectionId:D}/{externalId}";

    public static bool SameLink(IdpMatch a, IdpMatch b) =>
        a.State == b.State && a.Method == b.Method && a.Confidence == b.Confidence
        && a.Accounts.Select(x => AccountKey(x.ConnectionId, x.ExternalId)).SequenceEqual(b.Accounts.Select(x => AccountKey(x.ConnectionId, x.ExternalId)));

    public static bool Same(IdpMatch a, IdpMatch b) =>
        SameLink(a, b) && a.Accounts.SequenceEqual(b.Accounts) && (a.RemovedMatches ?? []).SequenceEqual(b.RemovedMatches ?? []);
}
