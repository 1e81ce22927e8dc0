using Marten;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Dispatching;
using Thalian.Delivery.ManagingDestinations;

namespace Thalian.Delivery.Queueing;

/// <summary>
/// Puts an event in the queue of every destination of its tenant: to be sent where the filter matches, as skipped
/// elsewhere. The finding's state is remembered first and destinations are read after, so a destination created
/// meanwhile gets the event either here or in its starting snapshot (<see cref="StartAsync"/> saves first and snapshots after).
/// </summary>
public sealed class FanOut(IDocumentStore store, DeliveryOutbox queue, Dispatcher dispatcher, TimeProvider clock)
{
    public async Task AcceptAsync(DeliveryEvent e, CancellationToken ct)
    {
        await queue.RememberFindingAsync(e, ct);
        await using var session = store.QuerySession(e.Finding.TenantId);
        var destinations = await session.Query<Destination>().ToListAsync(ct);
        var skipping = destinations.Where(d => !d.Filter.Matches(e)).Select(d => d.Id).ToHashSet();
        await queue.EnqueueAsync(e.Finding.TenantId, [.. destinations.Select(d => d.Id)], [e], resend: false, clock.GetUtcNow(), ct, skipping);
        if (skipping.Count < destinations.Count)
        {
            dispatcher.Wake();
        }
    }

    /// <summary>A new destination: it begins at the present, with the tenant's open findings (as resync events).</summary>
    public Task<int> StartAsync(Destination destination, CancellationToken ct) => QueueOpenFindingsAsync(destination, destination.Id, ct);

    /// <summary>Queues the tenant's open findings (as resync events) again for one destination.</summary>
    public Task<int> ResyncAsync(Destination destination, CancellationToken ct) => QueueOpenFindingsAsync(destination, null, ct);

    private async Task<int> QueueOpenFindingsAsync(Destination destination, Guid? starting, CancellationToken ct)
    {
        var open = await queue.OpenFindingsAsync(destination.TenantId!, starting, clock.GetUtcNow(), ct);
        var matched = open.Where(destination.Filter.Matches).ToList();
        await queue.EnqueueAsync(destination.TenantId!, [destination.Id], matched, resend: true, clock.GetUtcNow(), ct);
        dispatcher.Wake();
        return matched.Count;
    }
}
