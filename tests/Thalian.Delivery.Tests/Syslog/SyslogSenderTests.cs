using Thalian.Delivery.Destinations.Syslog;

namespace Thalian.Delivery.Tests.Syslog;

/// <summary>The syslog transports against a real rsyslogd: what it parsed and wrote to its file is what the tests check.</summary>
public sealed class SyslogSenderTests(RsyslogServer rsyslog) : IClassFixture<RsyslogServer>
{
    private static readonly string[] Lifecycle = ["opened", "updated", "resolved", "reopened", "suppressed"];

    [Fact]
    public async Task The_lifecycle_arrives_in_order_over_tls_with_its_rfc5424_fields_and_cef()
    {
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid() };
        var settings = Tls();
        var events = Lifecycle.Select((t, i) => SampleFindings.Event(finding, t, DateTimeOffset.Parse("2026-12-02T10:00:00Z").AddMinutes(i))).ToList();

        await new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync([.. events.Select(e => Rfc5424.Message(e, settings))], CancellationToken.None);

        var received = await rsyslog.WaitForAsync(m => m.Msg.Contains(finding.FindingId.ToString(), StringComparison.Ordinal), 5);
        Assert.All(received, m => Assert.Equal(("tls", "1", "107", "thalian-test", "thalian"), (m.Input, m.Version, m.Pri, m.Hostname, m.AppName)));
        Assert.Equal(Lifecycle.Select(t => "finding-" + t), received.Select(m => m.MsgId));
        var cef = received.Select(m => CefText.Parse(m.Msg)).ToList();
        Assert.Equal(Lifecycle, cef.Select(c => c["act"]));
        Assert.Equal(events.Select(e => e.EventId.ToString()), cef.Select(c => c["cs3"]));
        Assert.All(cef, c => Assert.Equal(finding.Title, c.Header[5]));
        Assert.All(cef, c => Assert.Equal(finding.Summary, c["msg"]));
        Assert.All(cef, c => Assert.Equal(finding.ResourceArn, c["duser"]));
        Assert.Equal(events.Select(e => e.OccurredAt), received.Select(m => DateTimeOffset.Parse(m.Timestamp, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Plain_tcp_uses_the_same_octet_counted_frames()
    {
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid() };
        var settings = Tls() with { Transport = SyslogTransport.Tcp, Port = rsyslog.TcpPort };
        var messages = Lifecycle.Take(2).Select(t => Rfc5424.Message(SampleFindings.Event(finding, t, DateTimeOffset.UtcNow), settings)).ToList();

        await new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync(messages, CancellationToken.None);

        var received = await rsyslog.WaitForAsync(m => m.Msg.Contains(finding.FindingId.ToString(), StringComparison.Ordinal), 2);
        Assert.All(received, m => Assert.Equal("tcp", m.Input));
        Assert.Equal(["opened", "updated"], received.Select(m => CefText.Parse(m.Msg)["act"]));
    }

    [Fact]
    public async Task Udp_sends_one_message_per_datagram_within_its_limit()
    {
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), Summary = new string('s', 3000) };
        var settings = Tls() with { Transport = SyslogTransport.Udp, Port = rsyslog.UdpPort };
        var message = Rfc5424.Message(SampleFindings.Event(finding, "opened", DateTimeOffset.UtcNow), settings);

        await new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync([message], CancellationToken.None);

        var received = Assert.Single(await rsyslog.WaitForAsync(m => m.Msg.Contains(finding.FindingId.ToString(), StringComparison.Ordinal), 1));
        Assert.Equal("udp", received.Input);
        Assert.InRange(message.Length, 1, 1180);
        var cef = CefText.Parse(received.Msg);
        Assert.False(cef.Extension.ContainsKey("msg"));
        Assert.Equal("opened", cef["act"]);
        Assert.Equal(finding.AccountId, cef["cs2"]);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_a_permanent_failure_in_words()
    {
        var settings = Tls() with { ServerName = "siem.example.com" };

        var failure = await Assert.ThrowsAsync<SyslogDeliveryException>(() => new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync([[1]], CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("not valid for the name 'siem.example.com'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_a_permanent_failure_in_words()
    {
        var settings = Tls() with { CaCertificatePem = null };

        var failure = await Assert.ThrowsAsync<SyslogDeliveryException>(() => new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync([[1]], CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("not trusted", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_a_failure_worth_retrying()
    {
        var settings = Tls() with { Port = Thalian.Testing.FreePorts.Tcp() };

        var failure = await Assert.ThrowsAsync<SyslogDeliveryException>(() => new SyslogSender(settings, TimeSpan.FromSeconds(30)).SendAsync([[1]], CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Contains("Could not reach", failure.Message, StringComparison.Ordinal);
    }

    private SyslogSettings Tls() => new()
    {
        Host = "localhost",
        Port = rsyslog.TlsPort,
        CaCertificatePem = rsyslog.Certificates.CaPem,
        Hostname = "thalian-test",
    };
}
