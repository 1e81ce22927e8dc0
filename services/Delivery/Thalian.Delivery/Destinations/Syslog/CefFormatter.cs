using System.Globalization;
using System.Text;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>
/// Formats a finding transition as <c>CEF:0|Thalian|Thalian|version|rule id|title|severity|extension</c>. The
/// extension keys are listed in docs/decisions/delivery-syslog-cef.md. Keys that identify the event always come
/// first; when the message must fit a size limit, later keys that do not fit are left out whole (never cut).
/// </summary>
public static class CefFormatter
{
    public const string Vendor = "Thalian";
    public const string Product = "Thalian";
    private static readonly string Version = typeof(CefFormatter).Assembly.GetName().Version?.ToString(2) ?? "1.0";

    public static string Format(DeliveryEvent e, int maxBytes = int.MaxValue)
    {
        var f = e.Finding;
        var header = string.Join('|', "CEF:0", Cef.Header(Vendor), Cef.Header(Product), Cef.Header(Version), Cef.Header(f.RuleId),
            Cef.Header(f.Title), Severity(f.Severity).ToString(CultureInfo.InvariantCulture)) + "|";
        var required = new List<(string Key, string? Value)>
        {
            ("rt", Millis(e.OccurredAt)),
            ("externalId", f.FindingId.ToString()),
            ("act", e.Test ? "test" : e.Transition),
            ("outcome", f.Status),
            ("cs1Label", "ruleId"), ("cs1", f.RuleId),
            ("cs2Label", "awsAccountId"), ("cs2", f.AccountId),
            ("cs3Label", "eventId"), ("cs3", e.EventId.ToString()),
            ("duser", f.ResourceArn),
            ("duid", f.ResourceId),
            ("cat", f.ResourceType),
        };
        var optional = new List<(string Key, string? Value)>
        {
            ("cs4Label", "identityId"), ("cs4", f.IdentityId?.ToString()),
            ("cs5Label", "tenantId"), ("cs5", f.TenantId),
            ("start", Millis(f.FirstSeenAt)),
            ("end", Millis(f.LastSeenAt)),
            ("cs6Label", "cisControl"), ("cs6", f.CisControl),
            ("reason", e.Reason),
            ("msg", e.Test ? "[TEST] " + f.Summary : f.Summary),
        };
        var text = new StringBuilder(header);
        foreach (var pair in required)
        {
            Append(text, pair);
        }
        if (Encoding.UTF8.GetByteCount(text.ToString()) > maxBytes)
        {
            throw new SyslogMessageTooLargeException($"The CEF message of finding {f.FindingId} needs more than {maxBytes} bytes even without its optional keys.");
        }
        // Labels and their values go in or stay out together.
        for (var i = 0; i < optional.Count; i++)
        {
            var pairs = optional[i].Key.EndsWith("Label", StringComparison.Ordinal) ? optional.GetRange(i++, 2) : optional.GetRange(i, 1);
            if (pairs.Any(p => string.IsNullOrEmpty(p.Value)))
            {
                continue;
            }
            var candidate = new StringBuilder(text.ToString());
            pairs.ForEach(p => Append(candidate, p));
            if (Encoding.UTF8.GetByteCount(candidate.ToString()) <= maxBytes)
            {
                text = candidate;
            }
        }
        return text.ToString();
    }

    /// <summary>CEF 0–10: low 3, medium 5, high 8, critical 10 (an unknown word is 0, Unknown).</summary>
    public static int Severity(string severity) => severity.ToLowerInvariant() switch
    {
        "low" => 3,
        "medium" => 5,
        "high" => 8,
        "critical" => 10,
        _ => 0,
    };

    private static void Append(StringBuilder text, (string Key, string? Value) pair)
    {
        if (string.IsNullOrEmpty(pair.Value))
        {
            return;
        }
        if (text[^1] != '|')
        {
            text.Append(' ');
        }
        text.Append(pair.Key).Append('=').Append(Cef.Extension(pair.Value));
    }

    private static string Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>A message that cannot be sent within the destination's size limit; refused with this reason, never cut mid-field.</summary>
public sealed class SyslogMessageTooLargeException(string message) : Exception(message);
