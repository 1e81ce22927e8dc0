using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Thalian.Correlation.ReadingIdentities;

namespace Thalian.Correlation.Identifying;

/// <summary>An identity stream's aggregate: its one fold, and the identity list row that state shows as.</summary>
public interface IIdentityAggregate<TSelf> : IStreamState where TSelf : class, IIdentityAggregate<TSelf>
{
    /// <summary>The only fold of the stream: Marten's snapshot, the deciders and as-of reads all use it.</summary>
    static abstract TSelf? Next(TSelf? state, object e);

    IdentitySummary Summary();
}

/// <summary>
/// The inline snapshot of one kind of identity stream, folded by the aggregate's <see cref="IIdentityAggregate{TSelf}.Next"/>,
/// and the identity list row (<see cref="IdentitySummary"/>) derived from the same state in the same transaction, so no
/// writer maintains the read model by hand.
/// </summary>
public sealed class IdentityStreamProjection<TState, TEvent> : SingleStreamProjection<TState, Guid> where TState : class, IIdentityAggregate<TState>
{
    public IdentityStreamProjection()
    {
        foreach (var type in EventTypes.Implementing<TEvent>())
        {
            IncludeType(type);
        }
    }

    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) => TState.Next(snapshot, e.Data);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<TState> slice)
    {
        if (slice.Snapshot is { } state)
        {
            operations.Store(state.Summary() with { Version = slice.Events()[^1].Version });
        }
        return ValueTask.CompletedTask;
    }
}
