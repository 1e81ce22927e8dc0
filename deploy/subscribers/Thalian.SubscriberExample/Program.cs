using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Thalian.SubscriberExample;

// A minimal downstream subscriber: its own durable queue bound to the six finding exchanges, manual acks,
// deduplication by messageId. Configure with THALIAN_SUBSCRIBER_AMQP (amqp://user:password@host:5672/vhost),
// THALIAN_SUBSCRIBER_QUEUE (default siem-subscriber.findings) and, for tests, THALIAN_SUBSCRIBER_EXIT_AFTER (events).
string[] exchanges = ["opened", "updated", "resolved", "reopened", "suppressed", "unsuppressed"];
var amqp = Environment.GetEnvironmentVariable("THALIAN_SUBSCRIBER_AMQP") ?? "amqp://guest:guest@127.0.0.1:5672/";
var queue = Environment.GetEnvironmentVariable("THALIAN_SUBSCRIBER_QUEUE") ?? "siem-subscriber.findings";
var exitAfter = int.TryParse(Environment.GetEnvironmentVariable("THALIAN_SUBSCRIBER_EXIT_AFTER"), out var n) ? n : int.MaxValue;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var factory = new ConnectionFactory { Uri = new Uri(amqp), ClientProvidedName = queue };
await using var connection = await factory.CreateConnectionAsync();
await using var channel = await connection.CreateChannelAsync();
await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
foreach (var name in exchanges)
{
    // The findings service declares these exchanges when it first publishes; binding needs only read on them.
    await channel.QueueBindAsync(queue, $"thalian.findings.{name}", routingKey: "");
}
await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: 50, global: false);

// A real subscriber keeps processed ids in its own store; redelivery is part of at-least-once.
var seen = new HashSet<Guid>();
var received = 0;
var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += async (_, delivery) =>
{
    try
    {
        if (FindingEvent.Parse(delivery.Body.Span) is { } e)
        {
            Console.WriteLine(seen.Add(e.MessageId) ? e.ToString() : $"duplicate messageId={e.MessageId} ignored");
            if (seen.Count >= exitAfter)
            {
                await stop.CancelAsync();
            }
        }
        received++;
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
    }
    catch (JsonException ex)
    {
        // Not JSON we understand: park it (dead-letter it in production) instead of redelivering it forever.
        Console.Error.WriteLine($"unreadable message {delivery.BasicProperties.MessageId}: {ex.Message}");
        await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false);
    }
};
await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
Console.WriteLine($"listening on {queue}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
Console.WriteLine($"stopped after {received} messages");
