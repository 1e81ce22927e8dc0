using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Organizations;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// On every tick, the replica holding the scheduler lock asks for the discovery of organisations that are due and hands
/// every tenant with due connections to the <see cref="SyncDispatcher"/>; the commands go to whichever replica is free.
/// </summary>
public sealed class SyncScheduler(IDocumentStore store, AdvisoryLocks locks, SyncDispatcher dispatcher, IBus bus, IOptions<AwsCollectorOptions> options,
    TimeProvider time, ILogger<SyncScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The AWS sync scheduler could not check for due connections; it will try again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task TickAsync(CancellationToken ct)
    {
        await using var held = await locks.TryAcquireAsync("scheduler", ct);
        if (held is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        await DiscoverDueOrganizationsAsync(now, ct);
        // Candidates only; the dispatcher applies the exact due time and the tenant's limit.
        var earliest = now - options.Value.SyncInterval + options.Value.SyncInterval / 10;
        IReadOnlyList<AwsConnection> candidates;
        await using (var query = store.QuerySession())
        {
            candidates = await query.Query<AwsConnection>()
                .Where(c => c.AnyTenant() && (c.LastSyncRequestedAt == null || c.LastSyncRequestedAt < earliest))
                .ToListAsync(ct);
        }
        foreach (var tenant in candidates.Select(c => c.TenantId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await dispatcher.DispatchAsync(tenant, ct);
        }
    }

    private async Task DiscoverDueOrganizationsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var dueBefore = now - options.Value.DiscoveryInterval;
        IReadOnlyList<AwsOrganizationConnection> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<AwsOrganizationConnection>()
                .Where(o => o.AnyTenant() && (o.LastDiscoveryRequestedAt == null || o.LastDiscoveryRequestedAt < dueBefore))
                .ToListAsync(ct);
        }
        foreach (var organization in due.Where(o => o.TenantId is not null))
        {
            await using var session = store.LightweightSession(organization.TenantId!);
            var fresh = await session.LoadAsync<AwsOrganizationConnection>(organization.Id, ct);
            if (fresh is null)
            {
                continue;
            }
            fresh.LastDiscoveryRequestedAt = now;
            session.Store(fresh);
            await session.SaveChangesAsync(ct);
            await bus.Publish(new DiscoverAwsOrganization(organization.TenantId!, organization.Id, Guid.NewGuid(), "scheduled"), ct);
        }
    }
}
