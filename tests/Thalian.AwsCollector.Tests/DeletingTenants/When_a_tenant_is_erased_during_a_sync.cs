using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Thalian.AwsCollector.Syncing;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Tenancy;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.DeletingTenants;

/// <summary>A sync finishing after the erasure would write its connection (and secret) back: erasure waits until none runs.</summary>
public sealed class When_a_tenant_is_erased_during_a_sync : IsolatedInfrastructure
{
    [Fact]
    public async Task It_answers_409_while_a_sync_holds_a_slot_and_erases_once_it_is_free()
    {
        await using var service = new ServiceFactory<AwsCollectorService>(this, "aws_collector");
        using var api = service.CreateClientFor("erased-tenant");
        var slots = service.Services.GetRequiredService<TenantSlots>();

        HttpStatusCode during;
        await using (await slots.TryAcquireAsync(SyncAwsAccountConsumer.SlotKind, "erased-tenant", CancellationToken.None))
        {
            using var response = await api.DeleteAsync(TenantErasure.Path);
            during = response.StatusCode;
        }
        using var after = await api.DeleteAsync(TenantErasure.Path);
        var slotAfterwards = await slots.TryAcquireAsync(SyncAwsAccountConsumer.SlotKind, "erased-tenant", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Conflict, during);
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.NotNull(slotAfterwards); // the erasure released every slot it took
        await slotAfterwards.DisposeAsync();
    }
}
