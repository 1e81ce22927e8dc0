using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Demo;

/// <summary>Waits until every integration finished its first sync, then until the open findings stop changing.</summary>
public static class Settling
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);
    private const int QuietPolls = 5;

    public static async Task WaitForFirstSyncsAsync(HttpClient api, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (true)
        {
            var items = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations") ?? [];
            var done = items.Where(i => i.TryGetProperty("lastSyncCompletedAt", out var at) && at.ValueKind == JsonValueKind.String).ToList();
            var line = $"[demo] first syncs finished: {done.Count}/{expected}";
            if (line != last)
            {
                Console.WriteLine(line);
                last = line;
            }
            if (items.Length >= expected && done.Count == items.Length)
            {
                foreach (var item in items.Where(i => !(i.TryGetProperty("lastSyncComplete", out var c) && c.ValueKind == JsonValueKind.True)))
                {
                    Console.WriteLine($"[demo] WARNING {Text(item, "displayName")} ({Text(item, "type")}): last sync incomplete: {Text(item, "lastError")}");
                }
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not every integration finished its first sync within {timeout.TotalSeconds:0} s: "
                    + string.Join("; ", items.Select(i => $"{Text(i, "displayName")}={Text(i, "status")} {Text(i, "lastError")}")));
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// Syncs every directory once more and waits for those syncs, as the schedule would. Between the two syncs the
    /// scenario's JumpCloud hard-deletes a person: a removed IdP account is no longer a match.
    /// </summary>
    public static async Task SyncDirectoriesAgainAsync(HttpClient api, TimeSpan timeout)
    {
        var before = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations/idp") ?? [])
            .ToDictionary(i => Text(i, "id"), i => Text(i, "lastSyncCompletedAt"));
        foreach (var id in before.Keys)
        {
            using var response = await api.PostAsync($"/api/v1/integrations/idp/{id}/sync", null);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Syncing directory {id} again failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var items = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations/idp") ?? [];
            if (items.All(i => Text(i, "lastSyncCompletedAt") != before.GetValueOrDefault(Text(i, "id"))))
            {
                Console.WriteLine($"[demo] second directory syncs finished: {items.Length}");
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not every directory finished its second sync within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>The open findings once the set has not changed for a while (or matches <paramref name="target"/>).</summary>
    public static async Task<List<Finding>> WaitForFindingsAsync(HttpClient api, TimeSpan timeout, Func<List<Finding>, bool>? target = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var previous = "";
        var quiet = 0;
        while (true)
        {
            var findings = await Finding.ListOpenAsync(api);
            var signature = string.Join("|", findings.Select(f => f.Key).Order(StringComparer.Ordinal));
            quiet = signature == previous ? quiet + 1 : 0;
            if (signature != previous)
            {
                Console.WriteLine($"[demo] open findings so far: {findings.Count}");
            }
            previous = signature;
            if ((target?.Invoke(findings) ?? false) || (findings.Count > 0 && quiet >= QuietPolls) || DateTime.UtcNow > deadline)
            {
                return findings;
            }
            await Task.Delay(Poll);
        }
    }

    public static string Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "";
}
