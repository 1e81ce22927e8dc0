using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>
/// CEF over syslog (RFC 5424): TLS with octet counting by default, plain TCP, or UDP. A batch goes over one
/// connection; it counts as delivered when the receiver has read all of it (see docs/decisions/delivery-syslog-cef.md).
/// </summary>
public sealed class SyslogDestination(IOptions<DeliveryOptions> options) : DestinationType<SyslogSettings>
{
    /// <summary>RFC 5426: every IPv4 receiver must accept 480 bytes; below that a finding's identifying keys cannot fit.</summary>
    private const int MinMessageBytes = 480;

    public override string Name => "syslog-cef";

    protected override void Check(SyslogSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(settings.Host) || Uri.CheckHostName(settings.Host) == UriHostNameType.Unknown)
        {
            errors.Add("settings.host", "Required: the receiver's host name or IP address, e.g. siem.example.com.");
        }
        if (settings.Port is < 1 or > 65535)
        {
            errors.Add("settings.port", "Must be a port number from 1 to 65535 (6514 is syslog over TLS).");
        }
        if (settings.Facility is < 0 or > 23)
        {
            errors.Add("settings.facility", "Must be a syslog facility from 0 to 23 (13 is log audit).");
        }
        if (settings.MaxMessageBytes is { } max && (max < MinMessageBytes || max > 65_000))
        {
            errors.Add("settings.maxMessageBytes", $"Must be from {MinMessageBytes} to 65000 bytes.");
        }
        if (settings.Transport != SyslogTransport.Tls && !settings.AllowUnencrypted)
        {
            errors.Add("settings.transport", "tcp and udp send findings unencrypted and unauthenticated; use tls, or set allowUnencrypted to true to accept that.");
        }
        if (settings.CaCertificatePem is { } pem && !IsCertificate(pem))
        {
            errors.Add("settings.caCertificatePem", "Must be a PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
    }

    protected override async Task<SendOutcome> SendAsync(SyslogSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var messages = new List<byte[]>(events.Count);
        string? refused = null;
        foreach (var e in events)
        {
            try
            {
                messages.Add(Rfc5424.Message(e, settings));
            }
            catch (SyslogMessageTooLargeException tooLarge)
            {
                refused = tooLarge.Message + " Raise settings.maxMessageBytes.";
                break;
            }
        }
        try
        {
            if (messages.Count > 0)
            {
                await new SyslogSender(settings, options.Value.RequestTimeout).SendAsync(messages, cancellationToken);
            }
        }
        catch (SyslogDeliveryException failure)
        {
            return SendOutcome.Failed(0, failure.Permanent ? FailureKind.Permanent : FailureKind.Transient, failure.Message);
        }
        var answer = $"{messages.Count} messages sent over {settings.Transport.ToString().ToUpperInvariant()} to {settings.Host}:{settings.Port}";
        return refused is null ? SendOutcome.AllDelivered(messages.Count, answer) : SendOutcome.Failed(messages.Count, FailureKind.Permanent, refused);
    }

    private static bool IsCertificate(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
