using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Thalian.ServiceDefaults;

/// <summary>
/// Counts the messages in this service's MassTransit error queues (<c>{queue}_error</c>: messages that exhausted their
/// retries or could not be read) with a passive queue declare, which needs only AMQP, not the management plugin.
/// The counts appear in /health/ready (Degraded while any is above zero) and as the gauge <c>thalian.messaging.dead_letters</c>.
/// </summary>
public sealed class DeadLetterMonitor(Uri rabbitMq, ILogger<DeadLetterMonitor> logger) : BackgroundService, IHealthCheck
{
    public const string MeterName = "Thalian.Messaging";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly Meter meter = new(MeterName);
    private readonly ConcurrentDictionary<string, long> counts = new();
    private readonly ConcurrentDictionary<string, byte> queues = new();
    private DateTimeOffset? checkedAt;

    /// <summary>Called for every receive endpoint the service configures.</summary>
    public void Watch(string queue) => queues.TryAdd(queue + "_error", 0);

    public IReadOnlyDictionary<string, long> Counts => counts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        meter.CreateObservableGauge("thalian.messaging.dead_letters",
            () => counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))),
            unit: "{message}", description: "Messages waiting in this service's error queues");
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Could not count the error-queue messages; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        if (queues.IsEmpty)
        {
            return;
        }
        var factory = new ConnectionFactory { Uri = rabbitMq, ClientProvidedName = "thalian-dead-letter-monitor" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        foreach (var queue in queues.Keys)
        {
            // A passive declare of a queue that does not exist (nothing failed yet) closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                counts[queue] = (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
            }
            catch (OperationInterruptedException)
            {
                counts[queue] = 0;
            }
        }
        checkedAt = DateTimeOffset.UtcNow;
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => (object)c.Value);
        if (waiting.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy(checkedAt is null ? "Error queues not checked yet." : "No dead letters."));
        }
        var total = waiting.Values.Sum(v => (long)v);
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{total} message(s) in error queues; inspect and requeue them as deploy/README.md describes.", data: waiting));
    }
}
