using Marten;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.Matching;

/// <summary>What matching a set of IAM users needs from the store, loaded with a few queries per batch.</summary>
public sealed class MatchContext(MatchSettings settings, bool anyIdpConnected, IReadOnlyList<IdpCandidate> candidates)
{
    private readonly IReadOnlyDictionary<string, LinkedIdpAccount> _fresh = candidates.DistinctBy(c => c.Key).ToDictionary(c => c.Key, c => c.Account);

    public static async Task<MatchContext> LoadAsync(IQuerySession session, IReadOnlyCollection<IamUser> users, CancellationToken ct)
    {
        var settings = await session.LoadAsync<MatchSettings>(MatchSettings.DocumentId, ct) ?? new MatchSettings();
        var connections = (await session.Query<IdpConnectionState>().Where(c => !c.Removed).ToListAsync(ct)).Select(c => c.Id).ToHashSet();
        if (users.Count == 0 || connections.Count == 0)
        {
            return new MatchContext(settings, connections.Count > 0, []);
        }
        var keys = users.SelectMany(u => u.MatchKeys).Distinct().ToArray();
        var byKey = keys.Length == 0 ? [] : await session.Query<IdpAccount>().Where(a => a.MatchKeys.Any(k => keys.Contains(k))).ToListAsync(ct);
        var candidates = byKey.Select(IdpCandidate.From).Concat(await ByIdAsync(session, users, ct))
            .Where(c => connections.Contains(c.Account.ConnectionId))
            .DistinctBy(c => c.Key)
            .ToList();
        return new MatchContext(settings, true, candidates);
    }

    /// <summary>Explicit targets and currently linked accounts, found by their deterministic stream ids.</summary>
    private static async Task<List<IdpCandidate>> ByIdAsync(IQuerySession session, IReadOnlyCollection<IamUser> users, CancellationToken ct)
    {
        var tenant = session.TenantId;
        var ids = users.SelectMany(u => u.Match.Accounts.Select(a => StreamIds.IdpAccount(tenant, a.ConnectionId, a.ExternalId))
                .Concat(u.ExplicitMapping is { } m ? [StreamIds.IdpAccount(tenant, m.ConnectionId, m.ExternalId)] : []))
            .Distinct()
            .ToArray();
        return ids.Length == 0 ? [] : [.. (await session.LoadManyAsync<IdpAccount>(ct, ids)).Select(IdpCandidate.From)];
    }

    public LinkOutcome Evaluate(IamUser user, bool mayUnlink, string trigger, DateTimeOffset at, Guid? run)
    {
        if (user.Deleted)
        {
            return new([], []);
        }
        var proposed = IdentityMatcher.Match(user.User, user.ExplicitMapping, settings.PersonTagKeys, anyIdpConnected, candidates);
        var deferred = mayUnlink ? [] : LinkRules.Lost(user.Match, proposed);
        return new(LinkRules.Decide(user.Match, proposed, _fresh, mayUnlink, trigger, at, run), deferred);
    }
}
