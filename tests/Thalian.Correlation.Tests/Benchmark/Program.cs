using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using MassTransit;
using Thalian.Correlation;
using Thalian.Correlation.Benchmark;
using Thalian.Testing;

// Ingest benchmark (not a test): the correlation service in its own process on the local PostgreSQL and RabbitMQ,
// fed the collectors' messages; every phase ends when all runs are settled and both subscriptions have caught up.
// Usage: dotnet run -c Release --project tests/Thalian.Correlation.Tests/Benchmark -- [accounts] [users per account] [idp accounts]
var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var usersPerAccount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var idpAccounts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
const string Tenant = "bench";
int[] rssAtIdentities = [10_000, 100_000];

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Thalian.Platform.sln")))
{
    root = root.Parent;
}
var infrastructure = new IsolatedInfrastructure();
await infrastructure.InitializeAsync();
var service = CorrelationProcess.Start(root?.FullName ?? ".", infrastructure);
var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(infrastructure.RabbitMqUri));
try
{
    await WaitForConsumersAsync();
    await bus.StartAsync();
    await using var probe = new EventStoreProbe(infrastructure.PostgresConnectionString, infrastructure.SchemaFor("correlation"), Tenant);
    var workload = new Workload(accounts, usersPerAccount, idpAccounts, Tenant);
    var rss = new SortedDictionary<int, long>();
    Console.WriteLine($"Scale: {accounts} AWS accounts x {usersPerAccount} IAM users, one IdP of {idpAccounts} accounts, batches of {Workload.BatchSize}");
    Console.WriteLine("| phase | wall time | events appended | events/s | runs settled | service CPU | service peak RSS |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    var start = DateTimeOffset.UtcNow.AddDays(-3);
    var results = new List<(string Phase, TimeSpan Elapsed, long Events, long From, long To)>();
    foreach (var (phase, day, changedEvery) in new[] { ("first ingest", 0, 0), ("re-sync, unchanged", 1, 0), ("re-sync, 1% changed", 2, 100) })
    {
        var from = await probe.LastSequenceAsync();
        var cpu = service.CpuTime();
        var clock = Stopwatch.StartNew();
        await workload.PublishAsync(bus, start.AddDays(day), changedEvery);
        while (await probe.SettledRunsSinceAsync(from) < workload.Runs || !await probe.SubscriptionsCaughtUpAsync())
        {
            service.ThrowIfExited();
            await SampleRssAsync(probe, rss);
            await Task.Delay(250);
        }
        clock.Stop();
        var events = await probe.IdentityEventsSinceAsync(from);
        results.Add((phase, clock.Elapsed, events, from, await probe.LastSequenceAsync()));
        Console.WriteLine($"| {phase} | {clock.Elapsed.TotalSeconds:F1} s | {events:N0} | {events / clock.Elapsed.TotalSeconds:N0} | {workload.Runs} | {(service.CpuTime() - cpu).TotalSeconds:F1} s | {service.PeakRssMegabytes()} MB |");
    }
    var first = results[0];
    var (rows, copyTime) = await CopyFloor.MeasureAsync(probe, first.From, first.To);
    var floorRate = rows / copyTime.TotalSeconds;
    var ingestRate = first.Events / first.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"COPY floor: {rows:N0} event rows in {copyTime.TotalSeconds:F2} s = {floorRate:N0} rows/s");
    Console.WriteLine($"First ingest: {ingestRate:N0} events/s, {floorRate / ingestRate:F1}x the COPY floor's time");
    Console.WriteLine($"Unchanged re-sync: {results[1].Elapsed.TotalSeconds:F1} s, {first.Elapsed / results[1].Elapsed:F1}x faster than the first ingest, {results[1].Events} events appended");
    Console.WriteLine($"1% changed re-sync: {results[2].Elapsed.TotalSeconds:F1} s, {results[2].Events:N0} events appended");
    Console.WriteLine($"Version conflicts logged: {service.VersionMismatches} MT003 stream version mismatches, {service.DuplicateStreams} duplicate stream keys ({service.OtherErrors} other errors; log: {service.LogPath})");
    Console.WriteLine($"Service peak RSS (VmHWM): {string.Join(", ", rss.Select(r => $"{r.Value} MB at {r.Key:N0} identities"))}, {service.PeakRssMegabytes()} MB at the end"
        + (rss.Count == 2 ? $" (+{100.0 * (rss.Values.Last() - rss.Values.First()) / rss.Values.First():F0}% from {rss.Keys.First():N0} to {rss.Keys.Last():N0})" : ""));
}
finally
{
    await bus.StopAsync();
    await service.DisposeAsync();
    await infrastructure.DisposeAsync();
}

async Task SampleRssAsync(EventStoreProbe probe, SortedDictionary<int, long> rss)
{
    var pending = rssAtIdentities.Where(n => !rss.ContainsKey(n)).ToList();
    if (pending.Count == 0)
    {
        return;
    }
    var identities = await probe.IdentityStreamsAsync();
    foreach (var threshold in pending.Where(n => identities >= n))
    {
        rss[threshold] = service.PeakRssMegabytes();
    }
}

// The service declares its queues on start; messages published before then would go nowhere.
async Task WaitForConsumersAsync()
{
    var expected = typeof(CorrelationService).Assembly.GetTypes()
        .Count(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)));
    using var http = infrastructure.ManagementClient();
    for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(3); await Task.Delay(500))
    {
        service.ThrowIfExited();
        var queues = await http.GetFromJsonAsync<List<QueueInfo>>($"api/queues/{infrastructure.Id}?columns=name,consumers") ?? [];
        if (queues.Count(q => q.Name.StartsWith("correlation-", StringComparison.Ordinal) && q.Consumers > 0) >= expected)
        {
            return;
        }
    }
    throw new TimeoutException($"The correlation service did not start its {expected} consumers; see {service.LogPath}");
}

internal sealed record QueueInfo(string Name, int Consumers);
