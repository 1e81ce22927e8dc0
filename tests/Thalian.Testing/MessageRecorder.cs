using System.Collections.Concurrent;
using MassTransit;

namespace Thalian.Testing;

/// <summary>
/// A bus of its own on the test's vhost that records every published message of the chosen types, as a
/// downstream subscriber would see them.
/// </summary>
public sealed class MessageRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> messages = new();
    private readonly IBusControl bus;

    private MessageRecorder(Uri rabbit, Type[] types)
    {
        bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit);
            cfg.ReceiveEndpoint("test-recorder-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                foreach (var type in types)
                {
                    typeof(MessageRecorder).GetMethod(nameof(Record), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                        .MakeGenericMethod(type).Invoke(this, [e]);
                }
            });
        });
    }

    public static async Task<MessageRecorder> StartAsync(Uri rabbit, params Type[] types)
    {
        var recorder = new MessageRecorder(rabbit, types);
        await recorder.bus.StartAsync();
        return recorder;
    }

    public IReadOnlyList<T> All<T>() => [.. messages.OfType<T>()];

    public Task<T> Next<T>(Func<T, bool> match, string? what = null) where T : class =>
        Eventually.Get(() => Task.FromResult(messages.OfType<T>().FirstOrDefault(match)), what: what ?? typeof(T).Name);

    private void Record<T>(IReceiveEndpointConfigurator endpoint) where T : class =>
        endpoint.Handler<T>(context =>
        {
            messages.Enqueue(context.Message);
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
