using Marten;
using Marten.Exceptions;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>
/// Settles a run once its completion and all its batches are committed. Batch and completion consumers each
/// call this after their own commit, so whichever commits last sees everything; if both do, the run's stream
/// can only be started once and the loser's transaction (deletions included) rolls back.
/// </summary>
public sealed partial class SyncRunSettler(IDocumentStore store, TimeProvider clock, ILogger<SyncRunSettler> logger)
{
    public async Task TrySettleAsync(string tenantId, Guid syncRunId, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenantId);
        var completion = await session.LoadAsync<SyncRunCompletion>(syncRunId, ct);
        if (completion is null)
        {
            return;
        }
        var batches = await session.Query<ProcessedBatch>().Where(b => b.SyncRunId == syncRunId).ToListAsync(ct);
        if (batches.Count < completion.BatchCount)
        {
            return;
        }
        var settlementId = StreamIds.SyncRunSettlement(tenantId, syncRunId);
        if (await session.Events.FetchStreamStateAsync(settlementId, ct) is not null)
        {
            return;
        }
        session.CorrelationId = completion.CorrelationId.ToString();
        var seen = batches.SelectMany(b => b.SeenKeys).ToHashSet(StringComparer.Ordinal);
        // Only a complete run may delete anything.
        var removed = completion.Complete ? await CompleteRunDeletions.ApplyAsync(session, completion, seen, ct) : 0;
        var observedAt = batches.Count > 0 ? batches.Max(b => b.ObservedAt) : completion.CompletedAt;
        session.Events.StartStream(settlementId, new SyncRunSettled(completion.SourceKind, completion.SourceId, completion.Provider,
            syncRunId, completion.Complete, completion.Error, removed, observedAt, clock.GetUtcNow(), completion.CorrelationId));
        try
        {
            await session.SaveChangesAsync(ct);
            Settled(logger, completion.SourceKind, syncRunId, completion.Complete, removed);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Settled concurrently by the other consumer.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled {SourceKind} run {SyncRunId} (complete: {Complete}, removed: {Removed})")]
    private static partial void Settled(ILogger logger, string sourceKind, Guid syncRunId, bool complete, int removed);
}
