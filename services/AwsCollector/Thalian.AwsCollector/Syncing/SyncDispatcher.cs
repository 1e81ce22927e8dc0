using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// The one point where scheduled syncs are released, per tenant: at most <see cref="TenantSlots.PerTenant"/> in flight
/// (requested and not yet finished), so a tenant with a thousand accounts never has more than that many commands queued
/// ahead of other tenants. Each connection falls due at its own stable offset within the last tenth of the interval,
/// so accounts connected together drift apart instead of all syncing at the top of the hour.
/// </summary>
public sealed class SyncDispatcher(IDocumentStore store, AdvisoryLocks locks, TenantSlots slots, IOptions<AwsCollectorOptions> options,
    TimeProvider time)
{
    public async Task DispatchAsync(string tenant, CancellationToken ct)
    {
        await using var held = await locks.TryAcquireAsync($"dispatch/{tenant}", ct);
        if (held is null)
        {
            // Another replica is releasing this tenant's syncs right now; the next tick or completion looks again.
            return;
        }
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var session = store.LightweightSession(tenant);
        var connections = (await session.Query<AwsConnection>().ToListAsync(ct)).Where(c => c.IsSyncable).ToList();
        var free = slots.PerTenant - connections.Count(c => InFlight(c, now, o));
        var due = connections.Where(c => !InFlight(c, now, o) && IsDue(c, now, o))
            .OrderBy(c => c.LastSyncRequestedAt ?? DateTimeOffset.MinValue).Take(Math.Max(0, free)).ToList();
        if (due.Count == 0)
        {
            return;
        }
        foreach (var connection in due)
        {
            connection.LastSyncRequestedAt = now;
            session.Store(connection);
            session.PublishAfterCommit(new SyncAwsAccount(tenant, connection.Id, Guid.NewGuid(), "scheduled"));
        }
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Requested and not finished since; a request older than <c>SyncRunTimeout</c> was lost and no longer holds a slot.</summary>
    public static bool InFlight(AwsConnection c, DateTimeOffset now, AwsCollectorOptions o) =>
        c.LastSyncRequestedAt is { } requested && now - requested < o.SyncRunTimeout
        && (c.LastSyncCompletedAt is not { } completed || completed < requested);

    /// <summary>Never requested, its interval passed, or its last run was incomplete and the retry interval passed.</summary>
    public static bool IsDue(AwsConnection c, DateTimeOffset now, AwsCollectorOptions o) =>
        c.LastSyncRequestedAt is not { } requested
        || requested + o.SyncInterval - Offset(c.Id, o.SyncInterval) <= now
        || (c.Status == ConnectionStatus.Incomplete && requested + o.FailedSyncRetryInterval <= now);

    /// <summary>Stable per connection, between zero and a tenth of the interval.</summary>
    public static TimeSpan Offset(Guid id, TimeSpan interval) =>
        interval / 10 * (BitConverter.ToUInt32(SHA256.HashData(id.ToByteArray())) / (double)uint.MaxValue);
}
