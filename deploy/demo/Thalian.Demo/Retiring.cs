using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Demo;

/// <summary>
/// Each demo run gets a fresh tenant. The previous run's demo tenant (from the state file) is disconnected through the
/// public API first, so its integrations do not keep syncing against emulators that may no longer run.
/// </summary>
public static class Retiring
{
    private static readonly string[] Lists = ["/api/v1/integrations/aws", "/api/v1/integrations/idp"];

    public static async Task RetirePreviousAsync(DemoOptions options)
    {
        if (options.StateFile is null || !File.Exists(options.StateFile))
        {
            return;
        }
        string? key;
        try
        {
            using var state = JsonDocument.Parse(await File.ReadAllTextAsync(options.StateFile));
            key = state.RootElement.GetProperty("key").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return;
        }
        using var api = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var list in Lists)
        {
            using var response = await api.GetAsync(list);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }
            foreach (var item in await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? [])
            {
                using var removed = await api.DeleteAsync($"{list}/{item.GetProperty("id").GetString()}");
                Console.WriteLine($"[demo] previous demo tenant: disconnected {Settling.Text(item, "displayName")} ({(int)removed.StatusCode})");
            }
        }
    }
}
