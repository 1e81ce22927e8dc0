namespace Thalian.Findings.QueryingFindings;

/// <summary>GET /api/v1/findings query string. <c>identity</c> matches the identity id, resource id or ARN.</summary>
public sealed record FindingQuery(string? Rule, string? Severity, string? Status, string? Account, string? Identity, string? Q,
    string? Sort, string? Cursor, int? Limit);

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
