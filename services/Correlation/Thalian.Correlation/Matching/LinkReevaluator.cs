using Marten;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Matching;

/// <summary>
/// Re-evaluates the IdP links of chosen IAM users, a chunk of one AWS account's users per transaction under that
/// account's exclusive write lock, so the users are decided on and written without a concurrent writer.
/// </summary>
public sealed class LinkReevaluator(IDocumentStore store)
{
    private const int ChunkSize = 200;
    private const int Parallelism = 4;

    public async Task ReevaluateAsync(string tenantId, IReadOnlyCollection<Guid> userIds, Func<IamUser, bool> mayUnlink,
        string trigger, DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        await using var query = store.QuerySession(tenantId);
        var owners = await query.Query<IamUser>().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.AccountId }).ToListAsync(ct);
        // Accounts are independent writers (each chunk holds its own account's lock), so they are re-evaluated side by side.
        var chunks = owners.GroupBy(o => o.AccountId).SelectMany(a => a.Select(o => o.Id).Chunk(ChunkSize).Select(ids => (Account: a.Key, Ids: ids)));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (chunk, token) => await ReevaluateChunkAsync(tenantId, chunk.Account, chunk.Ids, mayUnlink, trigger, at, run, token));
    }

    private async Task ReevaluateChunkAsync(string tenantId, string accountId, Guid[] ids, Func<IamUser, bool> mayUnlink, string trigger,
        DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenantId);
        await session.LockSourceAsync(SourceWriteLock.Aws(accountId), shared: false, ct);
        var users = (await session.LoadManyAsync<IamUser>(ct, ids)).Where(u => !u.Deleted).ToList();
        var matching = await MatchContext.LoadAsync(session, users, ct);
        var changed = 0;
        foreach (var user in users)
        {
            var (events, deferred) = matching.Evaluate(user, mayUnlink(user), trigger, at, run);
            foreach (var connection in deferred.Select(a => a.ConnectionId).Distinct())
            {
                session.Store(DeferredUnlink.For(user.Id, DeferredUnlink.IdpSource(connection)));
                changed++;
            }
            if (events.Count == 0)
            {
                continue;
            }
            changed++;
            session.AppendDecided<IamUser>(user.Id, user.Version, events);
        }
        if (changed > 0)
        {
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>A complete run of the source: the unlinks it deferred may happen now.</summary>
    public async Task ResolveDeferredAsync(string tenantId, string source, string trigger, DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        IReadOnlyList<DeferredUnlink> deferred;
        await using (var query = store.QuerySession(tenantId))
        {
            deferred = await query.Query<DeferredUnlink>().Where(d => d.Source == source).ToListAsync(ct);
        }
        if (deferred.Count == 0)
        {
            return;
        }
        await ReevaluateAsync(tenantId, [.. deferred.Select(d => d.UserId)], _ => true, trigger, at, run, ct);
        await using var session = store.LightweightSession(tenantId);
        foreach (var done in deferred)
        {
            session.Delete(done);
        }
        await session.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Guid>> UsersAsync(string tenantId, Func<IQueryable<IamUser>, IQueryable<IamUser>> filter, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenantId);
        return await filter(session.Query<IamUser>().Where(u => !u.Deleted)).Select(u => u.Id).ToListAsync(ct);
    }
}
