using System.Globalization;
using System.Text;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG</c> (RFC 5424) with the CEF text as MSG,
/// and RFC 5425/6587 octet-counting frames (<c>MSG-LEN SP SYSLOG-MSG</c>, the length in UTF-8 bytes).
/// </summary>
public static class Rfc5424
{
    private const string AppName = "thalian";

    public static byte[] Message(DeliveryEvent e, SyslogSettings settings)
    {
        var header = string.Create(CultureInfo.InvariantCulture,
            $"<{settings.Facility * 8 + Severity(e.Finding.Severity)}>1 {e.OccurredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Hostname(settings)} {AppName} - {MessageId(e.Test ? "test" : e.Transition)} - ");
        var budget = settings.MessageLimit - Encoding.UTF8.GetByteCount(header);
        return Encoding.UTF8.GetBytes(header + CefFormatter.Format(e, budget));
    }

    public static byte[] OctetCounted(byte[] message)
    {
        var prefix = Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " ");
        return [.. prefix, .. message];
    }

    /// <summary>Syslog severity from the finding's: critical 2, high 3, medium 4, low 5 (notice).</summary>
    public static int Severity(string severity) => severity.ToLowerInvariant() switch
    {
        "critical" => 2,
        "high" => 3,
        "medium" => 4,
        _ => 5,
    };

    /// <summary>MSGID (≤ 32 printable ASCII): "finding-" and the transition.</summary>
    private static string MessageId(string transition) => Printable("finding-" + transition, 32);

    private static string Hostname(SyslogSettings settings) => Printable(settings.Hostname ?? Environment.MachineName, 255);

    /// <summary>RFC 5424 header fields are PRINTUSASCII (33–126); anything else becomes '_', an empty field the nil value.</summary>
    private static string Printable(string value, int maxLength)
    {
        var text = new string([.. value.Take(maxLength).Select(c => c is >= '!' and <= '~' ? c : '_')]);
        return text.Length == 0 ? "-" : text;
    }
}
