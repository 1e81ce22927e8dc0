using System.Text.RegularExpressions;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>RFC 8288 Link headers; there may be several headers, each with several comma-separated links.</summary>
public static partial class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        foreach (var value in values)
        {
            foreach (Match match in LinkPattern().Matches(value))
            {
                if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase))
                {
                    return new Uri(match.Groups["url"].Value, UriKind.Absolute);
                }
            }
        }
        return null;
    }

    [GeneratedRegex("<(?<url>[^>]+)>\\s*;[^,]*?rel=\"?(?<rel>[^\",;]+)\"?")]
    private static partial Regex LinkPattern();
}
