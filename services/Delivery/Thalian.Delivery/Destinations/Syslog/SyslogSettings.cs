using System.Text.Json.Serialization;

namespace Thalian.Delivery.Destinations.Syslog;

public enum SyslogTransport
{
    /// <summary>RFC 5425: TLS, octet-counted frames (the default).</summary>
    Tls,
    /// <summary>RFC 6587 octet counting over plain TCP.</summary>
    Tcp,
    /// <summary>RFC 5426: one message per datagram, within <see cref="SyslogSettings.MaxMessageBytes"/>.</summary>
    Udp,
}

/// <summary>Where and how a syslog destination sends (no secrets: a private CA is public material).</summary>
public sealed record SyslogSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 6514;
    public SyslogTransport Transport { get; init; } = SyslogTransport.Tls;
    /// <summary>Must be true for tcp or udp: the destination's owner accepts that findings travel in clear text.</summary>
    public bool AllowUnencrypted { get; init; }
    /// <summary>PEM of the CA that signed the receiver's certificate, when it is not publicly trusted; then only that CA is trusted.</summary>
    public string? CaCertificatePem { get; init; }
    /// <summary>The name the receiver's certificate must carry; defaults to <see cref="Host"/>.</summary>
    public string? ServerName { get; init; }
    /// <summary>Syslog facility 0–23; 13 is "log audit".</summary>
    public int Facility { get; init; } = 13;
    /// <summary>HOSTNAME field; defaults to the machine name.</summary>
    public string? Hostname { get; init; }
    /// <summary>Largest syslog message (bytes, before framing); null = 8,192 over TCP/TLS (RFC 5425's "should accept"), 1,180 over UDP (no fragmentation on an IPv6 minimum MTU).</summary>
    public int? MaxMessageBytes { get; init; }

    [JsonIgnore] // derived, not a setting (and so not in the settings schema the console builds its form from)
    public int MessageLimit => MaxMessageBytes ?? (Transport == SyslogTransport.Udp ? 1180 : 8192);
}
