using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Thalian.Delivery.Tests.Fixtures;

namespace Thalian.Delivery.Tests.Syslog;

/// <summary>The delivery service end to end: finding events on RabbitMQ → a syslog-cef destination → the real rsyslogd over TLS.</summary>
public sealed class SyslogDeliveryTests(DeliveryHost host, RsyslogServer rsyslog) : IClassFixture<DeliveryHost>, IClassFixture<RsyslogServer>
{
    private object Destination(object? settings = null) => new
    {
        type = "syslog-cef",
        displayName = "ArcSight",
        settings = settings ?? new { host = "localhost", port = rsyslog.TlsPort, caCertificatePem = rsyslog.Certificates.CaPem, hostname = "thalian-e2e" },
    };

    [Fact]
    public async Task A_findings_lifecycle_arrives_at_rsyslog_in_order_as_cef_over_tls()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..6];
        var created = await host.CreateDestinationAsync(tenant, Destination());
        var lifecycle = new Lifecycle(tenant);
        var messages = lifecycle.Messages();
        foreach (var message in messages)
        {
            await Lifecycle.PublishAsync(host, message);
        }

        var received = await WaitForAsync(tenant, (string)created["id"]!, lifecycle.FindingId, 5);

        Assert.All(received, m => Assert.Equal(("tls", "thalian-e2e", "thalian"), (m.Input, m.Hostname, m.AppName)));
        var cef = received.Select(m => CefText.Parse(m.Msg)).ToList();
        Assert.Equal(Lifecycle.Transitions, cef.Select(c => c["act"]));
        Assert.Equal(["open", "open", "resolved", "open", "suppressed"], cef.Select(c => c["outcome"]));
        Assert.Equal(messages.Select(m => m.EventId.ToString()), cef.Select(c => c["cs3"]));
        Assert.Equal(Lifecycle.Transitions.Select(t => "finding-" + t), received.Select(m => m.MsgId));
        Assert.All(cef, c => Assert.Equal(("stale-iam-user", "8", lifecycle.FindingId.ToString()), (c.Header[4], c.Header[6], c["externalId"])));
        Assert.Equal("condition-cleared", cef[2]["reason"]);
        Assert.Equal("accepted risk", cef[4]["reason"]);
    }

    [Fact]
    public async Task The_test_endpoint_sends_a_marked_test_event_and_reports_the_answer()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..6];
        var created = await host.CreateDestinationAsync(tenant, Destination());
        using var admin = host.Admin(tenant);

        using var response = await admin.PostAsync($"/api/v1/destinations/{created["id"]}/test", null);

        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((bool)result["delivered"]!, result.ToJsonString());
        var test = Assert.Single(await rsyslog.WaitForAsync(m => m.MsgId == "finding-test" && m.Msg.Contains(tenant, StringComparison.Ordinal), 1));
        Assert.Equal("test", CefText.Parse(test.Msg)["act"]);
        Assert.StartsWith("[TEST]", CefText.Parse(test.Msg)["msg"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_puts_the_destination_in_failing_with_the_reason()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..6];
        var created = await host.CreateDestinationAsync(tenant, Destination(new
        {
            host = "localhost", port = rsyslog.TlsPort, caCertificatePem = rsyslog.Certificates.CaPem, serverName = "siem.example.com",
        }));
        await Lifecycle.PublishAsync(host, new Lifecycle(tenant).Messages()[0]);

        var status = await host.StatusWhen(tenant, (string)created["id"]!, s => (string?)s["state"] == "failing", "the destination to fail");

        Assert.Contains("not valid for the name 'siem.example.com'", (string?)status["reason"], StringComparison.Ordinal);
        Assert.Equal(1, (long)status["backlog"]!);
    }

    /// <summary>rsyslog's messages of the finding; when they do not come, the failure says what the destination's status was.</summary>
    private async Task<IReadOnlyList<ReceivedSyslog>> WaitForAsync(string tenant, string destination, Guid findingId, int count)
    {
        try
        {
            return await rsyslog.WaitForAsync(m => m.Msg.Contains(findingId.ToString(), StringComparison.Ordinal), count);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Destination: {(await host.GetDestinationAsync(tenant, destination))["status"]}; rsyslogd: {rsyslog.Log}", e);
        }
    }

    [Theory]
    [InlineData("""{"port": 6514}""", "settings.host")]
    [InlineData("""{"host": "siem.example.com", "port": 70000}""", "settings.port")]
    [InlineData("""{"host": "siem.example.com", "transport": "udp"}""", "settings.transport")]
    [InlineData("""{"host": "siem.example.com", "transport": "carrier-pigeon"}""", "settings.transport")]
    [InlineData("""{"host": "siem.example.com", "maxMessageBytes": 100}""", "settings.maxMessageBytes")]
    [InlineData("""{"host": "siem.example.com", "caCertificatePem": "not a certificate"}""", "settings.caCertificatePem")]
    public async Task A_malformed_setting_is_a_400_with_the_field(string settings, string field)
    {
        using var admin = host.Admin("tenant-" + Guid.NewGuid().ToString("N")[..6]);

        using var response = await admin.PostAsJsonAsync("/api/v1/destinations", new { type = "syslog-cef", displayName = "x", settings = JsonNode.Parse(settings) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }
}
