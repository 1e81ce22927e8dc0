using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Thalian.Delivery.Benchmark;

/// <summary>A webhook receiver on a loopback port that verifies every request with the StandardWebhooks package and records when it answered 2xx.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> received = new();
    private readonly WebApplication app;
    private int rejected;

    private WebhookSink(WebApplication app, string secret)
    {
        this.app = app;
        Secret = secret;
    }

    public string Secret { get; }
    public string Url => app.Urls.First() + "/hooks";
    public int Count => received.Count;

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var sink = new WebhookSink(builder.Build(), "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var verifier = new StandardWebhook(sink.Secret);
        sink.app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                verifier.Verify(body, request.Headers);
            }
            catch (WebhookVerificationException)
            {
                Interlocked.Increment(ref sink.rejected);
                return Results.BadRequest();
            }
            var committed = DateTimeOffset.FromUnixTimeMilliseconds(JsonNode.Parse(body)!["data"]!["time"]!.GetValue<long>());
            sink.received.Enqueue(new Received(request.Headers["webhook-id"].ToString(), committed, DateTimeOffset.UtcNow));
            return Results.NoContent();
        });
        await sink.app.StartAsync();
        return sink;
    }

    public void Clear() => received.Clear();

    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        if (rejected > 0)
        {
            Console.WriteLine($"[bench] the webhook receiver rejected {rejected} requests (signature)");
        }
        return [.. received];
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
