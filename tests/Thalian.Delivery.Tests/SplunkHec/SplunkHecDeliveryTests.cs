using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.HecEmulator;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.SplunkHec;

/// <summary>The HEC destination against the independent HEC emulator, which enforces HEC's token, format, channel and acknowledgement rules.</summary>
public sealed class SplunkHecDeliveryTests(DeliveryHost host) : IClassFixture<DeliveryHost>
{
    private const string Token = "2f1c3a8e-6d0b-4c55-9b1e-7a0d5e2c9f10";

    private static object Hec(RunningHecEmulator hec, string token, bool useAck) => new
    {
        type = "splunk-hec",
        displayName = "Splunk",
        settings = new { url = hec.Url.ToString(), index = "security", useAck, ackPollSeconds = 0.2, ackPollAttempts = 5 },
        secrets = new Dictionary<string, string> { ["token"] = token },
    };

    [Fact]
    public async Task A_findings_lifecycle_is_indexed_in_order_with_acknowledgement_and_unacknowledged_batches_are_sent_again()
    {
        await using var hec = await HecEmulatorApp.StartAsync(new HecSettings { Token = Token, AcknowledgementEnabled = true, Indexes = ["main", "security"] });
        hec.State.SetFaults(new HecFaults { DropAcks = true });
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, Hec(hec, Token, useAck: true)))["id"]!.GetValue<string>();
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }
        var retrying = await host.StatusWhen(tenant, id, s => s["failedAttempts"]!.GetValue<long>() >= 1, "an unacknowledged batch");
        Assert.Contains("did not acknowledge", retrying["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(hec.State.Indexed);

        hec.State.SetFaults(new HecFaults());
        await host.StatusWhen(tenant, id, s => s["backlog"]!.GetValue<long>() == 0 && s["delivered"]!.GetValue<long>() == 5, "all acknowledged");

        var indexed = hec.State.Indexed;
        Assert.Equal(5, indexed.Count);
        Assert.All(indexed, e =>
        {
            Assert.Equal("security", e.Index);
            Assert.Equal("thalian:ocsf:finding", e.Sourcetype);
            Assert.Equal("thalian", e.Source);
            Assert.Equal(id, e.Channel);
        });
        var events = indexed.Select(e => JsonNode.Parse(e.Event.GetRawText())!.AsObject()).ToList();
        Assert.Equal(["opened", "updated", "resolved", "reopened", "suppressed"], events.Select(e => e["unmapped"]!["transition"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3, 2, 2], events.Select(e => e["activity_id"]!.GetValue<int>()));
        Assert.Equal(lifecycle.Messages().Select(m => m.EventId.ToString()), events.Select(e => e["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal(events.Select(e => e["time"]!.GetValue<long>() / 1000.0), indexed.Select(e => e.Time!.Value.ToUnixTimeMilliseconds() / 1000.0));
        OcsfValidator.AssertValid(events);
    }

    [Fact]
    public async Task A_wrong_token_makes_the_destination_failing_and_the_right_one_recovers_it()
    {
        await using var hec = await HecEmulatorApp.StartAsync(new HecSettings { Token = Token, Indexes = ["main", "security"] });
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, Hec(hec, "0b5e0c1e-0000-4000-8000-000000000000", useAck: false)))["id"]!.GetValue<string>();
        await Lifecycle.PublishAsync(host, new Lifecycle(tenant).Messages()[0]);
        var failing = await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "failing", "failing on the wrong token");
        Assert.Contains("rejected the token", failing["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(hec.State.Served);

        using var admin = host.Admin(tenant);
        using var put = await admin.PutAsJsonAsync($"/api/v1/destinations/{id}", Hec(hec, Token, useAck: false));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "active" && s["delivered"]!.GetValue<long>() == 1, "recovered");
        Assert.Single(hec.State.Indexed);
    }

    [Fact]
    public async Task The_test_endpoint_reports_the_receivers_answer()
    {
        await using var hec = await HecEmulatorApp.StartAsync(new HecSettings { Token = Token, Indexes = ["main", "security"] });
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, Hec(hec, Token, useAck: false)))["id"]!.GetValue<string>();
        using var admin = host.Admin(tenant);
        using var response = await admin.PostAsync($"/api/v1/destinations/{id}/test", null);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(result["delivered"]!.GetValue<bool>());
        Assert.Contains("code 0", result["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var test = JsonNode.Parse(Assert.Single(hec.State.Indexed).Event.GetRawText())!;
        Assert.True(test["unmapped"]!["test"]!.GetValue<bool>());
        Assert.StartsWith("[TEST]", test["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
