using System.Collections.Concurrent;
using MassTransit;
using Thalian.Contracts.Correlation;

namespace Thalian.Correlation.Tests.Integration;

/// <summary>A separate bus on the test's vhost that records what correlation publishes, as a downstream consumer would.</summary>
public sealed class OutgoingMessages : IAsyncDisposable
{
    private readonly IBusControl _bus;
    public ConcurrentQueue<IamUserChanged> Users { get; } = new();
    public ConcurrentQueue<IamRoleChanged> Roles { get; } = new();
    public ConcurrentQueue<AwsAccountChanged> Accounts { get; } = new();
    public ConcurrentQueue<IdentitiesSettled> Settled { get; } = new();

    private OutgoingMessages(Uri rabbit, string queue)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit);
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.Handler<IamUserChanged>(c => Record(Users, c.Message));
                e.Handler<IamRoleChanged>(c => Record(Roles, c.Message));
                e.Handler<AwsAccountChanged>(c => Record(Accounts, c.Message));
                e.Handler<IdentitiesSettled>(c => Record(Settled, c.Message));
            });
        });
    }

    public static async Task<OutgoingMessages> StartAsync(Uri rabbit)
    {
        var messages = new OutgoingMessages(rabbit, "test-observer-" + Guid.NewGuid().ToString("N")[..8]);
        await messages._bus.StartAsync();
        return messages;
    }

    private static Task Record<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
