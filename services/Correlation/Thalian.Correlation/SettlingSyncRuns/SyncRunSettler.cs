using Marten;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>
/// Settles a run once its completion and all its batches are committed. Batch and completion consumers each
/// call this after their own commit, so whichever commits last sees everything. The source's exclusive write lock
/// makes the final check and the settlement (deletions included) one step, so a run is settled exactly once.
/// </summary>
public sealed partial class SyncRunSettler(IDocumentStore store, TimeProvider clock, ILogger<SyncRunSettler> logger)
{
    /// <param name="source">The run's source (<see cref="SourceWriteLock"/>), whose identities a complete run may delete.</param>
    public async Task TrySettleAsync(string tenantId, Guid syncRunId, string source, CancellationToken ct)
    {
        // Most calls (every batch before the last) stop here, without waiting for the lock.
        await using (var query = store.QuerySession(tenantId))
        {
            if (await ReadyAsync(query, syncRunId, ct) is null)
            {
                return;
            }
        }
        await using var session = store.LightweightSession(tenantId);
        await session.LockSourceAsync(source, shared: false, ct);
        if (await ReadyAsync(session, syncRunId, ct) is not { } completion)
        {
            return;
        }
        session.CorrelationId = completion.CorrelationId.ToString();
        var batches = await session.Query<ProcessedBatch>().Where(b => b.SyncRunId == syncRunId).ToListAsync(ct);
        var seen = batches.SelectMany(b => b.SeenKeys).ToHashSet(StringComparer.Ordinal);
        // Only a complete run may delete anything.
        var removed = completion.Complete ? await CompleteRunDeletions.ApplyAsync(session, completion, seen, ct) : 0;
        var observedAt = batches.Count > 0 ? batches.Max(b => b.ObservedAt) : completion.CompletedAt;
        session.Events.StartStream(StreamIds.SyncRunSettlement(tenantId, syncRunId), new SyncRunSettled(completion.SourceKind, completion.SourceId,
            completion.Provider, syncRunId, completion.Complete, completion.Error, removed, observedAt, clock.GetUtcNow(), completion.CorrelationId));
        await session.SaveChangesAsync(ct);
        Settled(logger, completion.SourceKind, syncRunId, completion.Complete, removed);
    }

    /// <summary>The run's completion when every batch is in and the run is not settled yet.</summary>
    private static async Task<SyncRunCompletion?> ReadyAsync(IQuerySession session, Guid syncRunId, CancellationToken ct)
    {
        var completion = await session.LoadAsync<SyncRunCompletion>(syncRunId, ct);
        if (completion is null || await session.Query<ProcessedBatch>().CountAsync(b => b.SyncRunId == syncRunId, ct) < completion.BatchCount)
        {
            return null;
        }
        return await session.Events.FetchStreamStateAsync(StreamIds.SyncRunSettlement(session.TenantId, syncRunId), ct) is null ? completion : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled {SourceKind} run {SyncRunId} (complete: {Complete}, removed: {Removed})")]
    private static partial void Settled(ILogger logger, string sourceKind, Guid syncRunId, bool complete, int removed);
}
