using Microsoft.Extensions.Configuration;

namespace Thalian.ServiceDefaults.Locking;

/// <summary>
/// At most <see cref="PerTenant"/> runs of one kind (for example syncs) per tenant at once, across every replica: a run
/// holds one of the tenant's advisory-lock slots. A tenant at its limit gets null and must come back later; it never
/// waits inside a consumer, so its backlog cannot occupy the capacity other tenants need.
/// </summary>
public sealed class TenantSlots(AdvisoryLocks locks, IConfiguration configuration)
{
    public const string PerTenantKey = "Thalian:Tenancy:ConcurrentSyncsPerTenant";

    public int PerTenant { get; } = Math.Max(1, configuration.GetValue(PerTenantKey, 4));

    public async Task<IAsyncDisposable?> TryAcquireAsync(string kind, string tenantId, CancellationToken ct)
    {
        for (var slot = 0; slot < PerTenant; slot++)
        {
            if (await locks.TryAcquireAsync($"tenant-slot/{kind}/{tenantId}/{slot}", ct) is { } held)
            {
                return held;
            }
        }
        return null;
    }

    /// <summary>Every slot of the tenant for <paramref name="kind"/>, so no run of it is going on or can start; null if one is running.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAllAsync(string kind, string tenantId, CancellationToken ct)
    {
        var held = new AllSlots();
        for (var slot = 0; slot < PerTenant; slot++)
        {
            if (await locks.TryAcquireAsync($"tenant-slot/{kind}/{tenantId}/{slot}", ct) is not { } one)
            {
                await held.DisposeAsync();
                return null;
            }
            held.Add(one);
        }
        return held;
    }

    private sealed class AllSlots : List<IAsyncDisposable>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var slot in this)
            {
                await slot.DisposeAsync();
            }
        }
    }
}
