using Marten;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>
/// Closes the identities a complete run did not see. An identity observed after the run started (by a newer,
/// overlapping run) is left alone: this run's listing is older than what we know about it.
/// </summary>
public static class CompleteRunDeletions
{
    public const string NotSeen = "not-seen-in-complete-sync";

    public static async Task<int> ApplyAsync(IDocumentSession session, SyncRunCompletion run, IReadOnlySet<string> seen, CancellationToken ct) =>
        run.SourceKind == "aws" ? await AwsAsync(session, run, seen, ct) : await IdpAsync(session, run, seen, ct);

    private static async Task<int> AwsAsync(IDocumentSession session, SyncRunCompletion run, IReadOnlySet<string> seen, CancellationToken ct)
    {
        // Only the few fields needed to decide; full documents are loaded for the identities actually gone.
        var users = await session.Query<IamUser>().Where(u => u.AccountId == run.SourceId && !u.Deleted)
            .Select(u => new Candidate(u.Id, u.User.UserId, u.ObservedAt)).ToListAsync(ct);
        var goneUsers = await LoadGoneAsync<IamUser>(session, users, "user:", seen, run, ct);
        foreach (var user in goneUsers)
        {
            session.AppendDecided<IamUser>(user.Id, user.Version, [new IamUserDeleted(NotSeen, run.CompletedAt, run.Id)]);
        }
        var roles = await session.Query<IamRole>().Where(r => r.AccountId == run.SourceId && !r.Deleted)
            .Select(r => new Candidate(r.Id, r.Role.RoleId, r.ObservedAt)).ToListAsync(ct);
        var goneRoles = await LoadGoneAsync<IamRole>(session, roles, "role:", seen, run, ct);
        foreach (var role in goneRoles)
        {
            session.AppendDecided<IamRole>(role.Id, role.Version, [new IamRoleDeleted(NotSeen, run.CompletedAt, run.Id)]);
        }
        return goneUsers.Count + goneRoles.Count;
    }

    private static async Task<int> IdpAsync(IDocumentSession session, SyncRunCompletion run, IReadOnlySet<string> seen, CancellationToken ct)
    {
        var connectionId = Guid.Parse(run.SourceId);
        var accounts = await session.Query<IdpAccount>().Where(a => a.ConnectionId == connectionId && !a.Removed)
            .Select(a => new Candidate(a.Id, a.Account.ExternalId, a.ObservedAt)).ToListAsync(ct);
        var gone = await LoadGoneAsync<IdpAccount>(session, accounts, "", seen, run, ct);
        foreach (var account in gone)
        {
            session.AppendDecided<IdpAccount>(account.Id, account.Version, [new IdpAccountRemoved(NotSeen, run.CompletedAt, run.Id)]);
        }
        return gone.Count;
    }

    public sealed record Candidate(Guid Id, string Key, DateTimeOffset ObservedAt);

    private static async Task<IReadOnlyList<T>> LoadGoneAsync<T>(IDocumentSession session, IReadOnlyList<Candidate> candidates, string prefix,
        IReadOnlySet<string> seen, SyncRunCompletion run, CancellationToken ct) where T : class
    {
        var gone = candidates.Where(c => !seen.Contains(prefix + c.Key) && c.ObservedAt < run.StartedAt).Select(c => c.Id).ToArray();
        return gone.Length == 0 ? [] : await session.LoadManyAsync<T>(ct, gone);
    }
}
