using System.Net;
using System.Net.Http.Json;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Faults;

public sealed class ReceiverFaultTests(DeliveryHost host) : IClassFixture<DeliveryHost>
{
    [Fact]
    public async Task A_receiver_down_for_a_while_then_back_gets_every_event_once_and_in_order()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret)))["id"]!.GetValue<string>();
        await receiver.StopAsync();
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }
        var retrying = await host.StatusWhen(tenant, id, s => s["failedAttempts"]!.GetValue<long>() >= 2 && s["backlog"]!.GetValue<long>() == 5, "failed attempts while down");
        Assert.Equal("retrying", retrying["state"]!.GetValue<string>());
        Assert.Contains("Could not connect", retrying["lastError"]!.GetValue<string>(), StringComparison.Ordinal);

        await receiver.StartAsync();
        await host.StatusWhen(tenant, id, s => s["backlog"]!.GetValue<long>() == 0 && s["state"]!.GetValue<string>() == "active", "backlog drained");

        Assert.Equal(lifecycle.Messages().Select(m => m.EventId.ToString()), receiver.Accepted.Select(d => d.Id));
        Assert.Equal(["finding.opened", "finding.updated", "finding.resolved", "finding.reopened", "finding.suppressed"], receiver.Accepted.Select(d => d.Type));
        Assert.Equal(0, receiver.Rejected);
    }

    [Fact]
    public async Task Every_bus_message_delivered_twice_still_yields_one_delivery()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret)))["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
            await Lifecycle.PublishAsync(host, message);
        }
        // A late copy of the first event, after the whole lifecycle went out, must not be sent again either.
        await host.StatusWhen(tenant, id, s => s["delivered"]!.GetValue<long>() == 5 && s["backlog"]!.GetValue<long>() == 0, "five delivered");
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[2] with { EventId = Guid.NewGuid() });
        using var reader = host.Reader(tenant);
        await Eventually.True(async () => (await reader.GetFromJsonAsync<List<object>>($"/api/v1/destinations/{id}/deliveries?status=superseded"))!.Count == 1,
            what: "the stale resolved event superseded");

        Assert.Equal(5, receiver.Accepted.Count);
        Assert.Equal(lifecycle.Messages().Select(m => m.EventId.ToString()), receiver.Accepted.Select(d => d.Id));
        Assert.Equal(0, receiver.Rejected);
    }

    [Fact]
    public async Task A_receiver_answering_401_puts_the_destination_in_failing_without_a_retry_storm_and_new_credentials_recover_it()
    {
        var oldSecret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(oldSecret) { ForcedStatus = HttpStatusCode.Unauthorized };
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, oldSecret)))["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);

        var failing = await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "failing", "destination failing");
        Assert.Contains("rejected the credentials", failing["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("401", failing["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        // More events keep queueing (and wake the dispatcher), but nothing is sent while the settings are unchanged.
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[1]);
        await host.StatusWhen(tenant, id, s => s["backlog"]!.GetValue<long>() == 2, "second event queued");
        await Task.Delay(TimeSpan.FromSeconds(2)); // many dispatcher rounds (poll 100 ms, back-off base 200 ms)
        Assert.Single(receiver.Requests);

        var newSecret = WebhookReceiver.NewSecret();
        receiver.Secret = newSecret;
        receiver.ForcedStatus = null;
        using var admin = host.Admin(tenant);
        using var put = await admin.PutAsJsonAsync($"/api/v1/destinations/{id}", DestinationRequests.Webhook(receiver, newSecret));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "active" && s["backlog"]!.GetValue<long>() == 0, "recovered");
        Assert.Equal(["finding.opened", "finding.updated"], receiver.Accepted.Select(d => d.Type));
    }

    [Fact]
    public async Task A_new_destination_starts_with_the_open_findings_and_resync_sends_them_again()
    {
        var tenant = DestinationRequests.NewTenant();
        var open = new Lifecycle(tenant, user: "carol");
        var closed = new Lifecycle(tenant, user: "dave");
        await Lifecycle.PublishAsync(host, open.Messages()[0]);
        foreach (var message in closed.Messages().Take(3))
        {
            await Lifecycle.PublishAsync(host, message);
        }
        // The service learns findings from the bus even before any destination exists.
        await Eventually.True(async () => await host.ScalarAsync<long>(
            $"select count(*) from {host.Table("delivery_finding")} where tenant_id = '{tenant}' and version = case when status = 'open' then 1 else 3 end") == 2,
            what: "both findings known");
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret)))["id"]!.GetValue<string>();
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), what: "the starting state");
        var first = receiver.Accepted[0];
        Assert.Equal("finding.resync", first.Type);
        Assert.Equal(open.FindingId.ToString(), first.Data["finding_info"]!["uid"]!.GetValue<string>());
        Assert.Equal(1, first.Data["activity_id"]!.GetValue<int>());

        using var client = host.Admin(tenant);
        using var resync = await client.PostAsync($"/api/v1/destinations/{id}/resync", null);
        Assert.Equal(HttpStatusCode.Accepted, resync.StatusCode);
        Assert.Equal(1, (await resync.Content.ReadFromJsonAsync<Dictionary<string, int>>())!["queued"]);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 2), what: "the resync");
        Assert.Equal(open.FindingId.ToString(), receiver.Accepted[1].Data["finding_info"]!["uid"]!.GetValue<string>());

        // The destination began at the present: the resolved finding it never had reopens and is sent at once, without
        // waiting for the versions from before the destination existed.
        await Lifecycle.PublishAsync(host, closed.Messages()[3]);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 3), what: "the reopened finding");
        Assert.Equal("finding.reopened", receiver.Accepted[2].Type);
        Assert.Equal(closed.FindingId.ToString(), receiver.Accepted[2].Data["finding_info"]!["uid"]!.GetValue<string>());
        OcsfValidator.AssertValid(receiver.Accepted.Select(d => d.Data));
    }

    [Fact]
    public async Task A_destination_filtering_out_transitions_gets_the_others_in_order_without_waiting_for_the_filtered_ones()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret, filter: new { transitions = new[] { "opened", "resolved", "suppressed" } }));
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }

        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 3), what: "three deliveries");
        Assert.Equal(["finding.opened", "finding.resolved", "finding.suppressed"], receiver.Accepted.Select(d => d.Type));
        var ids = lifecycle.Messages().Select(m => m.EventId.ToString()).ToList();
        Assert.Equal([ids[0], ids[2], ids[4]], receiver.Accepted.Select(d => d.Id));
    }
}
