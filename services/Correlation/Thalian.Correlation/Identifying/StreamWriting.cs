using Marten;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Appends decided events with optimistic concurrency against the snapshot the decision was made on: a new
/// stream must not exist yet, an existing one must still be at the version read. A conflict fails the save, and
/// the message is retried against fresh state.
/// </summary>
public static class StreamWriting
{
    public static void AppendDecided<TAggregate>(this IDocumentSession session, Guid streamId, long? readVersion, IReadOnlyList<object> events)
        where TAggregate : class
    {
        if (events.Count == 0)
        {
            return;
        }
        if (readVersion is null)
        {
            session.Events.StartStream<TAggregate>(streamId, events);
        }
        else
        {
            // Marten's expected version is the version after this append.
            session.Events.Append(streamId, readVersion.Value + events.Count, events);
        }
    }
}
