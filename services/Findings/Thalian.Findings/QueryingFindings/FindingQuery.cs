using Microsoft.AspNetCore.Mvc;

namespace Thalian.Findings.QueryingFindings;

/// <summary>GET /api/v1/findings query string. <c>identity</c> matches the identity id, resource id or ARN.</summary>
public sealed record FindingQuery(
    [FromQuery(Name = "rule")] string? Rule, [FromQuery(Name = "severity")] string? Severity, [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "account")] string? Account, [FromQuery(Name = "identity")] string? Identity, [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] string? Sort, [FromQuery(Name = "cursor")] string? Cursor, [FromQuery(Name = "limit")] int? Limit);

public sealed record FindingPage(IReadOnlyList<Thalian.Contracts.Findings.FindingDetails> Items, string? NextCursor);

/// <summary>Opaque page cursor. It encodes the position in the sorted result (see docs/decisions/findings-cursor-paging.md).</summary>
public static class Cursor
{
    public static string Encode(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"o:{offset}"));

    public static int? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text[2..], out var n) && n >= 0 ? n : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
