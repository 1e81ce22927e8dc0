using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Faults;

/// <summary>Hours and days pass on the service's clock (the test moves it), with real PostgreSQL, RabbitMQ and an HTTP collector.</summary>
public sealed class WhenTimePassesTests(DeliveryHostWithClock host) : IClassFixture<DeliveryHostWithClock>, IAsyncLifetime
{
    private const string Token = "collector-token-0c9e2f";
    private readonly OcsfCollector collector = new();

    public Task InitializeAsync() => collector.StartAsync();

    [Fact]
    public async Task A_transition_that_reaches_the_service_minutes_after_its_successors_is_still_delivered_first()
    {
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Ocsf(collector, Token)))["id"]!.GetValue<string>();
        var late = new Lifecycle(tenant);
        // Everything but the Opened event arrives (newest first); the Opened one is held up on the bus (a consumer
        // retrying, a redelivery after a crash) for minutes, within Delivery:ReorderWindow (10 minutes by default).
        foreach (var message in late.Messages().Skip(1).Reverse())
        {
            await Lifecycle.PublishAsync(host, message);
        }
        await host.StatusWhen(tenant, id, s => s["backlog"]!.GetValue<long>() == 4, "four events queued");
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        // Another finding's event, queued after them, is delivered: the dispatcher has been past the held ones.
        var other = new Lifecycle(tenant, user: "erin");
        await Lifecycle.PublishAsync(host, other.Messages()[0]);
        await Eventually.True(() => Task.FromResult(collector.EventsOf(other.FindingId).Count == 1), what: "the other finding's event");
        Assert.Empty(collector.EventsOf(late.FindingId));

        await Lifecycle.PublishAsync(host, late.Messages()[0]);
        await Eventually.True(() => Task.FromResult(collector.EventsOf(late.FindingId).Count == 5), what: "the late finding's five events");
        Assert.Equal(late.Messages().Select(m => m.EventId.ToString()), collector.EventsOf(late.FindingId).Select(e => e["metadata"]!["uid"]!.GetValue<string>()));
        using var reader = host.Reader(tenant);
        Assert.Empty((await reader.GetFromJsonAsync<List<JsonObject>>($"/api/v1/destinations/{id}/deliveries?status=superseded"))!);
    }

    [Fact]
    public async Task A_version_that_never_arrives_holds_its_successors_back_only_for_the_reorder_window()
    {
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Ocsf(collector, Token)))["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages().Skip(1))
        {
            await Lifecycle.PublishAsync(host, message);
        }
        await host.StatusWhen(tenant, id, s => s["backlog"]!.GetValue<long>() == 4, "four events queued");
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.True(() => Task.FromResult(collector.EventsOf(lifecycle.FindingId).Count == 4), what: "the four events sent without the lost one");
        Assert.Equal(lifecycle.Messages().Skip(1).Select(m => m.EventId.ToString()),
            collector.EventsOf(lifecycle.FindingId).Select(e => e["metadata"]!["uid"]!.GetValue<string>()));

        // When the lost Opened event turns up after all, the receiver already has a newer state: it is listed, not sent.
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);
        using var reader = host.Reader(tenant);
        var superseded = await Eventually.Get(async () => (await reader.GetFromJsonAsync<List<JsonObject>>($"/api/v1/destinations/{id}/deliveries?status=superseded"))!
            is [_] one ? one : null, what: "the late event superseded");
        Assert.Equal(lifecycle.Messages()[0].EventId.ToString(), superseded[0]["eventId"]!.GetValue<string>());
        Assert.Equal(4, collector.EventsOf(lifecycle.FindingId).Count);
    }

    [Fact]
    public async Task Events_older_than_the_dead_letter_age_are_listed_as_failed_and_a_replay_delivers_them()
    {
        collector.Status = HttpStatusCode.ServiceUnavailable;
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Ocsf(collector, Token)))["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages().Take(2))
        {
            await Lifecycle.PublishAsync(host, message);
        }
        await host.StatusWhen(tenant, id, s => s["failedAttempts"]!.GetValue<long>() >= 1 && s["backlog"]!.GetValue<long>() == 2, "a failed attempt");

        host.Clock.Advance(TimeSpan.FromHours(25));
        var dead = await host.StatusWhen(tenant, id, s => s["deadLettered"]!.GetValue<long>() == 2, "two dead letters");
        Assert.Equal(0, dead["backlog"]!.GetValue<long>());
        using var reader = host.Reader(tenant);
        var failed = (await reader.GetFromJsonAsync<List<JsonObject>>($"/api/v1/destinations/{id}/deliveries?status=failed"))!;
        Assert.Equal(lifecycle.Messages().Take(2).Select(m => m.EventId.ToString()).Reverse(), failed.Select(f => f["eventId"]!.GetValue<string>()));
        Assert.Equal(["updated", "opened"], failed.Select(f => f["transition"]!.GetValue<string>()));
        Assert.All(failed, f => Assert.Contains("unavailable", f["lastError"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(failed, f => Assert.True(f["attempts"]!.GetValue<int>() >= 1));
        Assert.Empty(collector.Events());

        collector.Status = HttpStatusCode.Accepted;
        using var admin = host.Admin(tenant);
        using var replay = await admin.PostAsJsonAsync($"/api/v1/destinations/{id}/deliveries/replay", new { });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(2, (await replay.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!.GetValue<int>());
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // past the back-off of the last failed attempt
        await host.StatusWhen(tenant, id, s => s["delivered"]!.GetValue<long>() == 2 && s["deadLettered"]!.GetValue<long>() == 0, "replayed events delivered");
        Assert.Equal(lifecycle.Messages().Take(2).Select(m => m.EventId.ToString()), collector.Events().Select(e => e["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Empty((await reader.GetFromJsonAsync<List<JsonObject>>($"/api/v1/destinations/{id}/deliveries?status=failed"))!);
    }

    public async Task DisposeAsync() => await collector.DisposeAsync();
}
