using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MassTransit;
using Thalian.Contracts.Findings;
using Thalian.Delivery.Benchmark;
using Thalian.ServiceDefaults.Auth;

// The delivery benchmark (not a test): N finding events published on the bus as the findings outbox does, delivered by
// the running delivery service (its own process) to the HEC emulator and to a webhook receiver. Prints events/s, the
// delay from each event's commit to the receiver's 2xx (p50/p99), the service's peak memory, and the rate against a
// floor measured in the same run: the receiver's own ingest rate for the same bodies, pre-built and posted back to back.
// scripts/bench-delivery.sh starts the service and the emulator and passes:
//   --delivery URL --rabbit AMQP-URI --hec URL --hec-token T --signing-key PEM --pid DELIVERY-PID [--events 10000]
var options = args.Chunk(2).ToDictionary(a => a[0].TrimStart('-'), a => a[1]);
var events = int.Parse(options.GetValueOrDefault("events", "10000"), System.Globalization.CultureInfo.InvariantCulture);
var pid = int.Parse(options["pid"], System.Globalization.CultureInfo.InvariantCulture);
var hec = new Uri(options["hec"]);
var ecdsa = ECDsa.Create();
ecdsa.ImportFromPem(File.ReadAllText(options["signing-key"]));
var signer = new GatewayTokenSigner(GatewayTokens.Key(ecdsa));
HttpClient Api(string tenant)
{
    var client = new HttpClient { BaseAddress = new Uri(options["delivery"]), Timeout = TimeSpan.FromMinutes(2) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signer.Issue(tenant, "admin", "bench", sandbox: true, DateTimeOffset.UtcNow));
    return client;
}

var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(options["rabbit"])));
await bus.StartAsync();
await using var webhooks = await WebhookSink.StartAsync();
using var raw = new HttpClient();

var hecFloor = await Floors.HecAsync(raw, hec, options["hec-token"], events);
var webhookFloor = await Floors.WebhookAsync(raw, webhooks, events);
using (var clear = await raw.DeleteAsync(new Uri(hec, "/_emulator/events")))
{
    clear.EnsureSuccessStatusCode();
}
webhooks.Clear();

var results = new List<(string Target, Run Run, double Floor)>();
foreach (var target in new[] { "splunk-hec", "webhook" })
{
    var tenant = $"bench-{target}-{Guid.NewGuid():N}"[..24];
    using var api = Api(tenant);
    using var created = await api.PostAsJsonAsync("/api/v1/destinations", target == "webhook"
        ? new { type = "webhook", displayName = "bench", settings = (object)new { url = webhooks.Url }, secrets = new Dictionary<string, string> { ["signingSecret"] = webhooks.Secret } }
        : new { type = "splunk-hec", displayName = "bench", settings = (object)new { url = hec.ToString().TrimEnd('/') }, secrets = new Dictionary<string, string> { ["token"] = options["hec-token"] } });
    if (!created.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Creating the {target} destination failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    }
    ProcessStats.Reset(pid);
    var cpu = ProcessStats.CpuSecondsOf(pid);
    var started = DateTimeOffset.UtcNow;
    await PublishAsync(bus, tenant, events);
    var received = target == "webhook"
        ? await webhooks.WaitForAsync(events, TimeSpan.FromMinutes(10))
        : await HecReceived.WaitForAsync(raw, hec, events, TimeSpan.FromMinutes(10));
    results.Add((target, Run.Of(started, received, events, ProcessStats.MebibytesOf(pid), ProcessStats.CpuSecondsOf(pid) - cpu), target == "webhook" ? webhookFloor : hecFloor));
}
await bus.StopAsync();

Console.WriteLine($"{events} finding events per target (each a new finding's Opened event, published as the findings outbox does):");
foreach (var (target, run, floor) in results)
{
    Console.WriteLine($"  {target,-10} {run.EventsPerSecond,8:F0} events/s   commit->2xx p50 {run.P50.TotalMilliseconds,7:F0} ms  p99 {run.P99.TotalMilliseconds,7:F0} ms  " +
        $"max {run.Max.TotalMilliseconds,7:F0} ms   received {run.Received}/{events} (duplicates {run.Duplicates})   delivery peak RSS {run.PeakMib} MiB, CPU {run.CpuMsPerEvent:F2} ms/event");
    Console.WriteLine($"  {"",-10} floor (the receiver ingesting the same bodies pre-built, back to back): {floor:F0} events/s -> ratio {run.EventsPerSecond / floor:F2}");
}
return results.All(r => r.Run.Received == events && r.Run.Duplicates == 0) ? 0 : 1;

static async Task PublishAsync(IBus bus, string tenant, int count)
{
    var stopwatch = Stopwatch.StartNew();
    foreach (var chunk in Enumerable.Range(0, count).Chunk(200))
    {
        await Task.WhenAll(chunk.Select(i =>
        {
            var now = DateTimeOffset.UtcNow;
            var message = new FindingOpened(BenchFindings.Finding(tenant, i, now), now) { StreamVersion = 1 };
            return bus.Publish(message, ctx => ctx.MessageId = Guid.CreateVersion7(now));
        }));
    }
    Console.WriteLine($"[bench] published {count} events for {tenant} in {stopwatch.Elapsed.TotalSeconds:F1} s");
}
