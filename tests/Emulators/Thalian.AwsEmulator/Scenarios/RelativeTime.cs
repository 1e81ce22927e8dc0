using System.Globalization;

namespace Thalian.AwsEmulator.Scenarios;

/// <summary>"-120d", "-3h", "-30m", "+1d", "now" relative to the answer time, or an absolute ISO-8601 timestamp.</summary>
public static class RelativeTime
{
    public static DateTimeOffset? Resolve(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (text == "now")
        {
            return now;
        }
        if (text[0] is '-' or '+' && text.Length > 2 && double.TryParse(text[1..^1], CultureInfo.InvariantCulture, out var amount))
        {
            var sign = text[0] == '-' ? -1 : 1;
            var span = text[^1] switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' => TimeSpan.FromSeconds(amount),
                _ => throw new FormatException($"Unknown unit in relative date '{text}' (use d, h, m or s)."),
            };
            return now + sign * span;
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public static DateTimeOffset Or(string? text, DateTimeOffset now, DateTimeOffset fallback) => Resolve(text, now) ?? fallback;

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The credential report's form: 2014-09-01T22:28:48+00:00.</summary>
    public static string Report(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
