using Marten;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingIamUsers;

namespace Thalian.Correlation.Matching;

/// <summary>
/// Re-evaluates the IdP links of chosen IAM users, a chunk per transaction, retrying a chunk whose users were
/// written concurrently (by an AWS batch, say) against their fresh state.
/// </summary>
public sealed partial class LinkReevaluator(IDocumentStore store, ILogger<LinkReevaluator> logger)
{
    private const int ChunkSize = 200;
    private const int Attempts = 5;

    public async Task ReevaluateAsync(string tenantId, IReadOnlyCollection<Guid> userIds, Func<IamUser, bool> mayUnlink,
        string trigger, DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        foreach (var chunk in userIds.Distinct().Chunk(ChunkSize))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ReevaluateChunkAsync(tenantId, chunk, mayUnlink, trigger, at, run, ct);
                    break;
                }
                catch (JasperFx.ConcurrencyException) when (attempt < Attempts)
                {
                    RetryingAfterConflict(logger, attempt);
                }
            }
        }
    }

    private async Task ReevaluateChunkAsync(string tenantId, Guid[] ids, Func<IamUser, bool> mayUnlink, string trigger,
        DateTimeOffset at, Guid? run, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenantId);
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
            session.Store(IdentitySummary.From(IamUserEvolution.Fold(user, events)!) with { Version = user.Version + events.Count });
        }
        if (changed > 0)
        {
            await session.SaveChangesAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Link re-evaluation conflicted with a concurrent write; retrying ({Attempt})")]
    private static partial void RetryingAfterConflict(ILogger logger, int attempt);

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
