using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Demo;

/// <summary>The fields of a finding the demo shows and compares (read tolerantly from GET /api/v1/findings).</summary>
public sealed record Finding(
    string RuleId, string Severity, string AccountId, string ResourceType, string ResourceArn, string ResourceId, string Summary, string KeySlot)
{
    public string Key => $"{RuleId} {AccountId} {ResourceArn}";

    /// <summary>"mallory.ops", "ivan@... (key 1)", "role public-reader", "root".</summary>
    public string Identity
    {
        get
        {
            var resource = ResourceArn[(ResourceArn.LastIndexOf(':') + 1)..];
            var name = resource == "root" ? "root" : resource[(resource.LastIndexOf('/') + 1)..];
            return resource.StartsWith("role/", StringComparison.Ordinal) ? $"role {name}"
                : ResourceType == "access-key" ? $"{name} (key {KeySlot})"
                : name;
        }
    }

    public static async Task<List<Finding>> ListOpenAsync(HttpClient api)
    {
        var findings = new List<Finding>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/findings?status=open&limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await api.GetFromJsonAsync<JsonElement>(url);
            var items = page.ValueKind == JsonValueKind.Array ? page : page.GetProperty("items");
            findings.AddRange(items.EnumerateArray().Select(From).Where(f => f is not null)!);
            cursor = page.ValueKind == JsonValueKind.Object && page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String
                ? next.GetString()
                : null;
        }
        while (cursor is not null);
        return findings;
    }

    private static Finding? From(JsonElement item)
    {
        var status = Settling.Text(item, "status");
        var resourceId = Settling.Text(item, "resourceId");
        var slot = item.TryGetProperty("evidence", out var evidence) ? Settling.Text(evidence, "keySlot") : "";
        if (slot.Length == 0)
        {
            // ".../key1/<created>" when the evidence does not say
            var segment = resourceId.Split('/').FirstOrDefault(s => s.StartsWith("key", StringComparison.Ordinal) && s.Length > 3);
            slot = segment?[3..] ?? "?";
        }
        return status.Length > 0 && status != "open" ? null : new Finding(
            Settling.Text(item, "ruleId"), Settling.Text(item, "severity"), Settling.Text(item, "accountId"),
            Settling.Text(item, "resourceType"), Settling.Text(item, "resourceArn"), resourceId, Settling.Text(item, "summary"), slot);
    }
}
