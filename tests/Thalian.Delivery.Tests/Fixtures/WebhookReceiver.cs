using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>
/// A webhook subscriber on a loopback port that verifies every delivery with the StandardWebhooks package (an
/// independent implementation) and rejects tampered, stale and replayed ones. It can be taken down and brought back
/// on the same port, or told to answer with a given status.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> seenIds = new();
    private readonly ConcurrentQueue<Delivery> accepted = new();
    private readonly ConcurrentQueue<RawRequest> raw = new();
    private WebApplication? app;
    private int port;

    public WebhookReceiver(string secret) => Secret = secret;

    /// <summary>The secret the receiver verifies with (a rotation changes it).</summary>
    public string Secret { get; set; }
    /// <summary>When set, every request is answered with this status instead of being processed.</summary>
    public HttpStatusCode? ForcedStatus { get; set; }
    public string Url => $"http://127.0.0.1:{port}/hooks";
    public IReadOnlyList<Delivery> Accepted => [.. accepted];
    public IReadOnlyList<RawRequest> Requests => [.. raw];
    private int rejected;
    public int Rejected => rejected;

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        app = builder.Build();
        app.MapPost("/hooks", HandleAsync);
        await app.StartAsync();
        port = new Uri(app.Urls.First()).Port;
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        raw.Enqueue(new RawRequest(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), body));
        if (ForcedStatus is { } status)
        {
            return Results.StatusCode((int)status);
        }
        if (!Verifies(Secret, body, request.Headers))
        {
            Interlocked.Increment(ref rejected);
            return Results.BadRequest("signature, or timestamp outside the tolerance");
        }
        var id = request.Headers["webhook-id"].ToString();
        if (!seenIds.TryAdd(id, true))
        {
            Interlocked.Increment(ref rejected);
            return Results.Conflict("replayed webhook-id");
        }
        var json = JsonNode.Parse(body)!.AsObject();
        accepted.Enqueue(new Delivery(id, json["type"]!.GetValue<string>(), json["data"]!.AsObject(), body));
        return Results.NoContent();
    }

    /// <summary>
    /// Verifies with the StandardWebhooks package. Its Verify only checks the first signature of a
    /// space-separated list, so each listed signature is offered to it on its own (the spec accepts any match).
    /// </summary>
    public static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var single = new HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value)) { ["webhook-signature"] = signature };
            try
            {
                new StandardWebhook(secret).Verify(body, single);
                return true;
            }
            catch (WebhookVerificationException)
            {
            }
        }
        return false;
    }

    /// <summary>Sends a request to the receiver as an attacker or a replaying proxy would.</summary>
    public async Task<HttpStatusCode> PostAsync(IReadOnlyDictionary<string, string> headers, string body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        foreach (var name in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
        {
            request.Headers.TryAddWithoutValidation(name, headers[name]);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public sealed record Delivery(string Id, string Type, JsonObject Data, string Body);

    public sealed record RawRequest(IReadOnlyDictionary<string, string> Headers, string Body);
}
