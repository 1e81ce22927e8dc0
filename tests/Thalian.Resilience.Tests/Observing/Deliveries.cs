using Npgsql;
using Thalian.Resilience.Tests.Platform;

namespace Thalian.Resilience.Tests.Observing;

/// <summary>
/// What a tenant's webhook receiver got against every finding event the findings service committed for the tenant (the
/// event id is the webhook-id): each event once, and each finding's events in their stream order.
/// </summary>
public sealed record Deliveries(int Expected, IReadOnlyList<Guid> Missing, IReadOnlyList<Guid> Unexpected, IReadOnlyList<Guid> OutOfOrderFindings,
    int Resent, int Rejected)
{
    public bool Complete => Missing.Count == 0 && Unexpected.Count == 0 && OutOfOrderFindings.Count == 0 && Rejected == 0;

    public static async Task<Deliveries> ReadAsync(RunningPlatform platform, string tenant, WebhookReceiver receiver)
    {
        var expected = await FindingEventsAsync(platform, tenant);
        var received = receiver.Accepted;
        var expectedIds = expected.Values.SelectMany(e => e).ToHashSet();
        var receivedIds = received.Select(r => r.EventId).ToHashSet();
        var outOfOrder = expected
            .Where(f => !received.Where(r => r.FindingId == f.Key).Select(r => r.EventId).SequenceEqual(f.Value.Where(receivedIds.Contains)))
            .Select(f => f.Key).ToList();
        return new Deliveries(expectedIds.Count, [.. expectedIds.Except(receivedIds)], [.. receivedIds.Except(expectedIds)], outOfOrder,
            receiver.Resent, receiver.Rejected);
    }

    /// <summary>Finding id → its event ids in stream order.</summary>
    private static async Task<Dictionary<Guid, List<Guid>>> FindingEventsAsync(RunningPlatform platform, string tenant)
    {
        await using var db = new NpgsqlConnection(platform.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select stream_id, id from findings.mt_events where tenant_id = $1 and data->'Finding' is not null order by stream_id, version", db);
        command.Parameters.AddWithValue(tenant);
        var events = new Dictionary<Guid, List<Guid>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var finding = reader.GetGuid(0);
            (events.TryGetValue(finding, out var list) ? list : events[finding] = []).Add(reader.GetGuid(1));
        }
        return events;
    }

    public override string ToString() =>
        $"{Expected} events: missing {Missing.Count}, unexpected {Unexpected.Count}, findings out of order {OutOfOrderFindings.Count} " +
        $"(e.g. {string.Join(", ", OutOfOrderFindings.Take(3))}), re-sent {Resent}, bad signatures {Rejected}";
}
