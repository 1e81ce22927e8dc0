using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using StandardWebhooks;
using Thalian.Delivery.Destinations.SplunkHec;
using Thalian.Delivery.Destinations.Webhook;

namespace Thalian.Delivery.Benchmark;

/// <summary>
/// The receivers' own ingest rates for the bodies the service would send, built before the clock starts and posted
/// back to back over one connection (as the service sends to one destination): what no delivery can beat.
/// </summary>
public static class Floors
{
    public static async Task<double> HecAsync(HttpClient http, Uri hec, string token, int events)
    {
        var settings = new SplunkHecSettings(hec.ToString());
        var now = DateTimeOffset.UtcNow;
        var bodies = Enumerable.Range(0, events).Chunk(100)
            .Select(chunk => string.Concat(chunk.Select(i => SplunkHecDestination.EventObject(BenchFindings.Event(i, now), settings).ToJsonString()))).ToList();
        var stopwatch = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hec, "/services/collector/event")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
        return events / stopwatch.Elapsed.TotalSeconds;
    }

    public static async Task<double> WebhookAsync(HttpClient http, WebhookSink sink, int events)
    {
        var now = DateTimeOffset.UtcNow;
        var signer = new StandardWebhook(sink.Secret);
        var requests = Enumerable.Range(0, events).Select(i => BenchFindings.Event(i, now))
            .Select(e => (Id: e.EventId.ToString(), Body: WebhookDestination.Body(e))).Select(r => (r.Id, r.Body, Signature: signer.Sign(r.Id, now, r.Body))).ToList();
        var stopwatch = Stopwatch.StartNew();
        foreach (var (id, body, signature) in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, sink.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", signature);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
        return events / stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>What the HEC emulator indexed: each event's commit time (HEC "time") and when it was received.</summary>
public static class HecReceived
{
    public static async Task<IReadOnlyList<Received>> WaitForAsync(HttpClient http, Uri hec, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var served = await http.GetFromJsonAsync<List<Served>>(new Uri(hec, "/_emulator/requests"));
            if (served!.Where(s => s.Status == 200).Sum(s => s.Events) >= count)
            {
                break;
            }
            await Task.Delay(250);
        }
        var indexed = await http.GetFromJsonAsync<List<Indexed>>(new Uri(hec, "/_emulator/events"));
        return [.. indexed!.Select(e => new Received(e.Event.GetProperty("metadata").GetProperty("uid").GetString()!, e.Time!.Value, e.ReceivedAt))];
    }

    private sealed record Served(int Status, int Events);

    private sealed record Indexed(DateTimeOffset? Time, System.Text.Json.JsonElement Event, DateTimeOffset ReceivedAt);
}
