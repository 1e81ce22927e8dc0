using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>
/// Delivers every platform message twice: a queue bound to every contract exchange receives each published message
/// and publishes it again, unchanged (same envelope, same message id), after a random delay of up to two seconds,
/// so the copies also arrive out of order — a batch after its run's completion, a change after a later one.
/// </summary>
public sealed class Duplicator : IAsyncDisposable
{
    private const string CopyHeader = "x-thalian-faults-copy";
    private static readonly string[] Exchanges =
    [
        "thalian.aws.sync-aws-account", "thalian.aws.observations", "thalian.aws.account-observed", "thalian.aws.sync-completed",
        "thalian.aws.connection-removed", "thalian.idp.sync-idp-connection", "thalian.idp.observations", "thalian.idp.sync-completed",
        "thalian.idp.connection-removed", "thalian.correlation.iam-user-changed", "thalian.correlation.iam-role-changed",
        "thalian.correlation.aws-account-changed", "thalian.correlation.identities-settled", "thalian.findings.opened",
        "thalian.findings.updated", "thalian.findings.resolved", "thalian.findings.reopened", "thalian.findings.suppressed",
        "thalian.findings.unsuppressed", "thalian.findings.tenant-settings-changed",
    ];

    private readonly IConnection connection;
    private readonly IChannel channel;
    private int copies;

    private Duplicator(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public int Copies => copies;

    public static async Task<Duplicator> StartAsync(Uri rabbit)
    {
        var connection = await new ConnectionFactory { Uri = rabbit }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var duplicator = new Duplicator(connection, channel);
        var queue = (await channel.QueueDeclareAsync("faults-duplicator", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in Exchanges)
        {
            // The same declaration MassTransit makes (durable fanout), so the binding exists before anyone publishes.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(queue, exchange, "");
        }
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += duplicator.OnReceivedAsync;
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return duplicator;
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.Headers?.ContainsKey(CopyHeader) == true)
        {
            return;
        }
        var properties = new BasicProperties(delivery.BasicProperties)
        {
            Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()) { [CopyHeader] = 1 },
        };
        var body = delivery.Body.ToArray();
        var exchange = delivery.Exchange;
        _ = Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(0, 2000));
            await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, body);
            Interlocked.Increment(ref copies);
        });
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Delay(2500); // let the last delayed copies go out
        await channel.CloseAsync();
        await connection.CloseAsync();
    }
}
