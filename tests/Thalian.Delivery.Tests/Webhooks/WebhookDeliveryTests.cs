using System.Net;
using System.Net.Http.Json;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Webhooks;

public sealed class WebhookDeliveryTests(DeliveryHost host) : IClassFixture<DeliveryHost>
{
    [Fact]
    public async Task A_findings_lifecycle_arrives_in_order_signed_and_as_valid_OCSF()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret));
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }

        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count >= 5), what: "five webhook deliveries");

        var deliveries = receiver.Accepted;
        Assert.Equal(["finding.opened", "finding.updated", "finding.resolved", "finding.reopened", "finding.suppressed"], deliveries.Select(d => d.Type));
        Assert.Equal([1, 2, 3, 2, 2], deliveries.Select(d => d.Data["activity_id"]!.GetValue<int>()));
        Assert.Equal([1, 1, 4, 1, 3], deliveries.Select(d => d.Data["status_id"]!.GetValue<int>()));
        Assert.All(deliveries, d => Assert.Equal(lifecycle.FindingId.ToString(), d.Data["finding_info"]!["uid"]!.GetValue<string>()));
        Assert.Equal(lifecycle.Messages().Count, deliveries.Select(d => d.Id).Distinct().Count());
        Assert.Equal(1793613600123, deliveries[0].Data["time"]!.GetValue<long>());
        Assert.Equal(0, receiver.Rejected);
        OcsfValidator.AssertValid(deliveries.Select(d => d.Data));
    }

    [Fact]
    public async Task The_receiver_rejects_a_replayed_or_tampered_delivery()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret));
        var lifecycle = new Lifecycle(tenant);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), what: "one delivery");
        var original = receiver.Requests.Single();

        Assert.Equal(HttpStatusCode.Conflict, await receiver.PostAsync(original.Headers, original.Body));
        Assert.Equal(HttpStatusCode.BadRequest, await receiver.PostAsync(original.Headers, original.Body.Replace("\"High\"", "\"Low\"", StringComparison.Ordinal)));
        Assert.Single(receiver.Accepted);
        Assert.Equal(2, receiver.Rejected);
    }

    [Fact]
    public async Task During_a_secret_rotation_deliveries_verify_with_the_old_and_with_the_new_secret()
    {
        var oldSecret = WebhookReceiver.NewSecret();
        var newSecret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(oldSecret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var created = await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, oldSecret));
        using var admin = host.Admin(tenant);
        using var rotated = await admin.PutAsJsonAsync($"/api/v1/destinations/{created["id"]}", DestinationRequests.Webhook(receiver, newSecret));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        var lifecycle = new Lifecycle(tenant);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), what: "a delivery verified with the old secret");

        var signed = receiver.Requests[^1];
        Assert.Equal(2, signed.Headers["webhook-signature"].Split(' ').Length);
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary(signed.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));
        Assert.True(WebhookReceiver.Verifies(newSecret, signed.Body, headers));
        Assert.True(WebhookReceiver.Verifies(oldSecret, signed.Body, headers));
        Assert.False(WebhookReceiver.Verifies(WebhookReceiver.NewSecret(), signed.Body, headers));
    }

    [Fact]
    public async Task A_410_Gone_disables_the_destination_until_its_settings_change()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret) { ForcedStatus = HttpStatusCode.Gone };
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var created = await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret));
        var id = created["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);

        var status = await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "disabled", "destination disabled");
        Assert.Contains("410", status["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, status["backlog"]!.GetValue<long>());

        receiver.ForcedStatus = null;
        using var admin = host.Admin(tenant);
        using var edited = await admin.PutAsJsonAsync($"/api/v1/destinations/{id}", DestinationRequests.Webhook(receiver, secret));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), what: "delivery after re-enabling");
        await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "active" && s["backlog"]!.GetValue<long>() == 0, "destination active again");
    }
}
