using Marten;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Dispatching;
using Thalian.Delivery.ManagingDestinations;

namespace Thalian.Delivery.Queueing;

/// <summary>
/// Puts an event in the queue of every destination of its tenant whose filter matches. The finding's state is
/// remembered first and destinations are read after, so a destination created meanwhile gets the event either
/// here or in its starting snapshot (<see cref="StartAsync"/> saves first and snapshots after).
/// </summary>
public sealed class FanOut(IDocumentStore store, DeliveryOutbox queue, Dispatcher dispatcher, TimeProvider clock)
{
    public async Task AcceptAsync(DeliveryEvent e, CancellationToken ct)
    {
        await queue.RememberFindingAsync(e, ct);
        await using var session = store.QuerySession(e.Finding.TenantId);
        var destinations = await session.Query<Destination>().ToListAsync(ct);
        var matched = destinations.Where(d => d.Filter.Matches(e)).Select(d => d.Id).ToList();
        await queue.EnqueueAsync(e.Finding.TenantId, matched, [e], resend: false, clock.GetUtcNow(), ct);
        if (matched.Count > 0)
        {
            dispatcher.Wake();
        }
    }

    /// <summary>Queues the tenant's open findings (as resync events) for one destination: its start, or a resync.</summary>
    public async Task<int> StartAsync(Destination destination, CancellationToken ct)
    {
        var open = await queue.OpenFindingsAsync(destination.TenantId!, clock.GetUtcNow(), ct);
        var matched = open.Where(destination.Filter.Matches).ToList();
        await queue.EnqueueAsync(destination.TenantId!, [destination.Id], matched, resend: true, clock.GetUtcNow(), ct);
        dispatcher.Wake();
        return matched.Count;
    }
}
