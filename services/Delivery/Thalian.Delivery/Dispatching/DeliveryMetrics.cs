using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Thalian.Delivery.Dispatching;

/// <summary>OpenTelemetry metrics of the meter "Thalian.Delivery", tagged by destination id and type.</summary>
public sealed class DeliveryMetrics : IDisposable
{
    public const string MeterName = "Thalian.Delivery";
    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;
    private readonly Counter<long> deadLettered;
    private readonly ConcurrentDictionary<(Guid Id, string Type), (long Backlog, double OldestSeconds)> queues = new();

    public DeliveryMetrics()
    {
        delivered = meter.CreateCounter<long>("thalian.delivery.delivered", "{event}", "Events accepted by a receiver");
        failed = meter.CreateCounter<long>("thalian.delivery.failed_attempts", "{attempt}", "Sends a receiver did not accept");
        deadLettered = meter.CreateCounter<long>("thalian.delivery.dead_lettered", "{event}", "Events moved to the dead-letter list");
        meter.CreateObservableGauge("thalian.delivery.backlog", () => queues.Select(q => new Measurement<long>(q.Value.Backlog, Tags(q.Key))), "{event}",
            "Events waiting per destination");
        meter.CreateObservableGauge("thalian.delivery.oldest_pending_age", () => queues.Select(q => new Measurement<double>(q.Value.OldestSeconds, Tags(q.Key))), "s",
            "Age of the oldest waiting event per destination");
    }

    public void Delivered(Guid id, string type, int count) => delivered.Add(count, Tags((id, type)));

    public void Failed(Guid id, string type) => failed.Add(1, Tags((id, type)));

    public void DeadLettered(Guid id, int count) => deadLettered.Add(count, new KeyValuePair<string, object?>("destination.id", id.ToString()));

    public void Queue(Guid id, string type, long backlog, double oldestSeconds) => queues[(id, type)] = (backlog, oldestSeconds);

    public void Forget(Guid id)
    {
        foreach (var key in queues.Keys.Where(k => k.Id == id))
        {
            queues.TryRemove(key, out _);
        }
    }

    private static KeyValuePair<string, object?>[] Tags((Guid Id, string Type) key) =>
        [new("destination.id", key.Id.ToString()), new("destination.type", key.Type)];

    public void Dispose() => meter.Dispose();
}
