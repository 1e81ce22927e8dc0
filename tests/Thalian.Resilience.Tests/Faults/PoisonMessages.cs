using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>Malformed JSON straight onto every queue the services consume from, and the error queues it should end in.</summary>
public static class PoisonMessages
{
    public static async Task<IReadOnlyList<string>> ServiceQueuesAsync(Uri management) => (await QueuesAsync(management)).Where(IsServiceQueue).ToList();

    private static bool IsServiceQueue(string queue) =>
        !queue.EndsWith("_error", StringComparison.Ordinal) && !queue.EndsWith("_skipped", StringComparison.Ordinal)
        && !queue.StartsWith("faults-", StringComparison.Ordinal) && !queue.Contains("bus", StringComparison.Ordinal);

    /// <summary>
    /// Messages waiting or in flight on the services' own queues (the management API's view, refreshed every few seconds);
    /// null when the management API does not answer (it can fail under load), which callers read as "not idle".
    /// </summary>
    public static async Task<long?> PendingMessagesAsync(Uri management)
    {
        using var http = Client(management);
        using var response = await http.GetAsync("api/queues/%2F?columns=name,messages");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var queues = await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? [];
        return queues.Where(q => IsServiceQueue(q.GetProperty("name").GetString()!))
            .Sum(q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
    }

    public static async Task<Dictionary<string, long>> ErrorQueueCountsAsync(Uri management)
    {
        using var http = Client(management);
        var queues = await http.GetFromJsonAsync<JsonElement[]>("api/queues/%2F?columns=name,messages") ?? [];
        return queues.Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
            .ToDictionary(q => q.GetProperty("name").GetString()!, q => q.TryGetProperty("messages", out var m) ? m.GetInt64() : 0);
    }

    public static async Task PurgeErrorQueuesAsync(Uri management)
    {
        using var http = Client(management);
        foreach (var queue in (await QueuesAsync(management)).Where(q => q.EndsWith("_error", StringComparison.Ordinal)))
        {
            using var _ = await http.DeleteAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}/contents");
        }
    }

    public static async Task SendAsync(Uri rabbit, IEnumerable<string> queues)
    {
        await using var connection = await new ConnectionFactory { Uri = rabbit }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var body = Encoding.UTF8.GetBytes("{\"messageId\": \"not-a-guid\", \"message\": {\"tenantId\": ");
        foreach (var queue in queues)
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
        }
    }

    private static async Task<List<string>> QueuesAsync(Uri management)
    {
        using var http = Client(management);
        var queues = await http.GetFromJsonAsync<JsonElement[]>("api/queues/%2F?columns=name") ?? [];
        return [.. queues.Select(q => q.GetProperty("name").GetString()!)];
    }

    private static HttpClient Client(Uri management)
    {
        var http = new HttpClient { BaseAddress = management };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }
}
