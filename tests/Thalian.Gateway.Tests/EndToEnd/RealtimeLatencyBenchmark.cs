using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Thalian.Contracts.Findings;
using Thalian.Testing;
using Xunit.Abstractions;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// Push, timed, per vendor: the vendor's subject is deprovisioned and restored in the emulator, and each change must come
/// back from findings as a transition of their stale-iam-user finding on the bus (opened or reopened, then resolved). Three
/// rounds by default; THALIAN_REALTIME_BENCHMARK_SAMPLES=100 (scripts/bench-realtime.sh) makes it the benchmark: p50/p99 in the output.
/// </summary>
public sealed class Push_latency(ITestOutputHelper output) : IsolatedInfrastructure
{
    private static readonly int Samples =
        int.TryParse(Environment.GetEnvironmentVariable("THALIAN_REALTIME_BENCHMARK_SAMPLES"), CultureInfo.InvariantCulture, out var n) ? n : 3;

    [Theory]
    [InlineData("okta")]
    [InlineData("entra")]
    public async Task Every_pushed_deactivation_opens_the_finding_and_every_reactivation_resolves_it(string vendor)
    {
        await using var world = await RealtimeWorld.StartAsync(this, RealtimeVendor.Named(vendor));
        var subject = world.Vendor;
        await using var bus = await MessageRecorder.StartAsync(RabbitMqUri, typeof(FindingOpened), typeof(FindingReopened), typeof(FindingResolved));
        (await world.EnableRealtimeAsync()).EnsureSuccessStatusCode();
        var opened = new List<double>();
        var resolved = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            AssertDelivered(await world.DeprovisionSubjectAsync());
            var round = i + 1;
            await Eventually.True(() => Task.FromResult(Openings(bus, subject) == round), what: $"the subject's finding opened, round {round}");
            opened.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            AssertDelivered(await world.RestoreSubjectAsync());
            await Eventually.True(() => Task.FromResult(bus.All<FindingResolved>().Count(r => subject.IsSubject(r.Finding)) == round),
                what: $"the subject's finding resolved, round {round}");
            resolved.Add(clock.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(Samples, bus.All<FindingResolved>().Count(r => subject.IsSubject(r.Finding)));
        Assert.Equal(Samples, Openings(bus, subject));
        output.WriteLine($"{vendor} push → FindingOpened/Reopened: samples={Samples} p50={Percentile(opened, 50):0} ms p99={Percentile(opened, 99):0} ms max={opened.Max():0} ms");
        output.WriteLine($"{vendor} push → FindingResolved:        samples={Samples} p50={Percentile(resolved, 50):0} ms p99={Percentile(resolved, 99):0} ms max={resolved.Max():0} ms");
    }

    private static int Openings(MessageRecorder bus, RealtimeVendor subject) =>
        bus.All<FindingOpened>().Count(o => subject.IsSubject(o.Finding)) + bus.All<FindingReopened>().Count(o => subject.IsSubject(o.Finding));

    private static void AssertDelivered(JsonElement change) =>
        Assert.Equal(200, change.GetProperty("deliveries")[0].GetProperty("status").GetInt32());

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
