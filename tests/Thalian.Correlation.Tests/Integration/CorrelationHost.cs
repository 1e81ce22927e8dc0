using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Testing;

namespace Thalian.Correlation.Tests.Integration;

/// <summary>
/// The real correlation service on this class's own schema and vhost, a recorder of what it publishes, and
/// helpers to publish the collectors' messages and read the event store. Tests use their own tenant ids.
/// </summary>
public sealed class CorrelationHost : IsolatedInfrastructure
{
    public ServiceFactory<CorrelationService> Service { get; private set; } = null!;
    public MessageRecorder Outgoing { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Service = new ServiceFactory<CorrelationService>(this, "correlation", new Dictionary<string, string?> { ["Thalian:DaemonMode"] = "Solo", ["Logging:LogLevel:Default"] = "Warning" });
        _ = Service.Server;
        Outgoing = await MessageRecorder.StartAsync(RabbitMqUri, typeof(IamUserChanged), typeof(IamRoleChanged), typeof(AwsAccountChanged), typeof(IdentitiesSettled));
        await Service.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public override async Task DisposeAsync()
    {
        await Outgoing.DisposeAsync();
        await Service.DisposeAsync();
        await base.DisposeAsync();
    }

    public IDocumentStore Store => Service.Services.GetRequiredService<IDocumentStore>();

    public async Task PublishAsync(params object[] messages)
    {
        var bus = Service.Services.GetRequiredService<IBus>();
        foreach (var message in messages)
        {
            await bus.Publish(message, message.GetType());
        }
    }

    /// <summary>Waits until correlation has settled the run (its IdentitiesSettled marker is published).</summary>
    public Task<IdentitiesSettled> SettledAsync(Guid syncRunId) =>
        Eventually.Get(() => Task.FromResult(Outgoing.All<IdentitiesSettled>().FirstOrDefault(s => s.SyncRunId == syncRunId)), what: $"run {syncRunId} settled");

    public async Task<IReadOnlyList<IEvent>> EventsAsync(string tenant, Func<IEvent, bool>? filter = null)
    {
        await using var session = Store.QuerySession(tenant);
        var events = await session.Events.QueryAllRawEvents().ToListAsync();
        return [.. events.Where(e => e.Data is not (SyncRunSettled or SyncRunLinksReevaluated) && (filter?.Invoke(e) ?? true))];
    }

    public async Task<T?> LoadAsync<T>(string tenant, Guid id) where T : class
    {
        await using var session = Store.QuerySession(tenant);
        return await session.LoadAsync<T>(id);
    }

    public static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];
}
