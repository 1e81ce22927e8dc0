using Marten;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Closes a source's identities — all of them (its connection was removed) or those a complete run did not list —
/// each as its aggregate's decider says. Complete-run deletions and connection removal both go through here.
/// </summary>
public static class ClosingIdentities
{
    /// <summary>An open identity as the choice needs it: its key in a run's seen list ("user:…", "role:…", an external id).</summary>
    public sealed record Open(Guid Id, string Key, DateTimeOffset ObservedAt);

    /// <summary>The AWS account's IAM users and roles that <paramref name="close"/> picks; returns how many were closed.</summary>
    public static async Task<int> CloseAwsAccountAsync(IDocumentSession session, string accountId, Func<Open, bool> close,
        string reason, DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        // Only the few fields needed to choose; whole documents are loaded for the identities actually closed.
        var users = await session.Query<IamUser>().Where(u => u.AccountId == accountId && !u.Deleted)
            .Select(u => new { u.Id, u.User.UserId, u.ObservedAt }).ToListAsync(ct);
        var roles = await session.Query<IamRole>().Where(r => r.AccountId == accountId && !r.Deleted)
            .Select(r => new { r.Id, r.Role.RoleId, r.ObservedAt }).ToListAsync(ct);
        return await CloseAsync<IamUser>(session, users.Select(u => new Open(u.Id, "user:" + u.UserId, u.ObservedAt)).Where(close),
                u => IamUserDecider.Delete(u, reason, at, run), ct)
            + await CloseAsync<IamRole>(session, roles.Select(r => new Open(r.Id, "role:" + r.RoleId, r.ObservedAt)).Where(close),
                r => IamRoleDecider.Delete(r, reason, at, run), ct);
    }

    /// <summary>The IdP connection's accounts that <paramref name="close"/> picks; returns how many were removed.</summary>
    public static async Task<int> CloseIdpConnectionAsync(IDocumentSession session, Guid connectionId, Func<Open, bool> close,
        string reason, DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        var accounts = await session.Query<IdpAccount>().Where(a => a.ConnectionId == connectionId && !a.Removed)
            .Select(a => new { a.Id, a.Account.ExternalId, a.ObservedAt }).ToListAsync(ct);
        return await CloseAsync<IdpAccount>(session, accounts.Select(a => new Open(a.Id, a.ExternalId, a.ObservedAt)).Where(close),
            a => IdpAccountDecider.Remove(a, reason, at, run), ct);
    }

    private static async Task<int> CloseAsync<T>(IDocumentSession session, IEnumerable<Open> chosen, Func<T, IReadOnlyList<object>> decide,
        CancellationToken ct) where T : class, IStreamState
    {
        var ids = chosen.Select(o => o.Id).ToArray();
        var closed = 0;
        foreach (var state in ids.Length == 0 ? [] : await session.LoadManyAsync<T>(ct, ids))
        {
            var events = decide(state);
            session.AppendDecided<T>(state.Id, state.Version, events);
            closed += events.Count > 0 ? 1 : 0;
        }
        return closed;
    }
}
