using System.Text;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Destinations.Syslog;

namespace Thalian.Delivery.Tests.Syslog;

public sealed class Rfc5424Tests
{
    private static readonly DeliveryEvent Opened = SampleFindings.Event(SampleFindings.Orphaned() with { Summary = "naïve ✓" }, "opened",
        DateTimeOffset.Parse("2026-12-02T10:00:00.5Z"));

    [Fact]
    public void The_header_carries_priority_version_time_host_app_and_transition()
    {
        var message = Encoding.UTF8.GetString(Rfc5424.Message(Opened, new SyslogSettings { Host = "siem", Hostname = "thalian host", Facility = 13 }));

        // facility 13 (log audit) * 8 + severity 3 (high finding = err)
        Assert.StartsWith("<107>1 2026-12-02T10:00:00.500Z thalian_host thalian - finding-opened - CEF:0|", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Octet_counting_counts_utf8_bytes_not_characters()
    {
        var message = Rfc5424.Message(Opened, new SyslogSettings { Host = "siem" });

        var framed = Encoding.UTF8.GetString(Rfc5424.OctetCounted(message));

        var space = framed.IndexOf(' ', StringComparison.Ordinal);
        Assert.Equal(message.Length, int.Parse(framed[..space], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(message.Length > Encoding.UTF8.GetString(message).Length);
    }

    [Theory]
    [InlineData(SyslogTransport.Udp, 1180)]
    [InlineData(SyslogTransport.Tcp, 8192)]
    [InlineData(SyslogTransport.Tls, 8192)]
    public void Each_transport_has_a_size_limit_the_whole_message_keeps(SyslogTransport transport, int limit)
    {
        var big = Opened with { Finding = Opened.Finding with { Summary = new string('é', 9000) } };

        var message = Rfc5424.Message(big, new SyslogSettings { Host = "siem", Transport = transport });

        Assert.Equal(limit, new SyslogSettings { Host = "siem", Transport = transport }.MessageLimit);
        Assert.InRange(message.Length, 300, limit);
    }
}
